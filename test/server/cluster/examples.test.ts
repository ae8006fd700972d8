/**
 * The example workspace against the sandbox's cluster: the examples example/README.md calls sound
 * are created by Apply to Server's core and draw no finding from the linter (with the live
 * topology), and every other example says in its first line why it is there.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Connection, analysisTopology, apply, readTopology } from '../../../src/core/cluster';
import { analyzeWorkspace, parseStreamDocument } from '../../../src/core/streams';
import { Cluster, SANDBOX_CLUSTER, SANDBOX_STREAMS, startCluster } from '../../support/natsServer';
import { profile, watchUnhandledRejections } from './helpers';

const ROOT = path.resolve(__dirname, '../../../..');
const FOLDER = path.join(ROOT, 'example', 'streams');

/** The files example/README.md calls sound: the backticked names of its "Sound, …" paragraph. */
function soundExamples(): string[] {
  const readme = fs.readFileSync(path.join(ROOT, 'example', 'README.md'), 'utf8');
  const paragraph = readme.split(/\n\s*\n/).find((p) => p.startsWith('Sound,'));
  assert.ok(paragraph, 'example/README.md has no paragraph naming the sound examples');
  const sentence = paragraph.split(/\.\s/)[0];
  return [...sentence.matchAll(/`([^`]+\.jsonc?)`/g)].map((m) => m[1]);
}

function readExample(file: string): { uri: string; text: string } {
  return { uri: path.join(FOLDER, file), text: fs.readFileSync(path.join(FOLDER, file), 'utf8') };
}

/** The stream configs of an example file: one per entry (a config, an info document or an array of them). */
function streamsOf(file: string): unknown[] {
  const doc = parseStreamDocument(readExample(file).text);
  assert.deepEqual(doc.syntaxErrors, [], file);
  return doc.streams.map((s) => doc.tree.toValue(s.node));
}

describe('cluster: the example workspace on the sandbox cluster', function () {
  this.timeout(120_000);
  const rejections = watchUnhandledRejections();
  const sound = soundExamples();
  let cluster: Cluster;
  let conn: Connection;

  before(async () => {
    cluster = await startCluster(SANDBOX_CLUSTER);
    conn = await Connection.open(profile('sandbox', cluster.url, { monitoringUrl: cluster.servers[0].monitorUrl }));
  });
  after(async () => {
    await conn?.close();
    await cluster?.stop();
    rejections.stop();
  });
  afterEach(() => rejections.check());

  it('README names sound examples that exist, and every other example opens with a comment saying why it is there', () => {
    assert.ok(sound.length >= 2, `sound examples: ${sound.join(', ')}`);
    // Plain JSON, as `nats stream add --config` reads it (Go's encoding/json: no comments).
    for (const file of sound) assert.doesNotThrow(() => JSON.parse(readExample(file).text), file);
    for (const file of fs.readdirSync(FOLDER).filter((f) => !sound.includes(f))) {
      assert.match(readExample(file).text, /^\/\/ \S/, `${file} does not say in a comment why it is not sound`);
    }
  });

  it('the linter finds nothing in the sound examples, with the live topology of the sandbox cluster', async () => {
    const topology = analysisTopology(await readTopology(conn));
    assert.equal(topology.kind, 'clustered');
    const docs = fs.readdirSync(FOLDER).map(readExample);
    const analysis = analyzeWorkspace(docs, { topology });
    const found = analysis.documents
      .filter((d) => sound.includes(path.basename(d.uri)))
      .flatMap((d) => d.findings.map((f) => `${path.basename(d.uri)}: ${f.severity} ${f.rule}: ${f.message}`));
    assert.deepEqual(found, []);
    // The live rules did run: R5 is flagged on this 3-node cluster.
    const replicas = analysis.documents.find((d) => d.uri.endsWith('replicas.json'))!;
    assert.ok(replicas.findings.some((f) => f.rule === 'replicas-exceed-cluster'));
  });

  it('creates every stream of the sound examples', async () => {
    for (const file of sound) {
      for (const config of streamsOf(file)) {
        const result = await apply(conn, config);
        assert.ok(result.ok, `${file}: ${result.ok ? '' : `${result.error.message} (${result.error.errCode ?? result.error.kind})`}`);
        assert.equal(result.action, 'created', file);
        const again = await apply(conn, config);
        assert.ok(again.ok && again.action === 'unchanged', `${file} applied a second time: ${JSON.stringify(again)}`);
      }
    }
  });

  it('refuses the mirror placed in cluster west, as orders-dr.json says', async () => {
    const [config] = streamsOf('orders-dr.json');
    assert.match(readExample('orders-dr.json').text, /^\/\/ .*west/);
    const result = await apply(conn, config);
    assert.equal(result.ok, false, JSON.stringify(result));
  });

  it('updates the streams the sandbox makes itself (ORDERS, 7 days) to the sound examples', async () => {
    const jsm = await conn.nats.jetstreamManager();
    for (const config of SANDBOX_STREAMS) {
      await jsm.streams.delete(config.name).catch(() => false);
      const seeded = await apply(conn, config);
      assert.ok(seeded.ok, JSON.stringify(seeded));
    }
    for (const file of sound) {
      for (const config of streamsOf(file)) {
        const result = await apply(conn, config);
        assert.ok(result.ok, `${file}: ${result.ok ? '' : result.error.message}`);
      }
    }
  });
});
