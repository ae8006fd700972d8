import { replicaCount } from '../config';
import { ServerVersion, versionAtLeast, versionText } from '../serverVersion';
import { isSubsetMatch, subjectProblem, subjectsOverlap } from '../subjects';
import { nodeSpan } from './fixes';
import { StreamRule } from './types';

/**
 * How nats-server (stream.go, checkStreamCfg) guards its own subjects, by version:
 * - before 2.10.17: a subject inside `$JS.API.>` is refused, `no_ack` or not;
 * - 2.10.17 to 2.10.27, 2.11.0 and 2.11.1: without `no_ack`, `>` and subjects inside `$JS.>`,
 *   `$JSC.>` or `$SYS.>` are refused (`$JS.EVENT.>` and `$SYS.ACCOUNT.>` excepted); `>` also needs R1;
 * - from 2.10.28 and 2.11.2: the same for any subject that overlaps them (`*.*.>` overlaps `$JS.>`),
 *   and `$NRG.>` joins them.
 */
type Generation = 'api-only' | 'inside' | 'overlapping';

function generation(version: ServerVersion | undefined): Generation {
  if (!versionAtLeast(version, 2, 10, 17)) return 'api-only';
  if (versionAtLeast(version, 2, 11, 2) || (version!.major === 2 && version!.minor === 10 && version!.patch >= 28)) return 'overlapping';
  return 'inside';
}

const JETSTREAM = ['$JS.>', '$JSC.>'];
const JETSTREAM_NOW = ['$JS.>', '$JSC.>', '$NRG.>'];

/** Why the server refuses `subject` for this stream, or undefined. */
function reservedProblem(subject: string, noAck: boolean, replicas: number, gen: Generation): string | undefined {
  if (gen === 'api-only') return isSubsetMatch(subject, '$JS.API.>') ? 'is inside the JetStream API ($JS.API.>)' : undefined;
  if (subject === '>') {
    if (!noAck) return 'captures every subject, which the server allows only with "no_ack": true (and one replica)';
    return replicas !== 1 ? 'captures every subject, which the server allows only with one replica' : undefined;
  }
  if (noAck) return undefined;
  // Only subjects starting with `$`, `*` or `>` can reach these namespaces.
  const c = subject.charCodeAt(0);
  if (c !== 36 && c !== 42 && c !== 62) return undefined;
  const hits = gen === 'overlapping' ? subjectsOverlap : isSubsetMatch;
  const verb = gen === 'overlapping' ? 'overlaps' : 'is inside';
  for (const space of gen === 'overlapping' ? JETSTREAM_NOW : JETSTREAM) {
    if (hits(subject, space) && !isSubsetMatch(subject, '$JS.EVENT.>')) return `${verb} the JetStream API (${space}), which the server allows only with "no_ack": true`;
  }
  if (hits(subject, '$SYS.>') && !isSubsetMatch(subject, '$SYS.ACCOUNT.>')) return `${verb} the system account's subjects ($SYS.>), which the server allows only with "no_ack": true`;
  return undefined;
}

export const reservedSubject: StreamRule = {
  id: 'reserved-subject',
  severity: 'error',
  scope: 'stream',
  title: 'Subject reserved by the server',
  anchor: 'the subject in `subjects`',
  reads: ['subjects', 'no_ack', 'num_replicas'],
  serverCheck: {
    error:
      '10052 "subjects overlap with jetstream api" (before 2.10.17), "subjects that overlap with jetstream api require no-ack to be true", ' +
      '"subjects that overlap with system api require no-ack to be true" or "capturing all subjects requires no-ack to be true" (from 2.10.17)',
  },
  explanation:
    'The server keeps its own subjects out of streams, and how strictly depends on its version ' +
    '(`natsWorkbench.serverVersion`, `--server-version`; the connected server\'s when there is one; ' +
    'else the newest). Before 2.10.17 only subjects inside the JetStream API (`$JS.API.>`) are ' +
    'refused. From 2.10.17 (and 2.11), a stream that acknowledges publishes may not capture `>` nor ' +
    'take subjects in `$JS.>`, `$JSC.>` or `$SYS.>` (`$JS.EVENT.>` and `$SYS.ACCOUNT.>` are allowed); ' +
    'from 2.10.28 and 2.11.2 not even subjects that overlap them (`*.*.>`), nor `$NRG.>`. With ' +
    '`"no_ack": true` these are allowed (`>` only with one replica). Use your own subject space ' +
    'instead, e.g. `orders.>`.',
  check(stream, report, context) {
    const { subjects, no_ack: noAck } = stream.config;
    if (subjects.length === 0) return;
    const gen = generation(context.serverVersion);
    const replicas = replicaCount(stream.config);
    let items: number[] | undefined;
    for (let i = 0; i < subjects.length; i++) {
      const subject = subjects[i];
      if (subjectProblem(subject) !== undefined) continue;
      const problem = reservedProblem(subject, noAck, replicas, gen);
      if (!problem) continue;
      items ??= stream.document.tree.children(stream.valueNode('subjects'));
      const rules = gen === 'api-only' ? ' (servers before 2.10.17)' : context.serverVersion ? ` (server ${versionText(context.serverVersion)})` : '';
      report({ span: nodeSpan(stream.document.tree, items[i]), message: `The subject ${JSON.stringify(subject)} ${problem}${rules}` });
    }
  },
};
