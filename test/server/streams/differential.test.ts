/**
 * The linter against a real nats-server: every config of the corpus is linted and applied to a
 * standalone server and to a 3-node cluster; a linter error from a rule that mirrors a server
 * check must appear exactly when the server (or nats.js's name check) refuses the stream.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse as parseJsonc } from 'jsonc-parser';
import { JetStreamManager, NatsConnection, NatsError, StreamConfig as NatsStreamConfig, connect } from 'nats';
import { RuleInfo, Topology, analyzeDocument, ruleCatalogue, topologyFromServers } from '../../../src/core/streams';
import { Cluster, NatsServer, httpGetJson, startCluster, startServer } from '../../support/natsServer';

const ROOT = path.resolve(__dirname, '../../../..');
const CORPUS = path.join(ROOT, 'test', 'fixtures', 'streams-corpus');
const CORPUS_FILES = fs.readdirSync(CORPUS).filter((f) => f.endsWith('.json')).sort();

interface Verdict {
  refused: boolean;
  reason: string;
}

interface Varz {
  server_name: string;
  cluster?: { name?: string } | string;
  tags?: string[];
  jetstream?: unknown;
}

/** The topology as the servers' monitoring endpoints report it. */
async function readTopology(monitorUrls: string[]): Promise<Topology> {
  const reports = await Promise.all(monitorUrls.map((u) => httpGetJson<Varz>(`${u}/varz`)));
  const servers = reports.map((v) => {
    const cluster = typeof v.cluster === 'string' ? v.cluster : v.cluster?.name;
    return { name: v.server_name, cluster, tags: v.tags ?? [], jetstream: v.jetstream !== undefined };
  });
  const first = servers[0].cluster;
  return topologyFromServers(servers, first);
}

function versionAtLeast(version: string, wanted: string): boolean {
  const a = version.split('.').map(Number);
  const b = wanted.split('.').map(Number);
  for (let i = 0; i < 3; i++) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) > (b[i] ?? 0);
  return true;
}

async function apply(nc: NatsConnection, jsm: JetStreamManager, file: string, text: string): Promise<Verdict> {
  if (file.includes('-raw-')) {
    // The server reads keys regardless of case (`"Name"`), and the last of repeated keys.
    const name = Object.entries(JSON.parse(text) as Record<string, unknown>)
      .filter(([key]) => key.toLowerCase() === 'name')
      .map(([, value]) => String(value))
      .pop()!;
    const reply = await nc.request(`$JS.API.STREAM.CREATE.${name}`, new TextEncoder().encode(text), { timeout: 20_000 });
    const body = JSON.parse(new TextDecoder().decode(reply.data)) as { error?: { err_code: number; description: string } };
    if (body.error) return { refused: true, reason: `${body.error.err_code} ${body.error.description}` };
    await removed(jsm, name);
    return { refused: false, reason: 'accepted' };
  }
  const config = parseJsonc(text) as Partial<NatsStreamConfig> & { name: string };
  try {
    await jsm.streams.add(config);
  } catch (e) {
    const api = (e as NatsError).api_error;
    return { refused: true, reason: api ? `${api.err_code} ${api.description}` : `client: ${(e as Error).message}` };
  }
  await removed(jsm, config.name);
  return { refused: false, reason: 'accepted' };
}

/**
 * Deletes a stream and waits until the server no longer knows it: in a cluster the delete answers
 * before every server forgot the stream's subjects, and the next config of the corpus (`$JS.>` after
 * `>`) was refused as overlapping it.
 */
async function removed(jsm: JetStreamManager, name: string): Promise<void> {
  await jsm.streams.delete(name);
  for (let i = 0; i < 100; i++) {
    const gone = await jsm.streams.info(name).then(
      () => false,
      (e: NatsError) => e.api_error?.err_code === 10059,
    );
    if (gone) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`stream ${name} still known 5 s after its deletion`);
}

interface Target {
  label: string;
  /** The server's version: the version-aware rules follow it. */
  version: string;
  nc: NatsConnection;
  jsm: JetStreamManager;
  topology: Topology;
  mirrored: Set<string>;
}

async function target(label: string, servers: string[], monitorUrls: string[]): Promise<Target> {
  const nc = await connect({ servers });
  const jsm = await nc.jetstreamManager({ timeout: 20_000 });
  const version = nc.info?.version ?? '0.0.0';
  const mirrored = new Set(
    ruleCatalogue()
      // Consumer rules have their own differential test (consumerDifferential.test.ts).
      .filter((r: RuleInfo) => r.scope !== 'consumer' && r.serverCheck && (!r.serverCheck.since || versionAtLeast(version, r.serverCheck.since)))
      .map((r) => r.id),
  );
  return { label, version, nc, jsm, topology: await readTopology(monitorUrls), mirrored };
}

/** Lints and applies the whole corpus; returns the disagreements and the mirrored rules that fired. */
async function runCorpus(t: Target): Promise<{ mismatches: string[]; fired: Set<string>; refusedCount: number }> {
  const mismatches: string[] = [];
  const fired = new Set<string>();
  let refusedCount = 0;
  for (const file of CORPUS_FILES) {
    const text = fs.readFileSync(path.join(CORPUS, file), 'utf8');
    const analysis = analyzeDocument(text, { uri: file, topology: t.topology, serverVersion: t.version });
    assert.equal(analysis.live.checked, true, 'the topology read from the server must be known');
    const errors = analysis.findings.filter((f) => f.severity === 'error' && t.mirrored.has(f.rule));
    errors.forEach((f) => fired.add(f.rule));
    const verdict = await apply(t.nc, t.jsm, file, text);
    if (verdict.refused) refusedCount++;
    if (verdict.refused !== errors.length > 0) {
      const linter = errors.length > 0 ? `refuses (${errors.map((f) => `${f.rule}: ${f.message}`).join('; ')})` : 'accepts';
      mismatches.push(`${t.label} ${file}: linter ${linter}, server ${verdict.refused ? `refuses (${verdict.reason})` : 'accepts'}`);
    }
  }
  return { mismatches, fired, refusedCount };
}

describe('linter vs nats-server (differential, corpus of stream configs)', function () {
  this.timeout(300_000);
  let server: NatsServer | undefined;
  let cluster: Cluster | undefined;
  const targets: Target[] = [];

  before(async () => {
    assert.ok(CORPUS_FILES.length >= 40, `the corpus has ${CORPUS_FILES.length} configs`);
    server = await startServer();
    cluster = await startCluster({ size: 3, tags: [['ssd'], ['ssd'], []] });
    targets.push(await target('standalone', [server.url], [server.monitorUrl]));
    targets.push(await target('cluster', cluster.urls, cluster.servers.map((s) => s.monitorUrl)));
  });

  after(async () => {
    for (const t of targets) await t.nc.close();
    await server?.stop();
    await cluster?.stop();
  });

  it('reads the topologies: one standalone server, one cluster of 3 JetStream servers with tags', () => {
    assert.equal(targets[0].topology.kind, 'standalone');
    const clustered = targets[1].topology;
    assert.equal(clustered.kind, 'clustered');
    if (clustered.kind !== 'clustered') return;
    assert.deepEqual(clustered.clusters.map((c) => [c.name, c.servers.length]), [['c1', 3]]);
    assert.equal(clustered.clusters[0].servers.filter((s) => s.tags.includes('ssd')).length, 2);
  });

  it("reads the server's own stream info documents without a type error, with their cluster", async () => {
    const t = targets.find((x) => x.label === 'cluster')!;
    const configs = [
      { name: 'INFO_R3', subjects: ['info.r3.>'], num_replicas: 3, max_age: 86_400e9, allow_rollup_hdrs: true, allow_direct: true },
      { name: 'INFO_MEM', subjects: ['info.mem'], storage: 'memory', max_bytes: 1024 * 1024, placement: { tags: ['ssd'] } },
      { name: 'INFO_MIRROR', mirror: { name: 'INFO_R3', filter_subject: 'info.r3.a' }, num_replicas: 3, placement: { cluster: 'c1' } },
    ];
    const documents: string[] = [];
    try {
      for (const c of configs) {
        await t.jsm.streams.add(c as Partial<NatsStreamConfig>);
        const reply = await t.nc.request(`$JS.API.STREAM.INFO.${c.name}`, undefined, { timeout: 20_000 });
        const info = JSON.parse(new TextDecoder().decode(reply.data)) as Record<string, unknown>;
        delete info.type;
        documents.push(JSON.stringify(info, null, 2));
      }
    } finally {
      for (const c of configs) await t.jsm.streams.delete(c.name).catch(() => false);
    }
    const analysis = analyzeDocument(`[${documents.join(',\n')}]`, { uri: 'info.json', topology: t.topology });
    assert.deepEqual(analysis.findings.filter((f) => f.severity === 'error').map((f) => `${f.rule}: ${f.message}`), []);
    assert.deepEqual(analysis.streams.map((s) => s.summary.headline), ['R3 · file · survives 1 server failure', 'R1 · memory · survives no server failure', 'R3 · file · survives 1 server failure']);
    assert.deepEqual(analysis.streams.map((s) => s.entry.cluster?.name), ['c1', 'c1', 'c1']);
    assert.match(analysis.streams[0].summary.copiesText, /mirrored by INFO_MIRROR in cluster c1/);
    assert.ok(analysis.findings.some((f) => f.rule === 'mirror-same-cluster'), 'the mirror in the same cluster is noticed');
  });

  for (const label of ['standalone', 'cluster']) {
    it(`agrees with the ${label} on every config of the corpus`, async () => {
      const t = targets.find((x) => x.label === label)!;
      const { mismatches, fired, refusedCount } = await runCorpus(t);
      assert.deepEqual(mismatches, []);
      assert.ok(refusedCount >= 20 && refusedCount < CORPUS_FILES.length - 10, `${refusedCount} refused: the corpus must hold both kinds`);
      // The corpus exercises every server-mirroring error rule that can apply to this server.
      const expected = [...t.mirrored].filter((id) => {
        if (id === 'subjects-overlap') return false; // a warning about other streams, never sent together
        if (id === 'copy-msg-size-below-origin') return false; // needs its origin created first: copyDifferential.test.ts
        if (label === 'standalone') return id !== 'replicas-exceed-cluster' && id !== 'placement-unmatched';
        return id !== 'replicas-standalone';
      });
      assert.deepEqual(expected.filter((id) => !fired.has(id)), []);
    });
  }
});
