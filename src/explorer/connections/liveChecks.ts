/**
 * Live checks: while a connection is active, the stream config analysis gets the topology that
 * connection sees, so diagnostics add the live rules (replicas-standalone, replicas-exceed-cluster,
 * placement-unmatched). When the topology cannot be known the analysis gets `unknown` with the
 * reason (the rules then stay silent rather than guess); on disconnect the live findings go away.
 */
import * as vscode from 'vscode';
import { analysisTopology } from '../../core/cluster';
import { Topology, describeTopology, topologyLabel } from '../../core/streams';
import { ActiveConnection, ConnectionManager } from './connectionManager';

/** The part of the stream analysis service the live checks use. */
export interface TopologySink {
  setTopology(scope: vscode.Uri | undefined, topology: Topology | undefined): void;
  /** The connected server's version (undefined without a connection): version-aware rules follow it. */
  setServerVersion(version: string | undefined): void;
}

/** The topology the live rules should use for the active connection; undefined without one. */
export function liveTopology(active: ActiveConnection | undefined): Topology | undefined {
  if (!active) return undefined;
  const name = active.profile.name;
  if (active.state !== 'connected') return { kind: 'unknown', reason: `connection ${name} is ${active.state}` };
  if (active.topology) return analysisTopology(active.topology);
  if (active.topologyFailure) return { kind: 'unknown', reason: `the servers behind ${name} could not be read (${active.topologyFailure.message})` };
  return { kind: 'unknown', reason: `reading the servers behind ${name}` };
}

/** One line for the log and the tree row's tooltip: what the live checks check against, or why they are off. */
export function liveChecksText(topology: Topology | undefined): string {
  if (!topology) return 'Live checks off: no active connection';
  if (topology.kind === 'unknown') return `Live checks off: ${topology.reason ?? 'the servers are not known'}`;
  return `Live checks against ${describeTopology(topology)}`;
}

/**
 * The tree row, short enough for a narrow sidebar: `Live checks: 3 servers` with `cluster c1` as
 * its description (cut first), or `Live checks off` with why; liveChecksText is its tooltip.
 */
export function liveChecksRow(topology: Topology | undefined): { label: string; description?: string } {
  if (!topology) return { label: 'Live checks off', description: 'no active connection' };
  if (topology.kind === 'unknown') return { label: 'Live checks off', description: topology.reason ?? 'the servers are not known' };
  const { servers, where } = topologyLabel(topology);
  return { label: `Live checks: ${servers}`, description: where };
}

export class LiveChecks implements vscode.Disposable {
  private readonly subscription: vscode.Disposable;
  private lastText = '';

  constructor(
    private readonly manager: ConnectionManager,
    private readonly sink: TopologySink,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.subscription = manager.onDidChange((change) => change.kind !== 'profiles' && this.update());
    this.update();
  }

  /** The topology given to the analysis now. */
  get topology(): Topology | undefined {
    return liveTopology(this.manager.active);
  }

  private update(): void {
    const topology = this.topology;
    const active = this.manager.active;
    this.sink.setServerVersion(active?.state === 'connected' ? active.connection?.server?.version : undefined);
    this.sink.setTopology(undefined, topology);
    const text = liveChecksText(topology);
    if (text !== this.lastText && (topology !== undefined || this.lastText !== '')) this.log.info(text);
    this.lastText = text;
  }

  dispose(): void {
    this.subscription.dispose();
  }
}
