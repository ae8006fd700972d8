/**
 * NATS: Run Failure Drill, and "What If I Lose This?" on the Connections view's nodes. Predicts what
 * losing servers or clusters of the active connection does to every stream, KV bucket and object
 * store and to the meta group, and shows it as one page. Argument: a stream node (its cluster, or
 * its servers when the server names no cluster), a replica node (its server), a connection node, or
 * `{ connection?, servers?, clusters?, mode?, source? }` (mode `outage` or `loss`; source `live`, the
 * connection's streams, or `files`, the workspace's stream config files on the connection's clusters
 * when one is open, else on clusters as large as the files ask). Asks for what is missing (the source
 * only when nothing else is given). Resolves to `{ ok, uri, meta, assets, lost, mode, source }`
 * (`meta` and `assets` as the CLI's JSON).
 */
import * as vscode from 'vscode';
import { DrillError, DrillMode, DrillTarget, DrillTopology, drillJson, readDrillTopology, runDrill } from '../../core/cluster';
import { plural } from '../../core/plural';
import { ConnectionNode } from '../../explorer/connections/connectionNode';
import { ReplicaNode } from '../../explorer/connections/replicaNode';
import { StreamNode } from '../../explorer/connections/streamNode';
import { FileDrillClusters, drillTopologyFromFiles, fileDrillClustersFrom, worstCasePlacement } from '../../core/drmap';
import { streamAnalysis } from '../../editor/streamAnalysisService';
import { workspaceDrMap } from '../dr/drMapFeed';
import { DrillPageProvider } from './drillPage';
import { pickOne } from '../trust/prompts';
import type { ClusterContext } from './context';
import { Cancelled, CommandError, CommandResult, argObject, stringArg, withCancellableProgress } from './run';
import { requireConnection } from './targets';
import { pickLabel } from '../../core/trust/quote';

/** The drill pages; registered with the page panels once (see index.ts). */
export const drillPages = new DrillPageProvider();

function stringList(args: Record<string, unknown>, key: string): string[] | undefined {
  const value = args[key];
  if (value === undefined || value === null) return undefined;
  const list = typeof value === 'string' ? value.split(',') : value;
  if (!Array.isArray(list) || !list.every((v): v is string => typeof v === 'string')) throw new CommandError(`The argument "${key}" must be a list of names, not ${JSON.stringify(value)}.`);
  return list.map((v) => v.trim()).filter(Boolean);
}

type DrillSource = 'live' | 'files';

interface Request {
  connection?: string;
  target: DrillTarget;
  mode?: DrillMode;
  source?: DrillSource;
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
  const source = stringArg(args, 'source');
  if (source !== undefined && source !== 'live' && source !== 'files') throw new CommandError(`The argument "source" must be "live" or "files", not ${JSON.stringify(source)}.`);
  const servers = stringList(args, 'servers');
  const clusters = stringList(args, 'clusters');
  return { connection: stringArg(args, 'connection'), target: { ...(servers ? { servers } : {}), ...(clusters ? { clusters } : {}) }, ...(mode ? { mode } : {}), ...(source ? { source } : {}) };
}

/** The servers and clusters to take away, picked (several at once). */
async function pickTarget(topology: DrillTopology): Promise<DrillTarget> {
  type Item = vscode.QuickPickItem & { cluster?: string; server?: string };
  const clusters = [...new Set(topology.servers.map((s) => s.cluster).filter((c): c is string => c !== undefined))].sort();
  const items: Item[] = [];
  if (clusters.length) items.push({ label: 'Clusters', kind: vscode.QuickPickItemKind.Separator });
  for (const c of clusters) {
    const members = topology.servers.filter((s) => s.cluster === c).map((s) => s.name);
    items.push({ label: `$(server-environment) ${pickLabel(c)}`, description: `cluster: ${plural(members.length, 'server')}`, detail: pickLabel(members.join(', '), 1000), cluster: c });
  }
  items.push({ label: 'Servers', kind: vscode.QuickPickItemKind.Separator });
  for (const s of topology.servers) {
    const replicas = topology.streams.filter((x) => x.peers.includes(s.name)).length;
    items.push({ label: `$(server) ${pickLabel(s.name)}`, description: `${s.cluster ? `${pickLabel(s.cluster)} · ` : ''}${plural(replicas, 'replica')}`, server: s.name });
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

function pickSource(): Promise<DrillSource> {
  return pickOne<DrillSource>(
    [
      { label: 'Live streams', description: 'the streams of the connection', detail: 'Where each replica lives, as the servers report it.', value: 'live' },
      { label: 'Workspace stream files', description: 'the stream configs of the workspace', detail: 'Placed as their placement.cluster asks, on the connection’s clusters (or clusters as large as the files ask).', value: 'files' },
    ],
    'Drill over which streams?',
  );
}

interface Drillable {
  /** Who the page names. */
  label: string;
  topology: DrillTopology;
  notes: string[];
  /** The topology to drill for a target (the files' replicas on the lost servers first). */
  place(target: DrillTarget): DrillTopology;
}

async function liveDrillable(ctx: ClusterContext, request: Request): Promise<Drillable> {
  const active = await requireConnection(ctx, request.connection);
  const conn = active.connection;
  if (!conn) throw new CommandError(`The connection ${active.profile.name} is not open.`, 'disconnected');
  const live = await withCancellableProgress(`Reading the servers and streams of ${active.profile.name}`, (signal) => readDrillTopology(conn, { signal }));
  return { label: active.profile.name, ...live, place: () => live.topology };
}

/** The workspace's stream files on the clusters of the named or open connection, else on clusters sized by the files. */
async function filesDrillable(ctx: ClusterContext, request: Request): Promise<Drillable> {
  const map = await workspaceDrMap(streamAnalysis(ctx.services));
  const open = ctx.manager.active;
  const active = request.connection !== undefined ? await requireConnection(ctx, request.connection) : open?.state === 'connected' && open.connection ? open : undefined;
  let clusters: FileDrillClusters = {};
  const notes: string[] = [];
  if (active?.connection) {
    const conn = active.connection;
    const live = await withCancellableProgress(`Reading the servers of ${active.profile.name}`, (signal) => readDrillTopology(conn, { signal }));
    const from = fileDrillClustersFrom(live, conn.server?.cluster);
    clusters = from.clusters;
    notes.push(...from.notes);
  }
  const files = drillTopologyFromFiles(map, clusters);
  const label = active ? `workspace stream files on ${active.profile.name}` : 'workspace stream files';
  return { label, topology: files.topology, notes: [...files.notes, ...notes], place: (target) => worstCasePlacement(files.topology, target) };
}

export async function runFailureDrillCommand(ctx: ClusterContext, arg: unknown): Promise<CommandResult> {
  const request = requestOf(arg);
  const hasTarget = (request.target.servers?.length ?? 0) + (request.target.clusters?.length ?? 0) > 0;
  const fromNode = arg instanceof ReplicaNode || arg instanceof StreamNode || arg instanceof ConnectionNode;
  const source = request.source ?? (hasTarget || fromNode ? 'live' : await pickSource());
  const drillable = source === 'files' ? await filesDrillable(ctx, request) : await liveDrillable(ctx, request);
  const target = hasTarget ? request.target : await pickTarget(drillable.topology);
  const mode = request.mode ?? (await pickMode());
  let result;
  try {
    result = runDrill(drillable.place(target), target, mode);
  } catch (e) {
    if (e instanceof DrillError) throw new CommandError(`Failure drill on ${drillable.label}: ${e.message}.`, 'not-found');
    throw e;
  }
  const uri = drillPages.add(drillable.label, result, drillable.notes);
  await ctx.services.pages.show(uri);
  ctx.log.info(`Failure drill on ${drillable.label}: losing ${result.lost.join(', ')} (${mode}): ${result.assets.filter((a) => !a.available).length} of ${result.assets.length} assets unavailable; meta group ${result.meta.available ? 'keeps' : 'loses'} its quorum`);
  return { ok: true, uri: uri.toString(), ...drillJson(result), lost: result.lost, mode, source };
}
