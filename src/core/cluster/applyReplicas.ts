/**
 * What lowering a stream's `num_replicas` gives up, said before the update. nats-server 2.9.10
 * (`jsClusteredStreamUpdateRequest`, scaling down) keeps the current leader and fills the other
 * places with online peers in the group's own order; the peers left out stop being part of the
 * stream and delete their copy of it. The stream loses fault tolerance (R3 survives one server
 * failure, R1 none); no message is deleted, and raising `num_replicas` again copies the stream
 * back from the leader onto new peers.
 */
import { failuresSurvived, quorum } from '../streams/config';
import { survivesText } from '../streams/format';
import { displayText } from '../trust/quote';
import { RawClusterInfo, replicaStatuses } from './streamHealth';
import { StreamConfigDoc, effectiveValue } from './streamConfig';

export interface ReplicaReduction {
  from: number;
  to: number;
  /** The stream's leader when the plan was made (the server keeps the leader at the update). */
  leader?: string;
  /** Every peer when the plan was made, the leader first. */
  peers: string[];
  /** Peers whose copy is kept for sure: the leader. */
  kept: string[];
  /** Peers whose copy is deleted for sure: every follower when only the leader stays. */
  dropped: string[];
  /** The first line for a confirmation. */
  summary: string;
  /** The details, one per line. */
  lines: string[];
}

function replicasOf(config: StreamConfigDoc): number {
  const v = effectiveValue(config, 'num_replicas');
  return typeof v === 'number' && Number.isSafeInteger(v) && v > 0 ? v : 1;
}

const list = (names: readonly string[]): string => names.map(displayText).join(', ');

/**
 * The consequences of updating `live` to `desired` when `num_replicas` goes down; undefined when it
 * does not. `cluster` is the live `STREAM.INFO` reply's cluster block; server names in the lines
 * are shown by displayText.
 */
export function predictReplicaReduction(live: StreamConfigDoc, desired: StreamConfigDoc, cluster: RawClusterInfo | undefined): ReplicaReduction | undefined {
  const from = replicasOf(live);
  const to = replicasOf(desired);
  if (to >= from) return undefined;
  const peers = replicaStatuses(cluster).map((p) => p.name);
  const leader = cluster?.leader || undefined;
  const followers = peers.filter((p) => p !== leader);
  const kept = leader ? [leader] : [];
  const dropped = leader && to === 1 ? followers : [];
  const before = failuresSurvived(from);
  const after = failuresSurvived(to);
  const change = `num_replicas ${from} → ${to}`;
  const tolerance = `${survivesText(before)} → ${survivesText(after)}`;
  const summary = `Removes ${from - to === 1 ? 'a replica' : `${from - to} replicas`} (${change}): the stream then ${survivesText(after)} (now it ${survivesText(before)}).`;
  const lines = [
    `${change}: fault tolerance ${tolerance} (quorum ${quorum(to)} of ${to} instead of ${quorum(from)} of ${from}).`,
  ];
  if (leader && to === 1) {
    lines.push(`Kept: the leader's copy (${displayText(leader)} now). Deleted: the copies on ${list(followers)}, which stop holding the stream. If another server leads by the time of the update, the server keeps its copy instead.`);
  } else if (leader) {
    lines.push(
      `Kept: the leader's copy (${displayText(leader)} now) and those of ${to - 1} of ${list(followers)} (online peers, in the server's order). ` +
        `Deleted: the copies on the other ${from - to === 1 ? 'one' : from - to}, which stop holding the stream.`,
    );
  } else {
    lines.push(`The server keeps the copy of the stream's leader at the time of the update and deletes those of ${from - to} other ${from - to === 1 ? 'peer' : 'peers'}${peers.length ? ` (of ${list(peers)})` : ''}; no leader was reported now.`);
  }
  lines.push('No message is deleted; raising num_replicas again copies the stream back from the leader.');
  const reduction: ReplicaReduction = { from, to, peers, kept, dropped, summary, lines };
  if (leader) reduction.leader = leader;
  return reduction;
}
