/** What the live rules share: the clusters a stream may be placed in. */
import { StreamEntry } from '../document';
import { KnownTopology, TopologyCluster } from '../topology';

/**
 * The clusters the server would try: the named `placement.cluster`, else every cluster (the
 * connected one first). Undefined when the named cluster does not exist or the server is standalone.
 */
export function candidateClusters(stream: StreamEntry, topology: KnownTopology): TopologyCluster[] | undefined {
  if (topology.kind !== 'clustered') return undefined;
  const named = stream.config.placement?.cluster;
  if (named) {
    const found = topology.clusters.find((c) => c.name === named);
    return found ? [found] : undefined;
  }
  return topology.clusters;
}

/** The largest odd replica count not above `servers` (at least 1). */
export function largestOddReplicas(servers: number): number {
  return Math.max(1, servers % 2 === 1 ? servers : servers - 1);
}
