import { StreamSource } from '../config';
import { removeElement } from '../edits';
import { nodeSpan } from './fixes';
import { StreamRule } from './types';

function identity(source: StreamSource): string {
  return JSON.stringify([source.name ?? '', source.filter_subject ?? '', source.external?.api ?? '', source.subject_transforms ?? []]);
}

export const duplicateSource: StreamRule = {
  id: 'duplicate-source',
  severity: 'error',
  scope: 'stream',
  title: 'Duplicate source',
  anchor: 'the second of the equal `sources` entries',
  reads: ['sources'],
  serverCheck: { error: '10140 "duplicate source configuration detected"', since: '2.10.0' },
  explanation:
    'Two `sources` entries copy the same stream with the same filter and API prefix, so every ' +
    'message would be copied twice. Servers from 2.10 refuse the configuration; 2.9 accepts it ' +
    'silently. Remove the repeated entry.',
  check(stream, report) {
    const { sources } = stream.config;
    if (sources.length < 2) return;
    const tree = stream.document.tree;
    const arr = stream.valueNode('sources');
    const items = tree.children(arr);
    const seen = new Map<string, number>();
    sources.forEach((source, i) => {
      if (!source) return;
      const id = identity(source);
      const first = seen.get(id);
      if (first === undefined) {
        seen.set(id, i);
        return;
      }
      const edit = removeElement(tree, arr, items[i]);
      report({
        span: nodeSpan(tree, items[i]),
        message: `sources[${i}] repeats sources[${first}] (${JSON.stringify(source.name ?? '')}${source.filter_subject ? `, filter ${source.filter_subject}` : ''})`,
        fixes: edit ? [{ title: 'Remove the repeated source', edits: [edit], preferred: true }] : [],
      });
    });
  },
};
