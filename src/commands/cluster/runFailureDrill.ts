/**
 * NATS: Run Failure Drill, and "What If I Lose This?" on the Connections view's nodes. Predicts what
 * losing servers or clusters of the active connection does to every stream, KV bucket and object
 * store and to the meta group, and shows it as one page. Argument: a stream node (its cluster, or
 * its servers when the server names no cluster), a replica node (its server), a connection node, or
 * `{ connection?, servers?, clusters?, mode? }` (mode `outage` or `loss`). Asks for what is missing.
 * Resolves to `{ ok, uri, meta, assets, lost, mode }` (`meta` and `assets` as the CLI's JSON).
 */
import * as vscode from 'vscode';
import { DrillError, DrillMode, DrillTarget, DrillTopology, drillJson, readDrillTopology, runDrill } from '../../core/cluster';
import { plural } from '../../core/plural';
import { ConnectionNode } from '../../explorer/connections/connectionNode';
import { ReplicaNode } from '../../explorer/connections/replicaNode';
import { StreamNode } from '../../explorer/connections/streamNode';
import { DrillPageProvider } from './drillPage';
import { pickOne } from '../trust/prompts';
import type { ClusterContext } from './context';
import { Cancelled, CommandError, CommandResult, argObject, stringArg, withCancellableProgress } from './run';
import { requireConnection } from './targets';

/** The drill pages; registered with the page panels once (see index.ts). */
export const drillPages = new DrillPageProvider();

function stringList(args: Record<string, unknown>, key: string): string[] | undefined {
  const value = args[key];
  if (value === undefined || value === null) return undefined;
  const list = typeof value === 'string' ? value.split(',') : value;
  if (!Array.isArray(list) || !list.every((v): v is string => typeof v === 'string')) throw new CommandError(`The argument "${key}" must be a list of names, not ${JSON.stringify(value)}.`);
  return list.map((v) => v.trim()).filter(Boolean);
}

interface Request {
  connection?: string;
  target: DrillTarget;
  mode?: DrillMode;
}

function requestOf(arg: unknown): Request {
  if (arg instanceof ReplicaNode) return { target: { servers: [arg.peer.name] } };
  if (arg instanceof StreamNode) {
    const s = arg.summary;
    return { target: s.cluster ? { clusters: [s.cluster] } : { servers: s.peers.map((p) => p.name) } };
  }
  if (arg instanceof ConnectionNode) return { connection: arg.profile.name, target: {} };
  const args = argObject(arg);
  const mode = stringArg(args, 'mode');
  if (mode !== undefined && mode !== 'outage' && mode !== 'loss') throw new CommandError(`The argument "mode" must be "outage" or "loss", not ${JSON.stringify(mode)}.`);
  const servers = stringList(args, 'servers');
  const clusters = stringList(args, 'clusters');
  return { connection: stringArg(args, 'connection'), target: { ...(servers ? { servers } : {}), ...(clusters ? { clusters } : {}) }, ...(mode ? { mode } : {}) };
}

/** The servers and clusters to take away, picked (several at once). */
async function pickTarget(topology: DrillTopology): Promise<DrillTarget> {
  type Item = vscode.QuickPickItem & { cluster?: string; server?: string };
  const clusters = [...new Set(topology.servers.map((s) => s.cluster).filter((c): c is string => c !== undefined))].sort();
  const items: Item[] = [];
  if (clusters.length) items.push({ label: 'Clusters', kind: vscode.QuickPickItemKind.Separator });
  for (const c of clusters) {
    const members = topology.servers.filter((s) => s.cluster === c).map((s) => s.name);
    items.push({ label: `$(server-environment) ${c}`, description: `cluster: ${plural(members.length, 'server')}`, detail: members.join(', '), cluster: c });
  }
  items.push({ label: 'Servers', kind: vscode.QuickPickItemKind.Separator });
  for (const s of topology.servers) {
    const replicas = topology.streams.filter((x) => x.peers.includes(s.name)).length;
    items.push({ label: `$(server) ${s.name}`, description: `${s.cluster ? `${s.cluster} · ` : ''}${plural(replicas, 'replica')}`, server: s.name });
  }
  const picked = await vscode.window.showQuickPick(items, { canPickMany: true, title: 'Run Failure Drill', placeHolder: 'Which servers or clusters to lose?' });
  if (!picked || picked.length === 0) throw new Cancelled();
  return { servers: picked.flatMap((i) => (i.server ? [i.server] : [])), clusters: picked.flatMap((i) => (i.cluster ? [i.cluster] : [])) };
}

function pickMode(): Promise<DrillMode> {
  return pickOne<DrillMode>(
    [
      { label: 'Outage', description: 'the servers come back with their disks', detail: 'File data survives; memory data is lost only when every replica was down.', value: 'outage' },
      { label: 'Loss', description: 'the servers and their disks are gone', detail: 'Data survives only where a replica remains.', value: 'loss' },
    ],
    'What kind of failure?',
  );
}

export async function runFailureDrillCommand(ctx: ClusterContext, arg: unknown): Promise<CommandResult> {
  const request = requestOf(arg);
  const active = await requireConnection(ctx, request.connection);
  const conn = active.connection;
  if (!conn) throw new CommandError(`The connection ${active.profile.name} is not open.`, 'disconnected');
  const live = await withCancellableProgress(`Reading the servers and streams of ${active.profile.name}`, (signal) => readDrillTopology(conn, { signal }));
  const hasTarget = (request.target.servers?.length ?? 0) + (request.target.clusters?.length ?? 0) > 0;
  const target = hasTarget ? request.target : await pickTarget(live.topology);
  const mode = request.mode ?? (await pickMode());
  let result;
  try {
    result = runDrill(live.topology, target, mode);
  } catch (e) {
    if (e instanceof DrillError) throw new CommandError(`Failure drill on ${active.profile.name}: ${e.message}.`, 'not-found');
    throw e;
  }
  const uri = drillPages.add(active.profile.name, result, live.notes);
  await ctx.services.pages.show(uri);
  ctx.log.info(`Failure drill on ${active.profile.name}: losing ${result.lost.join(', ')} (${mode}): ${result.assets.filter((a) => !a.available).length} of ${result.assets.length} assets unavailable; meta group ${result.meta.available ? 'keeps' : 'loses'} its quorum`);
  return { ok: true, uri: uri.toString(), ...drillJson(result), lost: result.lost, mode };
}
