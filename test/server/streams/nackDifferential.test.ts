/**
 * NACK resources against a real nats-server: each YAML resource of the corpus is linted, and the
 * stream configuration it maps to (what NACK's controller asks the server for) is applied to a
 * standalone server; a linter error from a rule that mirrors a server check must appear exactly
 * when the server (or nats.js's name check) refuses it.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { JetStreamManager, NatsConnection, NatsError, StreamConfig as NatsStreamConfig, connect } from 'nats';
import { MappedStreamDocument, analyzeDocument, ruleCatalogue } from '../../../src/core/streams';
import { NatsServer, startServer } from '../../support/natsServer';

const ROOT = path.resolve(__dirname, '../../../..');
const CORPUS = path.join(ROOT, 'test', 'fixtures', 'streams-corpus');
const YAML_FILES = fs.readdirSync(CORPUS).filter((f) => f.endsWith('.yaml')).sort();

/** Rules mirroring a check of nats-server 2.9 (the installed server). */
const MIRRORED = new Set(ruleCatalogue().filter((r) => r.serverCheck && (!r.serverCheck.since || r.serverCheck.since.startsWith('2.9'))).map((r) => r.id));

async function apply(jsm: JetStreamManager, config: Partial<NatsStreamConfig> & { name: string }): Promise<string | undefined> {
  try {
    await jsm.streams.add(config);
  } catch (e) {
    const api = (e as NatsError).api_error;
    return api ? `${api.err_code} ${api.description}` : `client: ${(e as Error).message}`;
  }
  await jsm.streams.delete(config.name);
  return undefined;
}

describe('linter vs nats-server (differential, NACK resources in YAML)', function () {
  this.timeout(180_000);
  let server: NatsServer | undefined;
  let nc: NatsConnection | undefined;

  before(async () => {
    server = await startServer();
    nc = await connect({ servers: server.url });
  });

  after(async () => {
    await nc?.close();
    await server?.stop();
  });

  it('agrees with a standalone server on every resource of the corpus', async () => {
    assert.ok(YAML_FILES.length >= 12, `the corpus has ${YAML_FILES.length} resources`);
    const jsm = await nc!.jetstreamManager({ timeout: 20_000 });
    const mismatches: string[] = [];
    const fired = new Set<string>();
    let refusedCount = 0;
    for (const file of YAML_FILES) {
      const text = fs.readFileSync(path.join(CORPUS, file), 'utf8');
      const doc = MappedStreamDocument.fromNackYaml(text, file);
      assert.equal(doc.streams.length, 1, `${file} holds one resource`);
      const analysis = analyzeDocument(doc, { topology: { kind: 'standalone' } });
      const errors = analysis.findings.filter((f) => f.severity === 'error' && MIRRORED.has(f.rule));
      errors.forEach((f) => fired.add(f.rule));
      const [config] = JSON.parse(doc.text) as (Partial<NatsStreamConfig> & { name: string })[];
      const refused = await apply(jsm, config);
      if (refused) refusedCount++;
      if ((refused !== undefined) !== errors.length > 0) {
        const linter = errors.length > 0 ? `refuses (${errors.map((f) => `${f.rule}: ${f.message}`).join('; ')})` : 'accepts';
        mismatches.push(`${file}: linter ${linter}, server ${refused ? `refuses (${refused})` : 'accepts'}`);
      }
    }
    assert.deepEqual(mismatches, []);
    assert.ok(refusedCount >= 6 && refusedCount <= YAML_FILES.length - 4, `${refusedCount} refused: the corpus must hold both kinds`);
    for (const id of ['max-age-too-small', 'duplicate-window-over-max-age', 'mirror-with-subjects', 'rollup-with-deny-purge', 'invalid-type', 'replicas-standalone', 'invalid-name']) {
      assert.ok(fired.has(id), `${id} fired`);
    }
  });

  it('flags exactly the key-value buckets nats.js refuses to create (its bucket check comes before the server)', async () => {
    const js = nc!.jetstream();
    const jsm = await nc!.jetstreamManager();
    const buckets = ['orders', 'orders-EU_2', 'A1', '', 'a b', 'a.b', 'a/b', 'a:b', 'a*', 'a>', 'café', 'tab\t', '-', '_', 'x'.repeat(252), 'x'.repeat(253)];
    const mismatches: string[] = [];
    for (const bucket of buckets) {
      const analysis = analyzeDocument(MappedStreamDocument.fromKvJson(JSON.stringify({ bucket, history: 5, replicas: 1 }), 'kv.json'));
      const flagged = analysis.findings.some((f) => f.rule === 'invalid-name' || f.severity === 'error');
      let refused: string | undefined;
      try {
        await js.views.kv(bucket, { history: 5, replicas: 1 });
        await jsm.streams.delete(`KV_${bucket}`);
      } catch (e) {
        refused = (e as Error).message;
      }
      if (flagged !== (refused !== undefined)) mismatches.push(`${JSON.stringify(bucket)}: linter ${flagged ? 'refuses' : 'accepts'}, nats.js/server ${refused ? `refuses (${refused})` : 'accepts'}`);
    }
    assert.deepEqual(mismatches, []);
  });
});
