import { StreamEntry } from '../document';
import { clusterOf } from '../workspace';
import { WorkspaceRule } from './types';

export const mirrorSameCluster: WorkspaceRule = {
  id: 'mirror-same-cluster',
  severity: 'warning',
  scope: 'workspace',
  title: 'Copy in the same cluster',
  anchor: '`placement` of the copy',
  explanation:
    'A mirror or source copy is placed in the same cluster as the stream it copies. It protects ' +
    'against mistakes in one stream, but not against losing the cluster: both copies go together. ' +
    'For disaster recovery, place the copy in a cluster in another region.',
  check(workspace, report) {
    const byCopy = new Map<StreamEntry, string[]>();
    for (const link of workspace.links) {
      if (link.origin === link.copy) continue;
      const cluster = clusterOf(link.copy);
      if (!cluster || cluster !== clusterOf(link.origin)) continue;
      const list = byCopy.get(link.copy) ?? [];
      if (!list.includes(link.origin.label)) list.push(link.origin.label);
      byCopy.set(link.copy, list);
    }
    for (const [copy, origins] of byCopy) {
      report(copy, {
        span: copy.keySpan('placement'),
        message: `${copy.label} copies ${origins.join(', ')} inside the same cluster ${clusterOf(copy)}: no copy survives losing that cluster`,
      });
    }
  },
};
