import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { JsonTree, LineIndex, Range, WorkspaceIndex, analyzeWorkspace, applyEdits, faultTolerancePage, hoverAt, parseStreamDocument } from '../../../src/core/streams';
import { canonJsonc, canonTree, jsoncParse } from './treeCanon';

const anyValue = fc.oneof(
  fc.integer({ min: -10, max: 10 }),
  fc.constantFrom(0, 1, 2, 3, 4, 5, 6, -1, 1e8, 99_999_999, 120e9, 86_400e9, 1.5, 3e9, 2 ** 63),
  fc.string({ maxLength: 6 }),
  fc.constantFrom('file', 'memory', 'limits', 'interest', 'workqueue', 'old', 'new', 'File', 'disk', 'a.b', 'orders.>', '*', '>', 'a..b', ''),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.constantFrom('a', 'a.*', 'a.>', '>', 'b.c', 'a..b', '', null), { maxLength: 4 }),
);
const sourceArb = fc.record(
  { name: fc.constantFrom('A', 'B', 'C', 'S', null), filter_subject: fc.constantFrom('a.>', 'b', null), external: fc.constantFrom({ api: '$JS.x.API' }, null), opt_start_seq: fc.integer({ min: -2, max: 5 }) },
  { requiredKeys: [] },
);
const configArb = fc.record(
  {
    name: fc.oneof(fc.constantFrom('A', 'B', 'C', 'S', 'a.b', '', 'x y'), anyValue),
    subjects: fc.oneof(fc.array(fc.constantFrom('a', 'a.*', 'a.>', '>', 'b.c', 'a..b', '', '$JS.API.x', null), { maxLength: 4 }), anyValue),
    num_replicas: anyValue,
    storage: anyValue,
    retention: anyValue,
    discard: anyValue,
    max_age: anyValue,
    max_bytes: anyValue,
    max_msgs: anyValue,
    max_msgs_per_subject: anyValue,
    duplicate_window: anyValue,
    allow_rollup_hdrs: anyValue,
    deny_purge: anyValue,
    placement: fc.oneof(fc.record({ cluster: fc.constantFrom('east', 'west', ''), tags: fc.array(fc.constantFrom('ssd', 'gpu'), { maxLength: 2 }) }, { requiredKeys: [] }), anyValue),
    mirror: fc.oneof(sourceArb, anyValue),
    sources: fc.oneof(fc.array(fc.oneof(sourceArb, fc.constant(null)), { maxLength: 3 }), anyValue),
    extra: anyValue,
  },
  { requiredKeys: [] },
);
const documentArb = fc.oneof(
  configArb,
  fc.record({ config: configArb, cluster: fc.record({ name: fc.constantFrom('east', 'west') }) }),
  fc.array(fc.oneof(configArb, fc.record({ config: configArb }), anyValue), { maxLength: 4 }),
  anyValue,
);
/** Rendered with random indentation and, sometimes, comments between tokens. */
const textArb = fc.tuple(documentArb, fc.constantFrom(0, 1, 2, 4, '\t'), fc.boolean()).map(([value, indent, comments]) => {
  const text = JSON.stringify(value, null, indent) ?? 'null';
  return comments ? `// streams\n${text.replace(/,\n/g, ', /* c */\n').replace(/\{\n/g, '{ // open\n')}` : text;
});
const mutatedArb = fc.tuple(textArb, fc.array(fc.tuple(fc.nat(), fc.nat({ max: 3 }), fc.constantFrom('', '{', '}', '[', ']', ',', ':', '"', '/', '*', '\n', '\r', 'x', '1', '-', '\\', '\u00a0', 'é')), { minLength: 1, maxLength: 4 })).map(
  ([text, cuts]) => {
    let out = text;
    for (const [at, del, insert] of cuts) {
      const i = out.length === 0 ? 0 : at % (out.length + 1);
      out = out.slice(0, i) + insert + out.slice(i + del);
    }
    return out;
  },
);

function assertRange(range: Range, text: string, what: string, lines = new LineIndex(text)): void {
  assert.ok(range.offset >= 0 && range.length >= 0 && range.offset + range.length <= text.length, `${what}: ${JSON.stringify(range)} outside ${text.length}`);
  assert.deepEqual(range.start, lines.positionAt(range.offset), what);
  assert.deepEqual(range.end, lines.positionAt(range.offset + range.length), what);
}

/** Analyses `texts` as one workspace and checks every range, edit and hover. */
function checkWorkspace(texts: string[], hoverAtFraction: number): void {
  const docs = texts.map((text, i) => ({ uri: `f/${i}.json`, text }));
  const analysis = analyzeWorkspace(docs, { topology: { kind: 'clustered', clusters: [{ name: 'east', servers: [{ name: 'n1', tags: ['ssd'], jetstream: true }] }] } });
  const byUri = new Map(docs.map((d) => [d.uri, d.text]));
  for (const doc of analysis.documents) {
    const text = doc.document.text;
    const lines = new LineIndex(text);
    for (const f of doc.findings) {
      assertRange(f.range, text, f.rule, lines);
      for (const r of f.related) assertRange(r.range, byUri.get(r.uri)!, `${f.rule} related`);
      for (const fix of f.fixes) {
        const edits = [...fix.edits].sort((a, b) => a.offset - b.offset);
        edits.forEach((e, i) => {
          assert.ok(e.offset >= 0 && e.offset + e.length <= text.length, `${fix.title} edit outside`);
          if (i > 0) assert.ok(edits[i - 1].offset + edits[i - 1].length <= e.offset, 'overlapping edits');
        });
        if (doc.document.syntaxErrors.length === 0) assert.deepEqual(JsonTree.parse(applyEdits(text, fix.edits)).errors, [], `${fix.title} breaks the JSON`);
      }
    }
    for (const s of doc.streams) {
      assertRange(s.range, text, 'stream', lines);
      assertRange(s.anchorRange, text, 'anchor', lines);
      assert.ok(s.summary.text.length > 0);
    }
    const hover = hoverAt(doc.document, Math.floor(hoverAtFraction * (text.length + 1)), analysis.index);
    if (hover) assertRange(hover.range, text, 'hover');
  }
  const first = analysis.documents[0].document.streams[0];
  if (first) assert.ok(faultTolerancePage(first, analysis.index).length > 100);
}

describe('property: generated and mutated stream configs', function () {
  this.timeout(120_000);

  it('generated documents (4,000): no exception, every range and edit inside its document, fixes keep valid JSON', () => {
    fc.assert(fc.property(fc.array(textArb, { minLength: 1, maxLength: 3 }), fc.double({ min: 0, max: 1, noNaN: true }), checkWorkspace), { numRuns: 4_000 });
  });

  it('mutated texts (6,000): no exception, every range inside its document', () => {
    fc.assert(fc.property(fc.array(mutatedArb, { minLength: 1, maxLength: 2 }), fc.double({ min: 0, max: 1, noNaN: true }), checkWorkspace), { numRuns: 6_000 });
  });

  it('the strict scanner agrees with jsonc-parser on what parses, and on the tree (3,000)', () => {
    fc.assert(
      fc.property(fc.oneof(textArb, mutatedArb), (text) => {
        const tree = JsonTree.parse(text);
        const reference = jsoncParse(text);
        assert.equal(tree.errors.length === 0, reference.errors.length === 0, text);
        if (tree.errors.length === 0) assert.deepEqual(canonTree(tree, tree.root), canonJsonc(reference.root!));
      }),
      { numRuns: 3_000 },
    );
  });

  it('with trailing commas allowed (.jsonc), the strict scanner still agrees with jsonc-parser (2,000)', () => {
    const trailing = fc.tuple(textArb, fc.array(fc.nat(), { maxLength: 3 })).map(([text, at]) => {
      // A comma before some closing brackets and braces.
      let out = text;
      for (const n of at) {
        const closes = [...out.matchAll(/[\]}]/g)].map((m) => m.index);
        if (closes.length === 0) break;
        const i = closes[n % closes.length];
        out = `${out.slice(0, i)},${out.slice(i)}`;
      }
      return out;
    });
    fc.assert(
      fc.property(fc.oneof(trailing, mutatedArb), (text) => {
        const tree = JsonTree.parse(text, undefined, { allowTrailingComma: true });
        const reference = jsoncParse(text, true);
        assert.equal(tree.errors.length === 0, reference.errors.length === 0, text);
        if (tree.errors.length === 0) assert.deepEqual(canonTree(tree, tree.root), canonJsonc(reference.root!));
      }),
      { numRuns: 2_000 },
    );
  });

  it('keys in other letter case: the server reads the same fields, so the same findings but field-name-case (1,500)', () => {
    fc.assert(
      fc.property(configArb, fc.array(fc.boolean(), { minLength: 20, maxLength: 20 }), (config, upper) => {
        const text = JSON.stringify(config, null, 2);
        let k = 0;
        const odd = text.replace(/^ {2}"([a-z_]+)":/gm, (whole, key: string) => (upper[k++ % upper.length] ? `  "${key.toUpperCase()}":` : whole));
        const seen = (t: string): string[] =>
          analyzeWorkspace([{ uri: 'f/a.json', text: t }])
            .documents[0].findings.filter((f) => f.rule !== 'field-name-case')
            .map((f) => `${f.rule}@${f.range.offset}: ${f.message}`);
        assert.deepEqual(seen(odd), seen(text), odd);
      }),
      { numRuns: 1_500 },
    );
  });

  it('hovers never throw at any offset of a document', () => {
    fc.assert(
      fc.property(textArb, (text) => {
        const doc = parseStreamDocument(text);
        const ws = new WorkspaceIndex([doc]);
        for (let offset = 0; offset <= text.length; offset += 7) {
          const h = hoverAt(doc, offset, ws);
          if (h) assertRange(h.range, text, 'hover');
        }
      }),
      { numRuns: 300 },
    );
  });
});
