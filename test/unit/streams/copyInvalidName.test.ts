import * as assert from 'node:assert/strict';
import { analyzeDocument } from '../../../src/core/streams';

const messages = (config: Record<string, unknown>, serverVersion?: string): string[] =>
  analyzeDocument(JSON.stringify({ name: 'C', ...config }), { serverVersion }).findings.filter((f) => f.rule === 'copy-invalid-name').map((f) => f.message);

describe('copy-invalid-name', () => {
  it('says the server refuses it only where it does', () => {
    const dot = { subjects: [], mirror: { name: 'ORDERS.EU' } };
    assert.match(messages(dot)[0], /^The mirror copies no stream: the name contains `\.`, which no stream can have, so nothing is ever copied; the server refuses it$/);
    assert.doesNotMatch(messages(dot, '2.9.10')[0], /refuses/, 'nats-server 2.9 accepts it');
    assert.match(messages(dot, '2.10.0')[0], /refuses/);
    const slash = { sources: [{ name: 'eu/orders' }] };
    assert.doesNotMatch(messages(slash, '2.13')[0], /refuses/, 'path separators are checked from 2.14');
    assert.match(messages(slash, '2.14.0')[0], /refuses/);
    // A mirror in another domain is not checked by the server; its name is still no stream's.
    assert.doesNotMatch(messages({ subjects: [], mirror: { name: 'A.B', external: { api: '$JS.hub.API' } } })[0], /refuses/);
    assert.match(messages({ sources: [{ name: 'x'.repeat(300) }] })[0], /the name is 300 bytes long \(at most 255\), which no stream can have, so nothing is ever copied$/);
    assert.match(messages({ sources: [{}] })[0], /^Source #1 copies no stream: it names none/);
  });

  it('sits on the copy\'s name key, else on the entry', () => {
    const text = JSON.stringify({ name: 'C', sources: [{ name: 'A' }, { name: 'B.C' }, { filter_subject: 'x' }] }, null, 2);
    const spans = analyzeDocument(text).findings.filter((f) => f.rule === 'copy-invalid-name').map((f) => text.slice(f.range.offset, f.range.offset + f.range.length));
    assert.deepEqual(spans, ['"name"', '{\n      "filter_subject": "x"\n    }']);
    const at = analyzeDocument(text).findings.find((f) => f.rule === 'copy-invalid-name')!.range.offset;
    assert.equal(at, text.indexOf('"name": "B.C"'));
  });
});
