/**
 * The bridge from what a connection sees (`ClusterTopology`) to what the stream config analysis's
 * live rules check against (`Topology` of src/core/streams). It never guesses: what the connection
 * cannot see becomes `unknown` with the reason, or a `partial` topology when only the connected
 * cluster's JetStream server count is known.
 */
import type { ServerReport, Topology } from '../streams/topology';
import { topologyFromServers } from '../streams/topology';
import { ClusterTopology, jetStreamServerCount } from './topology';

function report(server: ClusterTopology['servers'][number]): ServerReport {
  const out: ServerReport = { name: server.name, tags: server.tags ?? [], jetstream: server.jetstream !== false };
  if (server.cluster) out.cluster = server.cluster;
  return out;
}

/** The topology the live rules use, from what a connection could see. */
export function analysisTopology(t: ClusterTopology): Topology {
  const defaultCluster = t.connectedServer.cluster;
  if (t.known) {
    // Servers down still belong to their cluster (named, or numbered when only the meta group's size tells).
    const down = (t.down ?? []).filter((d) => d.cluster !== undefined);
    let unnamed = 0;
    const missing = down.map((d): ServerReport => ({ name: d.name ?? `(unnamed server ${++unnamed}, down)`, cluster: d.cluster, tags: [], jetstream: true, down: true }));
    return topologyFromServers([...t.servers.map(report), ...missing], defaultCluster);
  }
  const count = jetStreamServerCount(t);
  if (!t.clustered || !defaultCluster || !count.known) {
    return { kind: 'unknown', reason: t.why ?? (count.known ? 'the servers are not known' : count.why) };
  }
  // Only the number of JetStream servers in the connected cluster is known: the servers described
  // (by the monitoring endpoint) and placeholders for the others, whose names and tags are unknown.
  const seen = t.servers.filter((s) => s.cluster === defaultCluster && s.jetstream !== false).slice(0, count.value);
  const servers = seen.map((s) => ({ name: s.name, tags: [], jetstream: true }));
  for (let i = servers.length; i < count.value; i++) servers.push({ name: `(server ${i + 1} of ${count.value})`, tags: [], jetstream: true });
  return { kind: 'clustered', clusters: [{ name: defaultCluster, servers }], defaultCluster, partial: t.why ?? 'the other servers are not described' };
}
