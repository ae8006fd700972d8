import { checkTransform, subjectInfo } from '../subjectTransform';
import { subjectProblem, subjectsOverlap } from '../subjects';
import { versionAtLeast } from '../serverVersion';
import { StreamEntry } from '../document';
import { Span } from '../lineIndex';
import { nodeSpan } from './fixes';
import { StreamRule } from './types';

/** The subjects the server checks a republish against: the stream's, or its name when it has none and copies nothing. */
function storedSubjects(stream: StreamEntry): string[] {
  const { subjects, mirror, sources, name } = stream.config;
  const given = subjects.length > 0 ? subjects : mirror === undefined && sources.length === 0 && name ? [name] : [];
  return given.filter((s) => subjectProblem(s) === undefined);
}

/** The key `key` inside `republish`, else the `republish` key. */
function republishSpan(stream: StreamEntry, key: 'src' | 'dest'): Span {
  const tree = stream.document.tree;
  const found = tree.findKey(stream.valueNode('republish'), key);
  return found >= 0 ? nodeSpan(tree, found) : stream.keySpan('republish');
}

export const republishInvalid: StreamRule = {
  id: 'republish-invalid',
  severity: 'error',
  scope: 'stream',
  title: 'Republish the server refuses',
  anchor: '`dest` (or `src`) in `republish`',
  reads: ['republish', 'subjects', 'name', 'mirror', 'sources', 'subject_transform'],
  serverCheck: {
    error: '10052 "stream configuration for republish destination forms a cycle", "stream configuration for republish … not valid" or (2.9) "stream configuration for republish source is not valid subset of subjects"',
    since: '2.9',
  },
  explanation:
    '`republish` sends each stored message on to `dest`. The server refuses it when `dest` overlaps ' +
    "the stream's own subjects (the stream would store what it republishes, for ever), when `src` " +
    "(default `>`) or `dest` is not a valid subject, when `dest` holds a `*` (refer to the source's " +
    'wildcards as `$1` or `{{wildcard(1)}}`), when only one of them ends in `>`, or when `dest` ' +
    'refers to a wildcard `src` does not have. nats-server 2.9 also wants `src` to overlap the ' +
    "stream's subjects and every `*` of `src` used in `dest`. The checks follow the server version " +
    '(`natsWorkbench.serverVersion`, `--server-version`; else the newest).',
  check(stream, report, context) {
    const republish = stream.config.republish;
    if (!republish) return;
    const modern = versionAtLeast(context.serverVersion, 2, 10);
    const src = republish.src ? republish.src : '>';
    const dest = republish.dest ?? '';
    const subjects = storedSubjects(stream);
    const srcValid = subjectInfo(src).valid;
    if (!modern && srcValid && !subjects.some((s) => subjectsOverlap(src, s))) {
      const what = subjects.length ? `none of the stream's subjects (${subjects.map((s) => JSON.stringify(s)).join(', ')})` : 'no subject: the stream has none of its own';
      report({ span: republishSpan(stream, 'src'), message: `republish.src ${JSON.stringify(src)} matches ${what}: nats-server 2.9 refuses it` });
      return;
    }
    // From 2.10 a `>` to `>` republish on a stream with a subject transform follows the transform.
    const cycleExempt = modern && stream.config.subject_transform !== undefined;
    const loop = !cycleExempt && subjectInfo(dest).valid ? subjects.find((s) => subjectsOverlap(dest, s)) : undefined;
    if (loop !== undefined) {
      report({ span: republishSpan(stream, 'dest'), message: `republish.dest ${JSON.stringify(dest)} overlaps the stream's subject ${JSON.stringify(loop)}: the stream would store what it republishes (a cycle)` });
      return;
    }
    const verdict = checkTransform(src, dest, modern);
    if (verdict.ok === false) report({ span: republishSpan(stream, srcValid ? 'dest' : 'src'), message: `republish is not valid: ${verdict.why}` });
  },
};
