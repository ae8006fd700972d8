/**
 * A JetStream cluster in operator mode with a full resolver on every node: accounts pushed on
 * `$SYS.REQ.CLAIMS.UPDATE` are stored by each server. Nodes bind 127.0.0.1 on free ports and are
 * stopped by PID, as every server of natsServer.ts.
 */
import { Cluster, ClusterOptions, operatorConfig, startCluster } from './natsServer';

export interface OperatorClusterOptions extends Omit<ClusterOptions, 'nodeConfig'> {
  /** The operator JWT (encoded). */
  operatorJwt: string;
  /** Public key of the system account. */
  systemAccount: string;
  /** Account public key -> account JWT, in every node's resolver folder at start (the system account's at least). */
  preload?: Record<string, string>;
}

/** `size` nodes (default 3) of one cluster, each with its own full resolver, ready when the meta group has a leader. */
export function startOperatorCluster(opts: OperatorClusterOptions): Promise<Cluster> {
  const { operatorJwt, systemAccount, preload, ...cluster } = opts;
  return startCluster({ name: 'opc', ...cluster, nodeConfig: ({ dir }) => operatorConfig({ operatorJwt, systemAccount, resolver: 'full', preload }, dir) });
}
