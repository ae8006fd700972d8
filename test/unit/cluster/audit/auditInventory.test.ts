import * as assert from 'node:assert/strict';
import { AUDIT_RULES, AuditConsumerInfo, AuditInventory, AuditStreamInfo, auditInventory, auditMarkdown, auditText, getAuditRule } from '../../../../src/core/cluster/audit';
import { buildTopology } from '../../../../src/core/cluster';
import { ruleMarkdown } from '../../../../src/core/streams';

// Infos shaped as nats-server 2.9.10 sends them; durations in nanoseconds.
const AT = Date.parse('2026-12-01T12:00:00Z');
const ago = (ms: number): string => new Date(AT - ms).toISOString();

const topology = buildTopology({
  server: { name: 'n1', id: 'N1', version: '2.9.10', cluster: 'c1', jetstream: true, connectUrls: [], tls: false },
  account: { info: { streams: 10, consumers: 5, memory: 0, storage: 1000, limits: { max_memory: -1, max_storage: -1, max_streams: -1, max_consumers: -1 } } },
  system: {
    replies: ['n1', 'n2', 'n3'].map((name, i) => ({ server: { name, cluster: 'c1', jetstream: true, tags: i === 2 ? ['az:b'] : ['az:a', 'ssd'] }, data: { meta_cluster: { leader: 'n1', cluster_size: 3 } } })),
  },
  at: AT,
});

function peers(leader: string, others: Record<string, { current?: boolean; lag?: number; active?: number }>): AuditStreamInfo['cluster'] {
  return { name: 'c1', leader, replicas: Object.entries(others).map(([name, p]) => ({ name, current: p.current ?? true, active: p.active ?? 50e6, ...(p.lag !== undefined ? { lag: p.lag } : {}) })) };
}

/** An R3 file stream, bounded, healthy. */
function healthyStream(name: string, extra: Partial<AuditStreamInfo['config']> = {}, consumers = 0): AuditStreamInfo {
  return {
    config: { name, subjects: [`${name.toLowerCase()}.>`], num_replicas: 3, storage: 'file', retention: 'limits', discard: 'old', max_age: 86_400e9, max_msgs: -1, max_bytes: -1, duplicate_window: 120e9, ...extra },
    state: { messages: 10, bytes: 1000, consumer_count: consumers },
    cluster: peers('n1', { n2: {}, n3: {} }),
  };
}

function consumer(stream: string, name: string, extra: Partial<AuditConsumerInfo> = {}, config: AuditConsumerInfo['config'] = {}): AuditConsumerInfo {
  return {
    stream_name: stream,
    name,
    config: { durable_name: name, ack_policy: 'explicit', deliver_policy: 'all', max_ack_pending: 1000, num_replicas: 0, ...config },
    created: ago(10_000),
    delivered: { consumer_seq: 5, stream_seq: 5, last_active: ago(1000) },
    ack_floor: { consumer_seq: 5, stream_seq: 5, last_active: ago(1000) },
    num_pending: 0,
    ...extra,
  };
}

function inventory(streams: AuditStreamInfo[], consumers: AuditConsumerInfo[] = [], extra: Partial<AuditInventory> = {}): AuditInventory {
  return { streams, consumers, topology, serverVersion: '2.9.10', at: AT, problems: [], ...extra };
}

describe('audit: rules over an inventory', () => {
  it('finds nothing in a healthy set of streams, buckets, stores and consumers', () => {
    const kv = healthyStream('KV_config', { subjects: ['$KV.config.>'], max_msgs_per_subject: 5, allow_rollup_hdrs: true, deny_delete: true, discard: 'new' });
    const obj = healthyStream('OBJ_files', { subjects: ['$O.files.C.>', '$O.files.M.>'], allow_rollup_hdrs: true, discard: 'new' });
    const result = auditInventory(inventory([healthyStream('ORDERS', {}, 1), kv, obj], [consumer('ORDERS', 'worker')]));
    assert.deepEqual(result.findings, []);
    assert.deepEqual(result.counts, { streams: 1, kv: 1, objectstore: 1, consumers: 1 });
  });

  it('r1-in-cluster: an R1 stream or bucket in a cluster of three', () => {
    const r1 = { ...healthyStream('ONE', { num_replicas: 1 }), cluster: { name: 'c1', leader: 'n2' } };
    const kv = { ...healthyStream('KV_one', { num_replicas: 1, subjects: ['$KV.one.>'] }), cluster: { name: 'c1', leader: 'n3' } };
    const result = auditInventory(inventory([r1, kv]));
    const hits = result.findings.filter((f) => f.rule === 'r1-in-cluster');
    assert.deepEqual(hits.map((f) => [f.kind, f.name, f.stream]), [['stream', 'ONE', 'ONE'], ['kv', 'one', 'KV_one']]);
    assert.match(hits[0].message, /stream ONE has 1 replica on n2 in cluster c1 of 3 JetStream servers/);
    assert.match(hits[1].message, /^key-value bucket one has 1 replica on n3/);
    // The catalogue ran on the same configs: single-replica, in the bucket's words.
    const single = result.findings.find((f) => f.rule === 'single-replica' && f.kind === 'kv');
    assert.ok(single, 'single-replica on the bucket');
    assert.doesNotMatch(single.message, /\bstream\b/);
  });

  it('stream-no-leader: no leader elected, or listed but not reported', () => {
    const s = { ...healthyStream('HEADLESS'), cluster: { name: 'c1', replicas: [{ name: 'n1', current: false }, { name: 'n2', current: false }] } };
    const gone: AuditStreamInfo = { config: { name: 'GONE' }, unavailable: 'its servers may be down' };
    const result = auditInventory(inventory([s, gone]));
    const hits = result.findings.filter((f) => f.rule === 'stream-no-leader');
    assert.deepEqual(hits.map((f) => [f.severity, f.name]), [['error', 'GONE'], ['error', 'HEADLESS']]);
    assert.match(hits[1].message, /no leader elected/);
    assert.equal(result.findings.filter((f) => f.name === 'GONE').length, 1, 'an unavailable stream gets no other finding');
  });

  it('replica-offline and replica-lagging: a follower down, one missing, one far behind', () => {
    const down = { ...healthyStream('DOWN'), cluster: peers('n1', { n2: { current: false, active: 9e9, lag: 4 } }) };
    const slow = { ...healthyStream('SLOW'), cluster: peers('n1', { n2: { lag: 5000 }, n3: { lag: 3 } }) };
    const result = auditInventory(inventory([down, slow]));
    const offline = result.findings.filter((f) => f.rule === 'replica-offline');
    assert.deepEqual(offline.map((f) => f.name), ['DOWN']);
    assert.match(offline[0].message, /n2 not current \(4 behind, seen 9\.0 s ago\), 1 replica missing; survives no further failure/);
    const lagging = result.findings.filter((f) => f.rule === 'replica-lagging');
    assert.deepEqual(lagging.map((f) => f.message), ['stream SLOW: n2 is 5000 operations behind leader n1']);
  });

  it('copy-error and copy-lagging: a failing mirror, a source far behind, a silent one', () => {
    const failing = { ...healthyStream('M1', { subjects: undefined, mirror: { name: 'NOPE' } }), mirror: { name: 'NOPE', lag: 0, active: -1, error: { code: 404, err_code: 10059, description: 'stream not found' } } };
    const behind = { ...healthyStream('S1', { sources: [{ name: 'A' }, { name: 'B' }] }), sources: [{ name: 'A', lag: 12_345, active: 1e9 }, { name: 'B', lag: 0, active: 300e9 }] };
    const result = auditInventory(inventory([failing, behind]));
    assert.deepEqual(result.findings.filter((f) => f.rule === 'copy-error').map((f) => f.message), ['stream M1: its mirror of NOPE fails: stream not found (JetStream error 10059)']);
    assert.deepEqual(result.findings.filter((f) => f.rule === 'copy-lagging').map((f) => f.message), ['stream S1: its source of A: 12,345 messages behind', 'stream S1: its source of B: nothing heard from it for 5m']);
  });

  it('consumer-replicas-differ, and the catalogue’s consumer rules on live consumers', () => {
    const stream = healthyStream('ORDERS', {}, 3);
    const r1 = consumer('ORDERS', 'r1', {}, { num_replicas: 1 });
    const mem = consumer('ORDERS', 'mem', {}, { mem_storage: true });
    const over = consumer('ORDERS', 'over', {}, { num_replicas: 5 });
    const result = auditInventory(inventory([stream], [r1, mem, over]));
    const of = (rule: string): string[] => result.findings.filter((f) => f.rule === rule).map((f) => `${f.kind}:${f.name}:${f.stream}`);
    assert.deepEqual(of('consumer-replicas-differ'), ['consumer:r1:ORDERS']);
    assert.deepEqual(of('consumer-memory-storage'), ['consumer:mem:ORDERS']);
    assert.deepEqual(of('consumer-replicas-over-stream'), ['consumer:over:ORDERS']);
  });

  it('ephemeral consumers (an ordered consumer watching a bucket) are counted, not checked', () => {
    const kv = healthyStream('KV_config', { subjects: ['$KV.config.>'], max_msgs_per_subject: 5 }, 1);
    const ordered = consumer('KV_config', 'Hx8aYq', { num_pending: 50_000, delivered: { last_active: ago(30 * 86_400_000) } }, { durable_name: undefined, deliver_subject: '_INBOX.x', flow_control: true, idle_heartbeat: 5e9, mem_storage: true, num_replicas: 1, ack_policy: 'none' });
    const result = auditInventory(inventory([kv], [ordered]));
    assert.deepEqual(result.findings, []);
    assert.equal(result.counts.consumers, 1);
  });

  it('consumer-idle-pending: idle past the threshold with many pending, not when either is short', () => {
    const stream = healthyStream('Q', {}, 3);
    const idle = consumer('Q', 'idle', { num_pending: 5000, delivered: { last_active: ago(3 * 3600_000) }, ack_floor: {}, created: ago(4 * 3600_000) });
    const busy = consumer('Q', 'busy', { num_pending: 5000 });
    const drained = consumer('Q', 'drained', { num_pending: 3, delivered: { last_active: ago(3 * 3600_000) } });
    const result = auditInventory(inventory([stream], [idle, busy, drained]));
    const hits = result.findings.filter((f) => f.rule === 'consumer-idle-pending');
    assert.deepEqual(hits.map((f) => f.name), ['idle']);
    assert.equal(hits[0].message, 'consumer idle of stream Q has been idle for 3h with 5,000 messages pending');
    assert.deepEqual(auditInventory(inventory([stream], [idle]), { idleMs: 4 * 3600_000 }).findings, []);
  });

  it('discard-new-near-limit: 90% of max_bytes or max_msgs with discard new, not with discard old', () => {
    const full = { ...healthyStream('FULL', { discard: 'new', max_msgs: 100, max_bytes: 1_000_000 }), state: { messages: 95, bytes: 10_000 } };
    const old = { ...healthyStream('OLD', { discard: 'old', max_msgs: 100 }), state: { messages: 100, bytes: 10 } };
    const result = auditInventory(inventory([full, old]));
    const hits = result.findings.filter((f) => f.rule === 'discard-new-near-limit');
    assert.deepEqual(hits.map((f) => f.message), ['stream FULL holds 95 of max_msgs 100 messages (95%) with discard new: publishes fail once it is full']);
  });

  it('placement-drift: a replica on a server without the tags, a stream in another cluster', () => {
    const drift = healthyStream('TAGGED', { placement: { tags: ['az:a'] } });
    const fine = { ...healthyStream('FINE', { placement: { tags: ['SSD'] } }), cluster: { name: 'c1', leader: 'n1', replicas: [{ name: 'n2', current: true, active: 1e6 }] } };
    const result = auditInventory(inventory([drift, { ...fine, config: { ...fine.config, num_replicas: 2 } }]));
    const hits = result.findings.filter((f) => f.rule === 'placement-drift');
    assert.deepEqual(hits.map((f) => f.message), ['stream TAGGED placement (tags az:a) no longer matches: replica on n3 lacks tag az:a']);
  });

  it('account-near-limits: usage at 90% of a limit', () => {
    const account = { streams: 95, consumers: 1, memory: 0, storage: 950, limits: { max_memory: -1, max_storage: 1000, max_streams: 100, max_consumers: -1 } };
    const result = auditInventory(inventory([], [], { account }));
    assert.deepEqual(result.findings.map((f) => [f.kind, f.name, f.stream, f.rule, f.severity]), [['account', 'account', undefined, 'account-near-limits', 'warning']]);
    assert.equal(result.findings[0].message, 'the account uses file storage 950 bytes of 1000 bytes (95%), streams 95 of 100 (95%) of its JetStream limits');
  });

  it('settings turn rules off or change their severity', () => {
    const r1 = { ...healthyStream('ONE', { num_replicas: 1 }), cluster: { name: 'c1', leader: 'n2' } };
    const result = auditInventory(inventory([r1]), { settings: { 'r1-in-cluster': 'error', 'single-replica': 'off' } });
    assert.deepEqual(result.findings.map((f) => [f.rule, f.severity]), [['r1-in-cluster', 'error']]);
  });

  it('sorts errors first and says what it could not check', () => {
    const noTopology = inventory([{ ...healthyStream('ONE', { num_replicas: 1 }), cluster: { name: 'c1', leader: 'n2' } }, { config: { name: 'GONE' }, unavailable: 'down' }], [], { topology: undefined });
    const result = auditInventory(noTopology);
    assert.equal(result.findings[0].severity, 'error');
    assert.ok(result.notes.some((n) => /topology did not run/.test(n)));
    assert.ok(result.notes.some((n) => /limits are unknown/.test(n)));
  });
});

describe('audit: rule pages and reports', () => {
  it('every audit rule has a stable id, a page, and no id of the stream catalogue', () => {
    const ids = AUDIT_RULES.map((r) => r.id);
    assert.equal(new Set(ids).size, ids.length);
    for (const rule of AUDIT_RULES) {
      assert.match(rule.id, /^[a-z0-9]+(-[a-z0-9]+)*$/);
      assert.equal(getAuditRule(rule.id), rule);
      assert.match(ruleMarkdown(rule), new RegExp(`\\(\`${rule.id}\`\\)[\\s\\S]*found by auditing a connection`));
    }
  });

  it('writes Markdown grouped by severity and asset, names escaped', () => {
    const r1 = { ...healthyStream('ONE_x', { num_replicas: 1 }), cluster: { name: 'c1', leader: 'n2' } };
    const result = auditInventory(inventory([r1, { config: { name: 'GONE' }, unavailable: 'down' }]));
    const text = auditMarkdown(result, { connection: 'prod', servers: 'nats://a:4222', at: new Date(AT) });
    assert.match(text, /^# Audit of prod\n/);
    assert.match(text, /## Errors \(1\)\n\n### Stream GONE\n\n- `stream-no-leader`: stream GONE cannot be reported: down/);
    assert.match(text, /## Warnings \(1\)\n\n### Stream ONE\\_x\n\n- `r1-in-cluster`: stream ONE\\_x has 1 replica/);
    assert.match(auditText(result), /^error stream-no-leader Stream GONE: stream GONE cannot be reported: down\n/);
  });
});
