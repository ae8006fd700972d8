import { streamOf } from '../consumers/fixes';
import { subjectProblem, subjectsOverlap } from '../subjects';
import { ConsumerRule } from './types';

export const consumerFilterOutsideStream: ConsumerRule = {
  id: 'consumer-filter-outside-stream',
  severity: 'error',
  scope: 'consumer',
  title: "Filter outside the stream's subjects",
  anchor: '`filter_subject`',
  serverCheck: { error: '10093 "consumer filter subject is not a valid subset of the interest subjects"' },
  explanation:
    "A consumer's `filter_subject` must select messages the stream can hold: it must match some " +
    "subject of the stream's `subjects` (a wider filter such as `>` is fine). The server refuses a " +
    'filter that matches none of them, and one that is no valid subject (an empty token, whitespace, `>` not last) ' +
    'whatever the stream. The rest is checked when the stream ' +
    'named by `stream_name` is defined in the workspace and has subjects of its own (not a mirror ' +
    'or a stream of sources).',
  check(consumer, workspace, report) {
    const filter = consumer.config.filter_subject;
    if (typeof filter !== 'string' || filter === '') return;
    const stream = streamOf(consumer, workspace);
    const problem = subjectProblem(filter);
    if (problem) {
      // Any stream refuses it, but one that copies from another domain or account (the server does not check those filters).
      const external = stream && (stream.config.mirror?.external !== undefined || stream.config.sources.some((s) => s?.external !== undefined));
      if (!external) report({ span: consumer.keySpan('filter_subject'), message: `filter_subject ${JSON.stringify(filter)} ${problem}: it matches nothing the stream holds` });
      return;
    }
    if (!stream || stream.hasInvalid(['subjects', 'mirror', 'sources'])) return;
    const { subjects, mirror, sources } = stream.config;
    if (subjects.length === 0 || mirror || sources.length > 0) return;
    if (subjects.some((s) => subjectsOverlap(filter, s))) return;
    report({ span: consumer.keySpan('filter_subject'), message: `filter_subject ${JSON.stringify(filter)} matches none of the subjects of ${stream.label} (${subjects.join(', ')})` });
  },
};
