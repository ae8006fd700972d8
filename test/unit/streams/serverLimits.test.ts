/** Reading a config exactly as nats-server reads it: versions, encodings, nesting, letter case. */
import * as assert from 'node:assert/strict';
import { JsonTree, MAX_DEPTH, analyzeDocument, decodeStreamFile, hoverAt, parseServerVersion, parseStreamDocument, versionAtLeast } from '../../../src/core/streams';

const rules = (text: string, uri = 'f/a.json', serverVersion?: string): string[] => analyzeDocument(text, { uri, serverVersion }).findings.map((f) => f.rule);

describe("exactly the server's limits", () => {
  it('reads server versions: 2.9, 2.10.17, v2.11.0, 2.12.0-beta.1; a missing patch is the newest of its line', () => {
    assert.deepEqual(parseServerVersion('2.10.17'), { major: 2, minor: 10, patch: 17, text: '2.10.17' });
    assert.equal(parseServerVersion('v2.11.0')?.patch, 0);
    assert.equal(parseServerVersion('2.12.0-beta.1')?.minor, 12);
    assert.equal(parseServerVersion('2.9')?.patch, Infinity);
    for (const bad of ['', 'latest', '2', '2.x', '2.10.17.1']) assert.equal(parseServerVersion(bad), undefined, bad);
    assert.equal(versionAtLeast(parseServerVersion('2.10'), 2, 10, 28), true);
    assert.equal(versionAtLeast(parseServerVersion('2.10.27'), 2, 10, 28), false);
    assert.equal(versionAtLeast(undefined, 9, 9, 9), true, 'no version: the newest');
  });

  it('decodes files as VS Code does: UTF-8 with or without a byte order mark, UTF-16 with one; names the rest', () => {
    const text = '{"name": "é中🚀"}';
    assert.equal(decodeStreamFile(Buffer.from(text)).text, text);
    assert.equal(decodeStreamFile(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)])).text, text);
    assert.equal(decodeStreamFile(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])).text, text);
    assert.equal(decodeStreamFile(Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()])).text, text);
    assert.match(decodeStreamFile(Buffer.from(text, 'utf16le')).problem ?? '', /UTF-16 without a byte order mark/);
    assert.deepEqual(parseStreamDocument('\uFEFF{"name": "S"}').syntaxErrors, [], 'a byte order mark left in the text is skipped');
    assert.equal(parseStreamDocument('\uFEFF{"name": "S",}').syntaxErrors[0].message, 'a property name in double quotes is expected', 'not "unexpected character"');
  });

  it("reads nesting up to Go's 10,000 levels and reports deeper as the server's refusal", () => {
    const nested = (levels: number): string => `{"name": "S", "deep": ${'['.repeat(levels - 1)}${']'.repeat(levels - 1)}}`;
    assert.deepEqual(JsonTree.parse(nested(MAX_DEPTH)).errors, []);
    const deeper = JsonTree.parse(nested(MAX_DEPTH + 1)).errors;
    assert.deepEqual(deeper.map((e) => e.code), ['TooDeep']);
    assert.match(deeper[0].message, /nested deeper than 10,000 levels: the server's JSON reader refuses them/);
    assert.deepEqual(rules(`{"name": "S", "subjects": ["a"], "num_replicas": 3, "max_age": 1000000000, "mirror": {"x": ${'['.repeat(9990)}${']'.repeat(9990)}}}`), ['mirror-with-subjects', 'copy-invalid-name']);
  });

  it('reads keys as Go does: any letter case, Kelvin sign and long s, the last of repeated keys wins', () => {
    const doc = parseStreamDocument('{"name": "S", "NUM_REPLICAS": 2, "num_replicas": 3, "\u017fTORAGE": "memory", "MAX_\u212aB": 1}');
    const [stream] = doc.streams;
    assert.equal(stream.config.num_replicas, 3);
    assert.equal(stream.config.storage, 'memory');
    assert.deepEqual(stream.caseIssues.map((c) => c.field), ['num_replicas', 'storage']);
    assert.deepEqual(parseStreamDocument('{"Name": "A", "name": "B", "NAME": "C"}').streams[0].config.name, 'C');
    assert.ok(rules('{"name": "S", "subjects": ["a"], "num_replicas": 3, "Num_Replicas": 2, "max_age": 1000000000}').includes('replicas-even'));
    const fix = analyzeDocument('{"MAX_AGE": 1, "name": "S"}').findings.find((f) => f.rule === 'field-name-case')!;
    assert.deepEqual(fix.fixes[0].edits, [{ offset: 1, length: 9, newText: '"max_age"' }]);
  });

  it('prints integers beyond 2^53 exactly', () => {
    const [range] = analyzeDocument('{"name": "S", "max_bytes": 9223372036854775808}').findings.filter((f) => f.rule === 'invalid-type');
    assert.equal(range.message, '`max_bytes` is out of range: 9223372036854775808 does not fit between -9223372036854775808 and 9223372036854775807');
  });
});

describe('hovers print integers beyond 2^53 exactly', () => {
  it('max_msgs and max_age as written', () => {
    const text = '{"name": "S", "max_msgs": 9223372036854775807, "max_age": 9223372036854775807}';
    const doc = parseStreamDocument(text);
    const msgs = hoverAt(doc, text.indexOf('"max_msgs"') + 2)!;
    assert.match(msgs.markdown, /At most \*\*9,223,372,036,854,775,807 messages\*\*/);
    const age = hoverAt(doc, text.indexOf('"max_age"') + 2)!;
    assert.match(age.markdown, /\(9223372036854775807 ns\)/);
  });
});

describe('jsonc-syntax is about the file', () => {
  it('no stream counts it, even when the comment sits inside a stream', () => {
    const [finding] = analyzeDocument('{\n  // a comment\n  "name": "S"\n}', { uri: 'f/a.json' }).findings.filter((f) => f.rule === 'jsonc-syntax');
    assert.equal(finding.stream, undefined);
    assert.equal(finding.range.start.line, 1);
  });
});
