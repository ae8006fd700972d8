/**
 * The summary a person reads first: replicas, storage, what failures the stream survives, what a
 * restart does, and where copies of it live; plus a longer page on its fault tolerance. A stream
 * the server would refuse (invalid replicas, a live rule's refusal) says that first, instead of
 * what it would survive.
 */
import { MAX_REPLICAS, Storage, failuresSurvived, quorum, replicaCount } from './config';
import { StreamEntry } from './document';
import { md, mdCode } from '../markdown';
import { plural, survivesText } from './format';
import { CopyLink, WorkspaceIndex, clusterOf } from './workspace';

export interface CopyInfo {
  /** The other stream's label (its name). */
  name: string;
  kind: 'mirror' | 'source';
  /** Its cluster (`placement.cluster` or the info document's cluster), when known. */
  cluster?: string;
  uri: string;
}

export interface StreamSummary {
  /** The stream's name (or `stream #N`). */
  name: string;
  replicas: number;
  storage: Storage;
  quorum: number;
  failuresSurvived: number;
  /** `R3 · file · survives 1 server failure`, or why the server would refuse it: `R7 · invalid: at most 5 replicas`. */
  headline: string;
  /** Why the server would not create the stream as it is (e.g. `cannot be placed: cluster c1 has 3 servers`). */
  refusal?: string;
  /** What a server restart does, e.g. `restart: data kept on disk`; empty for a refused stream. */
  restart: string;
  /** Workspace streams that mirror or source this one (each once). */
  copies: CopyInfo[];
  /** Workspace streams this one mirrors or sources (each once). */
  copiesFrom: CopyInfo[];
  /** `mirror of ORDERS in cluster east`, `mirrored by ORDERS_DR in cluster west` or `no copy in the workspace`. */
  copiesText: string;
  /** The whole line for a code lens: headline · restart · copies. */
  text: string;
}

/** What the summary reads of a stream's findings: the refusals some of them state (Finding.headline). */
export interface SummaryFinding {
  headline?: string;
}

/** Why the server refuses these replicas, or undefined when it accepts them. */
function replicasRefusal(replicas: number): string | undefined {
  if (replicas < 0) return 'invalid: negative replica count';
  if (replicas > MAX_REPLICAS) return `invalid: at most ${MAX_REPLICAS} replicas`;
  return undefined;
}

function restartText(storage: Storage, replicas: number): string {
  const tolerant = failuresSurvived(replicas) > 0;
  if (storage === 'memory') {
    if (replicas <= 1) return 'a restart loses every message';
    return tolerant ? 'restart: re-synced from the other replicas (all lost if every replica restarts)' : 'restart: writes stop until re-synced (all lost if both restart)';
  }
  return replicas <= 1 || !tolerant ? 'restart: data kept, unavailable while a server is down' : 'restart: data kept on disk';
}

function copyInfo(link: CopyLink, other: StreamEntry): CopyInfo {
  const cluster = clusterOf(other);
  return { name: other.label, kind: link.kind, uri: other.uri, ...(cluster ? { cluster } : {}) };
}

/**
 * The other end (`copy` or `origin`) of each link that is not `stream` itself, each stream once
 * per kind (a stream sourcing ORDERS twice is one copy of it).
 */
function copyInfos(links: readonly CopyLink[] | undefined, stream: StreamEntry, end: 'copy' | 'origin'): CopyInfo[] {
  const out: CopyInfo[] = [];
  const seen = new Set<string>();
  if (links) {
    for (const link of links) {
      const other = link[end];
      const key = `${link.kind} ${other.uri} ${other.index}`;
      if (other === stream || seen.has(key)) continue;
      seen.add(key);
      out.push(copyInfo(link, other));
    }
  }
  return out;
}

const inCluster = (c: CopyInfo): string => `${c.name}${c.cluster ? ` in cluster ${c.cluster}` : ''}`;

function describeCopies(copies: readonly CopyInfo[], copiesFrom: readonly CopyInfo[]): string {
  const mirrorOf = copiesFrom.filter((c) => c.kind === 'mirror');
  const sourcedFrom = copiesFrom.filter((c) => c.kind === 'source');
  const parts = [
    ...mirrorOf.map((c) => `mirror of ${inCluster(c)}`),
    ...(sourcedFrom.length > 0 ? [`sourced from ${sourcedFrom.map(inCluster).join(', ')}`] : []),
    ...copies.map((c) => `${c.kind === 'mirror' ? 'mirrored' : 'sourced'} by ${inCluster(c)}`),
  ];
  return parts.length > 0 ? parts.join(', ') : 'no copy in the workspace';
}

/**
 * The summary of one stream; `workspace` adds the copies found among the analysed documents, and
 * `findings` (the stream's) the refusals they state.
 */
export function summarizeStream(stream: StreamEntry, workspace?: WorkspaceIndex, findings: readonly SummaryFinding[] = []): StreamSummary {
  const replicas = stream.config.num_replicas < 0 ? stream.config.num_replicas : replicaCount(stream.config);
  const storage = stream.config.storage;
  const copies = copyInfos(workspace?.copiesOf(stream), stream, 'copy');
  const copiesFrom = copyInfos(workspace?.originsOf(stream), stream, 'origin');
  const refusal = replicasRefusal(replicas) ?? findings.find((f) => f.headline)?.headline;
  const headline = refusal ? `R${replicas} · ${refusal}` : `R${replicas} · ${storage} · ${survivesText(failuresSurvived(replicas))}`;
  const restart = refusal ? '' : restartText(storage, replicas);
  const copiesText = describeCopies(copies, copiesFrom);
  return {
    name: stream.label,
    replicas,
    storage,
    quorum: replicas >= 1 ? quorum(replicas) : 0,
    failuresSurvived: replicas >= 1 && replicas <= MAX_REPLICAS && !refusal ? failuresSurvived(replicas) : 0,
    headline,
    ...(refusal ? { refusal } : {}),
    restart,
    copies,
    copiesFrom,
    copiesText,
    text: [headline, restart, copiesText].filter(Boolean).join(' · '),
  };
}

const TRADE_OFFS: [number, string, string][] = [
  [1, 'fastest; one copy', 'scratch data, caches, anything you can rebuild'],
  [3, 'each write waits for 2 servers', 'most production streams: the usual balance'],
  [5, 'each write waits for 3 servers; slower', 'critical data; needs at least 5 servers'],
];

function tradeOffTable(current: number): string {
  const rows = TRADE_OFFS.map(([r, writes, use]) => {
    const mark = r === current ? ' **← this stream**' : '';
    return `| R${r}${mark} | ${quorum(r)} of ${r} | ${failuresSurvived(r) === 0 ? 'no failure' : plural(failuresSurvived(r), 'server failure')} | ${writes} | ${use} |`;
  });
  const note = current === 2 || current === 4
    ? `\n\nThis stream has R${current}: an even count adds a copy but no tolerance (quorum ${quorum(current)} of ${current}, survives ${plural(failuresSurvived(current), 'failure')}).`
    : '';
  return ['| Replicas | Quorum | Survives | Writes | Use for |', '| --- | --- | --- | --- | --- |', ...rows].join('\n') + note;
}

function clusterLossText(stream: StreamEntry, summary: StreamSummary): string {
  const home = clusterOf(stream);
  const losing = `Losing ${home ? `cluster ${md(home)}` : 'its cluster'}`;
  const elsewhere = (c: CopyInfo): boolean => Boolean(c.cluster && c.cluster !== home);
  const named = (list: readonly CopyInfo[]): string => list.map((c) => `${md(c.name)}${c.cluster ? ` (cluster ${md(c.cluster)})` : ''}`).join(', ');
  const said: string[] = [];
  const copiesElsewhere = summary.copies.filter(elsewhere);
  if (copiesElsewhere.length > 0) said.push(`copies survive in ${named(copiesElsewhere)}`);
  else if (summary.copies.length > 0) said.push(`the copies in the workspace (${summary.copies.map((c) => md(c.name)).join(', ')}) are not known to live in another cluster`);
  // A mirror or a sourcing stream is itself a copy: what it copies stays where its origin lives.
  const originsElsewhere = summary.copiesFrom.filter(elsewhere);
  const mirror = originsElsewhere.find((c) => c.kind === 'mirror');
  if (mirror) said.push(`its origin ${named([mirror])} still holds the data, and a new mirror re-syncs from it`);
  else if (originsElsewhere.length > 0) said.push(`the streams it sources, ${named(originsElsewhere)}, still hold their messages (within their own limits), and a new stream sourcing them catches up`);
  else if (summary.copiesFrom.length > 0) said.push(`the streams it copies (${summary.copiesFrom.map((c) => md(c.name)).join(', ')}) are not known to live in another cluster`);
  if (said.length === 0) return `${losing} (a region outage, a disaster): no copy in the workspace lives elsewhere; everything is lost.`;
  return `${losing}: ${said.join('; ')}.`;
}

/**
 * A readable markdown page on the stream's fault tolerance: what it survives, the R1/R3/R5
 * trade-offs, and the disaster-recovery options (replicas, mirrors in another region, backups).
 * `problems` (Markdown: e.g. the stream's finding messages, escaped, with links to their rules) are
 * listed at the end. Names, clusters and refusals come from the file and are escaped (md, mdCode):
 * a crafted name shows as text, never as a link, an image or a heading.
 */
export function faultTolerancePage(stream: StreamEntry, workspace?: WorkspaceIndex, problems: readonly string[] = [], findings: readonly SummaryFinding[] = []): string {
  const s = summarizeStream(stream, workspace, findings);
  const name = stream.label;
  const quorumNote = s.replicas >= 1 && s.replicas <= MAX_REPLICAS && !s.refusal ? ` (quorum ${s.quorum} of ${s.replicas})` : '';
  const lines: string[] = [`# ${md(name)}: fault tolerance`, '', `**${md(s.headline)}**${quorumNote}`, ''];
  if (s.refusal && replicasRefusal(s.replicas) === undefined) {
    lines.push(`The server would not create this stream as it is (${md(s.refusal)}; see the problems below). Once it can, with R${s.replicas}:`, '');
  }
  lines.push('## What it survives', '');
  if (s.replicas >= 1 && s.replicas <= MAX_REPLICAS) {
    const survived = failuresSurvived(s.replicas);
    lines.push(
      survived === 0
        ? `- **A server failure**: with ${s.replicas === 1 ? 'one replica' : `R${s.replicas} (quorum ${s.quorum} of ${s.replicas})`}, the stream stops accepting writes while ${s.replicas === 1 ? 'its server' : 'any of its servers'} is down.`
        : `- **Server failures**: up to ${plural(survived, 'server')} of its ${s.replicas} may fail; the others keep a quorum of ${s.quorum} and a new leader is elected within seconds.`,
    );
  } else {
    lines.push(`- **Replicas**: \`num_replicas\` is ${s.replicas}, which the server refuses (1 to ${MAX_REPLICAS}).`);
  }
  lines.push(
    s.storage === 'memory'
      ? `- **A restart**: memory storage keeps messages only in RAM; ${s.replicas <= 1 ? 'restarting its server loses every message.' : 'a restarted replica re-syncs from the others, but restarting all of them at once loses every message.'}`
      : `- **A restart**: file storage keeps messages on disk${s.replicas <= 1 ? '; the stream is unavailable while its server is down, and lost with its disk.' : '; a restarted replica catches up from the others.'}`,
  );
  lines.push(`- ${clusterLossText(stream, s)}`);
  lines.push('- **Mistakes** (a deleted stream, a wrong purge, a bad consumer): replicas and mirrors copy the mistake too; only a backup taken before it helps.', '');
  lines.push('## Replicas: R1, R3, R5', '', tradeOffTable(s.replicas), '');
  lines.push(
    '## Disaster recovery',
    '',
    '1. **Replicas** for server faults: R3 survives one failed server, R5 two. Quorum is floor(R/2)+1, so even counts add nothing.',
    `2. **A mirror in another region** for disasters: a stream with ${mdCode(`"mirror": {"name": ${JSON.stringify(name)}}`)} placed with \`placement.cluster\` in another cluster keeps a read-only copy that survives losing this cluster. Clients can fail over to it, or it can be promoted by removing its mirror setting.`,
    `3. **Backups** for everything else: ${mdCode(`nats stream backup ${name} ./backup`)} writes a snapshot that \`nats stream restore\` brings back, even after the stream was deleted. Schedule them and keep them off the cluster.`,
    '',
  );
  if (s.copies.length > 0 || s.copiesFrom.length > 0) {
    lines.push('## Copies in the workspace', '');
    for (const c of s.copies) lines.push(`- ${c.kind === 'mirror' ? 'Mirrored' : 'Sourced'} by **${md(c.name)}**${c.cluster ? ` in cluster ${md(c.cluster)}` : ''}`);
    for (const c of s.copiesFrom) lines.push(`- ${c.kind === 'mirror' ? 'Mirror of' : 'Sources'} **${md(c.name)}**${c.cluster ? ` in cluster ${md(c.cluster)}` : ''}`);
    lines.push('');
  }
  if (problems.length > 0) {
    lines.push('## Problems', '', ...problems.map((p) => `- ${p}`), '');
  }
  return lines.join('\n');
}
