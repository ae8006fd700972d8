import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { main } from '../../../src/cli';
import { RULE_IDS, Topology, analyzeWorkspace, getRule } from '../../../src/core/streams';

const ROOT = path.resolve(__dirname, '../../../..');
const FOLDER = path.join(ROOT, 'example', 'streams');

function exampleDocs(): { uri: string; text: string }[] {
  return fs.readdirSync(FOLDER).map((f) => ({ uri: path.join(FOLDER, f), text: fs.readFileSync(path.join(FOLDER, f), 'utf8') }));
}

describe('the example workspace', () => {
  it('shows every rule that needs no server when linted', async () => {
    let out = '';
    const code = await main(['lint', '--format', 'json', 'example/'], { cwd: ROOT, stdout: { write: (t: string) => (out += t) }, stderr: { write: () => true } });
    assert.equal(code, 1);
    const seen = new Set((JSON.parse(out) as { rule: string }[]).map((f) => f.rule));
    // `unreadable-file` needs a file that cannot be read (the CLI's tests make such files).
    const expected = RULE_IDS.filter((id) => getRule(id)!.scope !== 'live' && id !== 'unreadable-file');
    assert.deepEqual(expected.filter((id) => !seen.has(id)), []);
    assert.deepEqual([...seen].filter((id) => getRule(id)!.scope === 'live'), []);
  });

  it('shows the live rules against a standalone server and a 3-node cluster named east', () => {
    const cluster: Topology = { kind: 'clustered', clusters: [{ name: 'east', servers: ['n1', 'n2', 'n3'].map((name) => ({ name, tags: [], jetstream: true })) }] };
    const rules = (topology: Topology): Set<string> => new Set(analyzeWorkspace(exampleDocs(), { topology }).documents.flatMap((d) => d.findings.map((f) => f.rule)));
    assert.ok(rules({ kind: 'standalone' }).has('replicas-standalone'));
    const clustered = rules(cluster);
    assert.ok(clustered.has('replicas-exceed-cluster'));
    assert.ok(clustered.has('placement-unmatched'));
  });

  it('says of the mirror ORDERS_DR that it copies ORDERS, and lists each copy of ORDERS once', () => {
    const summaries = new Map(analyzeWorkspace(exampleDocs()).documents.flatMap((d) => d.streams.map((s) => [s.summary.name, s.summary] as const)));
    const dr = summaries.get('ORDERS_DR')!;
    assert.match(dr.copiesText, /^mirror of ORDERS\b/);
    assert.equal(dr.copiesFrom.length, 1);
    const orders = summaries.get('ORDERS')!;
    assert.equal(orders.copiesText.split('ALL_EVENTS').length - 1, 1, orders.copiesText);
    assert.equal(summaries.get('METRICS_R7')!.headline, 'R7 · invalid: at most 5 replicas');
    assert.equal(summaries.get('METRICS_NEGATIVE')!.restart, '', 'no restart claim for a stream the server refuses');
  });

  it('documents every example file in example/README.md', () => {
    const readme = fs.readFileSync(path.join(ROOT, 'example', 'README.md'), 'utf8');
    for (const file of fs.readdirSync(FOLDER)) assert.ok(readme.includes(`\`${file}\``), file);
  });
});
