import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseAllDocuments } from 'yaml';
import {
  Finding,
  MappedStreamDocument,
  analyzeWorkspace,
  applyEdits,
  goDuration,
  hoverAt,
  looksLikeNackResource,
  looksLikeStreamFile,
  parseAnyStreamDocument,
  parseGoDuration,
} from '../../../src/core/streams';

const HEAD = 'apiVersion: jetstream.nats.io/v1beta2\nkind: Stream\nmetadata:\n  name: orders\nspec:\n';

function lint(docs: [string, string][]): Map<string, Finding[]> {
  const run = analyzeWorkspace(docs.map(([uri, text]) => ({ uri, text })));
  return new Map(run.documents.map((d) => [d.uri, d.findings]));
}

function lintOne(text: string, uri = '/w/s.yaml'): Finding[] {
  return lint([[uri, text]]).get(uri)!;
}

/** The text a finding is anchored at. */
function at(text: string, f: Finding): string {
  return text.slice(f.range.offset, f.range.offset + f.range.length);
}

function only(findings: Finding[], rule: string): Finding {
  const hits = findings.filter((f) => f.rule === rule);
  assert.equal(hits.length, 1, `${rule} in ${findings.map((f) => f.rule).join(', ')}`);
  return hits[0];
}

describe('NACK resources in YAML', () => {
  it('anchors findings at the camelCase keys', () => {
    const text = `${HEAD}  name: ORDERS\n  subjects: ["orders.>"]\n  storage: memory\n  replicas: 2\n  maxAge: 50ms\n  duplicateWindow: 1h\n  allowRollup: true\n  denyPurge: true\n`;
    const findings = lintOne(text);
    assert.equal(at(text, only(findings, 'replicas-even')), 'replicas');
    assert.equal(at(text, only(findings, 'memory-unbounded')), 'storage');
    assert.equal(at(text, only(findings, 'max-age-too-small')), 'maxAge');
    assert.equal(at(text, only(findings, 'duplicate-window-over-max-age')), 'duplicateWindow');
    assert.equal(at(text, only(findings, 'rollup-with-deny-purge')), 'allowRollup');
    const line = text.split('\n').findIndex((l) => l.startsWith('  replicas'));
    assert.equal(only(findings, 'replicas-even').range.start.line, line);
    assert.equal(only(findings, 'max-age-too-small').message, 'maxAge is 50ms: it must be 0 (forever) or at least 100ms');
    assert.match(only(findings, 'memory-unbounded').message, /maxBytes/);
    assert.match(only(findings, 'duplicate-window-over-max-age').message, /^duplicateWindow \(1h\) is longer than maxAge \(50ms\)/);
  });

  it('reads mirrors and sources: the second of two equal sources, a mirror with subjects', () => {
    const text = `${HEAD}  name: AGG\n  sources:\n    - name: A\n    - name: B\n    - name: A\n`;
    const dup = only(lintOne(text), 'duplicate-source');
    assert.equal(dup.range.start.line, text.split('\n').lastIndexOf('    - name: A'));
    const fixed = applyEdits(text, dup.fixes[0].edits);
    assert.equal(fixed, `${HEAD}  name: AGG\n  sources:\n    - name: A\n    - name: B\n`);

    const mirror = `${HEAD}  name: M\n  subjects: [m.>]\n  mirror:\n    name: ORDERS\n`;
    assert.equal(at(mirror, only(lintOne(mirror), 'mirror-with-subjects')), 'subjects');
  });

  it('reads every resource of a multi-document file and leaves other kinds alone', () => {
    const text = [
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  replicas: "2"\n',
      `${HEAD}  name: A\n  subjects: [a]\n  maxAge: 1h\n  replicas: 3\n`,
      'apiVersion: jetstream.nats.io/v1beta1\nkind: Stream\nspec:\n  name: B\n  subjects: [b]\n  maxAge: 1h\n  replicas: 4\n',
      'apiVersion: example.com/v1\nkind: Stream\nspec:\n  name: C\n  replicas: 2\n',
    ].join('---\n');
    const doc = parseAnyStreamDocument(text, '/w/multi.yaml');
    assert.deepEqual(
      doc.streams.map((s) => s.name),
      ['A', 'B'],
    );
    const findings = lintOne(text, '/w/multi.yaml');
    const even = only(findings, 'replicas-even');
    assert.equal(even.stream, 'B');
    assert.equal(even.range.start.line, text.split('\n').lastIndexOf('  replicas: 4'));
  });

  it('fixes edit the resource in place and keep its comments', () => {
    const text = `# the orders stream\n${HEAD}  name: ORDERS # the name\n  subjects: [orders.>]\n  maxAge: 24h\n  # two replicas for now\n  replicas: 2 # we will grow\n  storage: file\n`;
    const even = only(lintOne(text), 'replicas-even');
    assert.equal(even.fixes[0].title, 'Use 3 replicas (R3)');
    const fixed = applyEdits(text, even.fixes[0].edits);
    assert.equal(fixed, text.replace('replicas: 2 # we will grow', 'replicas: 3 # we will grow'));
    assert.equal(lintOne(fixed).filter((f) => f.rule === 'replicas-even').length, 0);

    // A field that is not written is inserted at the spec's indentation.
    const bare = `${HEAD}  name: ORDERS # the name\n  subjects: [orders.>]\n  maxAge: 24h\n  # memory, for speed\n  storage: memory\n  maxBytes: 1024\n`;
    const memory = only(lintOne(bare), 'memory-single-replica');
    const r3 = memory.fixes.find((f) => f.title === 'Use 3 replicas (R3)')!;
    const withReplicas = applyEdits(bare, r3.edits);
    assert.equal(withReplicas, `${bare}  replicas: 3\n`);
    assert.equal(lintOne(withReplicas).filter((f) => f.rule === 'memory-single-replica').length, 0);

    // A removed field takes its line, and only its line.
    const mirror = `${HEAD}  name: M\n  # copies ORDERS\n  subjects: [m.>] # not allowed\n  mirror:\n    name: ORDERS\n`;
    const remove = only(lintOne(mirror), 'mirror-with-subjects').fixes[0];
    assert.equal(applyEdits(mirror, remove.edits), `${HEAD}  name: M\n  # copies ORDERS\n  mirror:\n    name: ORDERS\n`);

    // Durations are written as Go durations.
    const window = `${HEAD}  name: W\n  subjects: [w]\n  maxAge: 1m30s\n  duplicateWindow: 2h # long\n`;
    const lower = only(lintOne(window), 'duplicate-window-over-max-age').fixes[0];
    assert.equal(applyEdits(window, lower.edits), window.replace('duplicateWindow: 2h', 'duplicateWindow: 1m30s'));
  });

  it('words key-value buckets and object stores in their own terms, with the rules that fit', () => {
    const kv = 'apiVersion: jetstream.nats.io/v1beta2\nkind: KeyValue\nmetadata:\n  name: cfg\nspec:\n  bucket: config\n  history: 65\n  ttl: 10ms\n  replicas: 2\n  storage: memory\n';
    const findings = lintOne(kv);
    assert.deepEqual(findings.map((f) => f.rule).sort(), ['kv-history-over-max', 'max-age-too-small', 'memory-unbounded', 'replicas-even']);
    assert.equal(at(kv, only(findings, 'kv-history-over-max')), 'history');
    const ttl = only(findings, 'max-age-too-small');
    assert.equal(at(kv, ttl), 'ttl');
    assert.match(ttl.message, /^ttl is 10ms/);
    assert.match(only(findings, 'memory-unbounded').message, /key-value bucket/);
    assert.ok(findings.every((f) => !/KV_|num_replicas|max_age|max_msgs_per_subject/.test(f.message)), findings.map((f) => f.message).join('\n'));
    assert.equal(applyEdits(kv, only(findings, 'kv-history-over-max').fixes[0].edits), kv.replace('history: 65', 'history: 64'));

    const obj = 'apiVersion: jetstream.nats.io/v1beta2\nkind: ObjectStore\nspec:\n  bucket: assets\n  replicas: 1\n';
    const single = only(lintOne(obj), 'single-replica');
    assert.equal(at(obj, single), 'replicas');
    assert.equal(lintOne(obj).filter((f) => f.rule === 'unbounded-growth').length, 0);
    const doc = parseAnyStreamDocument(obj, '/w/o.yaml');
    assert.equal(doc.streams[0].name, 'OBJ_assets');
    assert.equal(doc.resourceKind(0), 'ObjectStore');
  });

  it('says when a duration is not a Go duration', () => {
    const text = `${HEAD}  name: D\n  subjects: [d]\n  maxAge: 3600\n`;
    const bad = only(lintOne(text), 'invalid-type');
    assert.equal(at(text, bad), 'maxAge');
    assert.match(bad.message, /^`maxAge` "3600" is not a duration/);
  });

  it('reports YAML syntax errors where they are', () => {
    const text = `${HEAD}  name: [unclosed\n  replicas: 2\n`;
    const findings = lintOne(text);
    const error = only(findings, 'parse-error');
    assert.match(error.message, /^Invalid YAML/);
    assert.ok(error.range.start.line >= 5);
  });

  it('reports aliases it cannot read where they are, and reads the other resources and files (no exception ends the run)', () => {
    // A "billion laughs" file: 10 levels of 10 aliases each, refused by the yaml package's bound.
    const levels = ['  a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 12; i++) levels.push(`  a${i}: &a${i} [${Array.from({ length: 10 }, () => `*a${i - 1}`).join(', ')}]`);
    const cases: [string, string, RegExp][] = [
      ['bomb', `${HEAD}  name: BOMB\n${levels.join('\n')}\n  subjects: *a11\n`, /^Invalid YAML: the alias \*a11 cannot be read: Excessive alias count/],
      ['self-seq', `${HEAD}  name: SELF\n  subjects: &s [a, *s]\n`, /^Invalid YAML: the alias \*s is inside the value it names/],
      ['self-map', `${HEAD}  name: SELF\n  placement: &p {cluster: *p}\n`, /^Invalid YAML: the alias \*p is inside the value it names/],
      ['unresolved', `${HEAD}  name: NOWHERE\n  subjects: *nothing\n`, /^Invalid YAML: the alias \*nothing cannot be read: Unresolved alias/],
    ];
    const good = `${HEAD}  name: GOOD\n  subjects: [good.>]\n  replicas: 2\n`;
    const run = lint([...cases.map(([name, text]): [string, string] => [`/w/${name}.yaml`, text]), ['/w/good.yaml', good]]);
    for (const [name, text, message] of cases) {
      const error = only(run.get(`/w/${name}.yaml`)!, 'parse-error');
      assert.match(error.message, message, name);
      assert.match(at(text, error), /^\*/, `${name}: anchored at the alias`);
    }
    assert.deepEqual(run.get('/w/good.yaml')!.map((f) => f.rule).sort(), ['replicas-even', 'unbounded-growth']);
    // A resource after the unreadable one in the same file is still read.
    const two = lintOne(`${cases[1][1]}---\n${good}`);
    assert.deepEqual(two.map((f) => f.rule), ['parse-error'], 'a file with an unreadable alias gets only that error, as for a syntax error');
  });

  it('hovers the camelCase keys', () => {
    const text = `${HEAD}  name: H\n  subjects: [h]\n  replicas: 3\n  maxAge: 2h\n`;
    const doc = parseAnyStreamDocument(text, '/w/h.yaml');
    const hover = hoverAt(doc, text.indexOf('replicas') + 2)!;
    assert.match(hover.markdown, /^\*\*replicas\*\* — R3/);
    assert.equal(text.slice(hover.range.offset, hover.range.offset + hover.range.length), 'replicas');
    const age = hoverAt(doc, text.indexOf('2h'))!;
    assert.match(age.markdown, /\*\*2h\*\*/);
    assert.equal(hoverAt(doc, text.indexOf('metadata')), undefined);
  });

  it('runs the rules across files with JSON stream configs', () => {
    const json = JSON.stringify({ name: 'ORDERS', subjects: ['orders.>'], num_replicas: 3, max_age: 3_600e9, placement: { cluster: 'east' } });
    const mirror = `${HEAD}  name: ORDERS_DR\n  maxAge: 1h\n  replicas: 3\n  mirror:\n    name: ORDERS\n  placement:\n    cluster: east\n`;
    const overlap = `${HEAD}  name: MORE\n  subjects: ["orders.new"]\n  maxAge: 1h\n  replicas: 3\n`;
    const all = lint([
      ['/w/orders.json', json],
      ['/w/dr.yaml', mirror],
      ['/w/more.yml', overlap],
    ]);
    const same = only(all.get('/w/dr.yaml')!, 'mirror-same-cluster');
    assert.equal(at(mirror, same), 'placement');
    assert.equal(at(overlap, only(all.get('/w/more.yml')!, 'subjects-overlap')), 'subjects');
  });

  it('reads JSON key-value bucket configs', () => {
    const text = '{\n  "bucket": "sessions",\n  "history": 100,\n  "ttl": 50000000,\n  "replicas": 1\n}\n';
    assert.ok(looksLikeStreamFile('/w/kv.json', text));
    const findings = lintOne(text, '/w/kv.json');
    const history = only(findings, 'kv-history-over-max');
    assert.equal(at(text, history), '"history"');
    assert.equal(applyEdits(text, history.fixes[0].edits), text.replace('100', '64'));
    const ttl = only(findings, 'max-age-too-small');
    assert.equal(at(text, ttl), '"ttl"');
    assert.match(ttl.message, /^ttl is 50000000 ns/);
    const single = only(findings, 'single-replica');
    assert.equal(at(text, single), '"replicas"');
  });

  it('reads JSON key-value bucket configs as JSON: what the YAML reader would let by is a syntax error, as for stream configs', () => {
    const kv = '{"bucket": "cfg", "history": 5, "replicas": 3';
    const cases: [string, string, RegExp][] = [
      ['trailing comma in .json', `${kv},}`, /^Invalid JSON: a property name in double quotes is expected/],
      ['# comment', `${kv}} # note`, /^Invalid JSON: unexpected character/],
      ['alias', '{"bucket": "cfg", "history": *h, "replicas": 3}', /^Invalid JSON: unexpected character/],
      ['two documents', `${kv}}\n{"bucket": "b"}`, /^Invalid JSON: the document should end here/],
    ];
    for (const [what, text, message] of cases) {
      assert.match(only(lintOne(text, '/w/kv.json'), 'parse-error').message, message, what);
    }
    // VS Code's JSONC takes a trailing comma in a .jsonc file: read, with the warning stream configs get.
    const jsonc = `${kv},}`;
    const warning = only(lintOne(jsonc, '/w/kv.jsonc'), 'jsonc-syntax');
    assert.deepEqual(lintOne(jsonc, '/w/kv.jsonc').map((f) => f.rule), ['jsonc-syntax']);
    assert.equal(at(jsonc, warning), ',');
  });

  it('reads comments in JSON key-value bucket configs as stream configs do: the fields after them count, one jsonc-syntax warning per file', () => {
    // The YAML reader took `// …` and `/* … */` for text: a key after a comment was lost ("no `bucket`").
    const cases: [string, string, string][] = [
      ['line comment before the bucket', '{\n  // the orders bucket\n  "bucket": "orders",\n  "history": 100,\n  "replicas": 2\n}\n', '// '],
      ['block comment before the key', '{\n  /* cfg */ "bucket": "orders",\n  "history": 100,\n  "replicas": 2\n}\n', '/*'],
      ['comments between array items', '[{"bucket": "orders", "history": 100, "replicas": 2},\n// second\n/* a\n   b */ {"bucket": "ok", "history": 5, "replicas": 3}]\n', '//'],
      ['a comment holding JSON', '{"bucket": "orders", /* "bucket": "x", */ "history": 100, // "replicas": 3\n "replicas": 2}', '/*'],
    ];
    for (const [what, text, mark] of cases) {
      for (const uri of ['/w/kv.json', '/w/kv.jsonc']) {
        const findings = lintOne(text, uri);
        assert.deepEqual(findings.map((f) => f.rule).sort(), ['jsonc-syntax', 'kv-history-over-max', 'replicas-even'], `${what} in ${uri}: ${findings.map((f) => f.message).join('; ')}`);
        assert.equal(at(text, only(findings, 'jsonc-syntax')).slice(0, 2), mark.slice(0, 2), what);
        assert.match(only(findings, 'jsonc-syntax').message, /^The file holds comments \(JSONC\): `nats` and the JetStream API read plain JSON only/);
        assert.equal(at(text, only(findings, 'replicas-even')), '"replicas"', what);
        const fixed = applyEdits(text, only(findings, 'kv-history-over-max').fixes[0].edits);
        assert.equal(fixed, text.replace('"history": 100', '"history": 64'), what);
      }
    }
    assert.equal(parseAnyStreamDocument(cases[0][1], '/w/kv.json').streams[0].name, 'KV_orders');
  });

  it('checks a bucket as the NATS clients do: letters, digits, - and _ only, not empty, worded as a bucket', () => {
    const cases: [string, RegExp | undefined][] = [
      ['orders-EU_2', undefined],
      ['', /^`bucket` is empty: a bucket needs one$/],
      ['a b', /^`bucket` "a b" holds whitespace: a bucket may hold only letters, digits, `-` and `_`/],
      ['a.b/c', /^`bucket` "a\.b\/c" holds `\.`, `\/`: a bucket may hold only/],
      // Stream names take these; nats.go's validBucketRe (\A[a-zA-Z0-9_-]+\z) does not.
      ['a:b', /^`bucket` "a:b" holds `:`/],
      ['café', /^`bucket` "café" holds `é`/],
      ['x'.repeat(253), /^`bucket` is 253 characters long: with its `KV_` prefix the server allows at most 252 characters$/],
    ];
    for (const [bucket, message] of cases) {
      const json = `{"bucket": ${JSON.stringify(bucket)}, "history": 5, "replicas": 3}`;
      const yaml = `apiVersion: jetstream.nats.io/v1beta2\nkind: KeyValue\nspec:\n  bucket: ${JSON.stringify(bucket)}\n  replicas: 3\n`;
      for (const [text, uri, key] of [[json, '/w/kv.json', '"bucket"'], [yaml, '/w/kv.yaml', 'bucket']]) {
        const hits = lintOne(text, uri).filter((f) => f.rule === 'invalid-name');
        if (!message) {
          assert.deepEqual(hits, [], `${bucket} in ${uri}`);
          continue;
        }
        assert.equal(hits.length, 1, `${JSON.stringify(bucket)} in ${uri}`);
        assert.match(hits[0].message, message, uri);
        assert.equal(at(text, hits[0]), key, uri);
      }
    }
    const fix = only(lintOne('{"bucket": "a b", "history": 5, "replicas": 3}', '/w/kv.json'), 'invalid-name').fixes[0];
    assert.equal(fix.title, 'Rename to a_b');
    assert.equal(applyEdits('{"bucket": "a b", "history": 5, "replicas": 3}', fix.edits), '{"bucket": "a_b", "history": 5, "replicas": 3}');
    const yaml = 'apiVersion: jetstream.nats.io/v1beta2\nkind: ObjectStore\nspec:\n  bucket: my.assets # shared\n  replicas: 3\n';
    const store = only(lintOne(yaml), 'invalid-name');
    assert.equal(applyEdits(yaml, store.fixes[0].edits), yaml.replace('my.assets', 'my_assets'));
  });

  it('reads NACK consumers with their stream from the workspace, worded and fixed in camelCase', () => {
    const streamYaml = `${HEAD}  name: JOBS\n  subjects: [jobs.>]\n  retention: workqueue\n  maxAge: 1h\n  replicas: 3\n`;
    const consumerYaml = [
      'apiVersion: jetstream.nats.io/v1beta2',
      'kind: Consumer',
      'metadata:',
      '  name: worker',
      'spec:',
      '  streamName: JOBS',
      '  durableName: worker',
      '  deliverSubject: deliver.jobs',
      '  ackPolicy: none # fast',
      '  flowControl: true',
      '  filterSubject: other.x',
      '  replicas: 5',
      '',
    ].join('\n');
    const all = lint([
      ['/w/jobs.yaml', streamYaml],
      ['/w/worker.yaml', consumerYaml],
    ]);
    const findings = all.get('/w/worker.yaml')!;
    assert.deepEqual(findings.map((f) => `${f.rule} ${at(consumerYaml, f)}`), [
      'consumer-ack-none-workqueue ackPolicy',
      'consumer-flow-control-without-heartbeat flowControl',
      'consumer-filter-outside-stream filterSubject',
      'consumer-replicas-over-stream replicas',
    ]);
    const ack = only(findings, 'consumer-ack-none-workqueue');
    assert.match(ack.message, /^ackPolicy is "none"/);
    assert.equal(applyEdits(consumerYaml, ack.fixes[0].edits), consumerYaml.replace('ackPolicy: none # fast', 'ackPolicy: explicit # fast'));
    const heartbeat = only(findings, 'consumer-flow-control-without-heartbeat');
    assert.equal(heartbeat.fixes[0].title, 'Set heartbeatInterval to 5s');
    assert.equal(applyEdits(consumerYaml, heartbeat.fixes[0].edits), `${consumerYaml}  heartbeatInterval: 5s\n`);
    assert.deepEqual(all.get('/w/jobs.yaml'), []);

    // A consumer that leaves everything out is still a consumer, not a stream.
    for (const spec of ['spec:\n  streamName: JOBS\n', 'spec: {}\n', '']) {
      const bare = parseAnyStreamDocument(`apiVersion: jetstream.nats.io/v1beta2\nkind: Consumer\n${spec}`, '/w/c.yaml');
      assert.deepEqual([bare.streams.length, bare.consumers.length], [0, 1], spec);
    }
  });

  it('checks a NACK consumer\'s durableName as the server checks a consumer name, and renames it in place', () => {
    const text = 'apiVersion: jetstream.nats.io/v1beta2\nkind: Consumer\nmetadata:\n  name: retry\nspec:\n  streamName: JOBS\n  durableName: jobs.retry # the retry worker\n  ackPolicy: explicit\n';
    const finding = only(lintOne(text, '/w/c.yaml'), 'consumer-invalid-name');
    assert.equal(at(text, finding), 'durableName');
    assert.match(finding.message, /^durableName "jobs\.retry" contains `\.`/);
    assert.equal(applyEdits(text, finding.fixes[0].edits), text.replace('jobs.retry #', 'jobs_retry #'));
  });

  it('finds a republish cycle at NACK\'s destination key, in its words', () => {
    const text = `${HEAD}  name: PRICES\n  subjects: ["prices.*"]\n  republish:\n    source: prices.*\n    destination: prices.live # for the dashboard\n`;
    const finding = only(lintOne(text), 'republish-invalid');
    assert.equal(at(text, finding), 'destination');
    assert.match(finding.message, /^destination "prices\.live" overlaps the stream's subject "prices\.\*"/);
  });

  it('detects NACK YAML by content, cheaply', () => {
    assert.ok(looksLikeNackResource(`${HEAD}  name: A\n`));
    assert.ok(!looksLikeNackResource('apiVersion: apps/v1\nkind: Deployment\n'));
    assert.ok(!looksLikeNackResource('# jetstream.nats.io is mentioned\nkind: Deployment\n'));
    assert.ok(!looksLikeStreamFile('/w/a.yaml', '{"name": "S", "subjects": ["a"]}'));
    const plain = MappedStreamDocument.fromNackYaml('apiVersion: apps/v1\nkind: Deployment\n', '/w/d.yaml');
    assert.equal(plain.streams.length, 0);
  });
});

describe('Go durations', () => {
  it('reads what time.ParseDuration reads', () => {
    assert.equal(parseGoDuration('1h30m'), 5_400e9);
    assert.equal(parseGoDuration('1.5h'), 5_400e9);
    assert.equal(parseGoDuration('100ms'), 1e8);
    assert.equal(parseGoDuration('2us'), 2_000);
    assert.equal(parseGoDuration('2µs'), 2_000);
    assert.equal(parseGoDuration('0'), 0);
    assert.equal(parseGoDuration('-1s'), -1e9);
    for (const bad of ['', '1', '1d', 'h', '1h 30m', '1.h.', 'abc']) assert.equal(parseGoDuration(bad), undefined, bad);
  });

  it('writes whole units that read back to the same value', () => {
    assert.equal(goDuration(5_400e9), '1h30m');
    assert.equal(goDuration(1e8), '100ms');
    assert.equal(goDuration(0), '0s');
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 52 }), (ns) => {
        assert.equal(parseGoDuration(goDuration(ns)), ns);
      }),
    );
  });
});

const keyArb = fc.constantFrom('replicas', 'storage', 'maxAge', 'duplicateWindow', 'maxBytes', 'maxMsgs', 'subjects', 'retention', 'discard', 'allowRollup', 'denyPurge', 'placement', 'mirror', 'sources', 'ackPolicy', 'flowControl', 'deliverSubject', 'durableName', 'maxAckPending', 'inactiveThreshold', 'memStorage', 'filterSubject');
const valueArb = fc.oneof(
  fc.constantFrom('1', '2', '3', '4', '6', '-1', '0', 'file', 'memory', 'disk', '1h', '50ms', '0s', '2m', 'true', 'false', '"x"', '[a, b]', '[]', 'null', '1x', 'none', 'explicit', 'S0', 'a.b'),
  fc.constantFrom('\n    cluster: east', '\n    name: ORDERS', '\n    - name: A\n    - name: A', '\n    - a.>\n    - b'),
);
const resourceArb = fc.record({
  kind: fc.constantFrom('Stream', 'KeyValue', 'ObjectStore', 'Consumer'),
  fields: fc.array(fc.tuple(keyArb, valueArb, fc.boolean()), { maxLength: 8 }),
});

/** Generated NACK YAML: random fields and values, with comments. */
function renderYaml(resources: { kind: string; fields: [string, string, boolean][] }[]): string {
  return resources
    .map(({ kind, fields }, i) => {
      const seen = new Set<string>();
      const first = kind === 'Stream' ? `  name: S${i}` : kind === 'Consumer' ? '  streamName: S0' : `  bucket: b${i}`;
      const lines = [`# resource ${i}`, 'apiVersion: jetstream.nats.io/v1beta2', `kind: ${kind}`, 'spec:', first];
      for (const [key, value, comment] of fields) {
        if (seen.has(key)) continue;
        seen.add(key);
        if (comment) lines.push(`  # about ${key}`);
        lines.push(`  ${key}:${value.startsWith('\n') ? '' : ' '}${value}`);
      }
      return lines.join('\n') + '\n';
    })
    .join('---\n');
}

describe('NACK YAML (property)', () => {
  it('anchors every finding inside the text, and every fix keeps the comments and still parses', () => {
    fc.assert(
      fc.property(fc.array(resourceArb, { minLength: 1, maxLength: 3 }), (resources) => {
        const text = renderYaml(resources);
        const findings = lintOne(text);
        const comments = text.split('\n').filter((l) => l.trimStart().startsWith('#'));
        for (const f of findings) {
          assert.ok(f.range.offset >= 0 && f.range.offset + f.range.length <= text.length, `${f.rule} out of the text`);
          for (const fix of f.fixes) {
            const fixed = applyEdits(text, fix.edits);
            for (const c of comments) assert.ok(fixed.includes(c), `${fix.title} dropped ${c}`);
            const docs = parseAllDocuments(fixed);
            assert.ok(Array.isArray(docs) && docs.every((d) => d.errors.length === 0), `${fix.title} broke the YAML:\n${fixed}`);
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});
