import * as assert from 'node:assert/strict';
import {
  AnalysisOptions,
  DocumentInput,
  Finding,
  MappedStreamDocument,
  RULE_IDS,
  StreamDocument,
  Topology,
  analyzeWorkspace,
  catalogueMarkdown,
  getRule,
  ruleCatalogue,
  ruleMarkdown,
  unreadableDocument,
} from '../../../src/core/streams';

/** One or several documents; `anchor` is the text the finding must start at (in the first document). */
interface Case {
  docs: string | DocumentInput[];
  anchor?: string;
  options?: AnalysisOptions;
}

const json = (value: unknown): string => JSON.stringify(value, null, 2);
const stream = (fields: Record<string, unknown> = {}): Record<string, unknown> => ({ name: 'S', subjects: ['s.>'], max_age: 86_400e9, num_replicas: 3, ...fields });
const consumerConfig = (fields: Record<string, unknown>): Record<string, unknown> => ({ durable_name: 'C', ack_policy: 'explicit', ...fields });
/** A `nats consumer info --json` document on stream S. */
const consumer = (fields: Record<string, unknown>): Record<string, unknown> => ({ stream_name: 'S', name: 'C', config: consumerConfig(fields) });
const one = (fields: Record<string, unknown>, anchor?: string, options?: AnalysisOptions): Case => ({ docs: json(stream(fields)), anchor, options });
const raw = (text: string, anchor?: string): Case => ({ docs: text, anchor });
const files = (docs: [string, unknown][], anchor?: string, options?: AnalysisOptions): Case => ({
  docs: docs.map(([uri, value]) => ({ uri, text: typeof value === 'string' ? value : json(value) })),
  anchor,
  options,
});

const standalone: Topology = { kind: 'standalone' };
const cluster3: Topology = {
  kind: 'clustered',
  clusters: [{ name: 'east', servers: ['n1', 'n2', 'n3'].map((name, i) => ({ name, tags: i < 2 ? ['ssd'] : [], jetstream: true })) }],
  defaultCluster: 'east',
};
/** Only the connected cluster's server count is known (monitoring endpoint without system rights). */
const partial3: Topology = { ...cluster3, clusters: [{ ...cluster3.clusters[0], servers: cluster3.clusters[0].servers.map((s) => ({ ...s, tags: [] })) }], partial: 'tags unknown' };
const superCluster: Topology = {
  kind: 'clustered',
  clusters: [
    { name: 'east', servers: ['e1', 'e2', 'e3'].map((name) => ({ name, tags: ['ssd'], jetstream: true })) },
    { name: 'west', servers: ['w1', 'w2', 'w3', 'w4', 'w5'].map((name) => ({ name, tags: [], jetstream: true })) },
  ],
};

const CASES: Record<string, { fires: Case[]; quiet: Case[] }> = {
  'parse-error': {
    fires: [raw('{"name": "S" "subjects": []}', '"subjects"'), raw('{"name": "S",}', '}'), raw(''), raw('{"name": "S"'), raw('[1, 2'), raw('{"a": 01}')],
    quiet: [raw('// comment\n{"name": "S", /* inline */ "subjects": ["a"]}'), raw('[]')],
  },
  'invalid-type': {
    fires: [
      one({ storage: 'disk' }, '"storage"'),
      one({ storage: 'File' }, '"storage"'),
      one({ retention: 'bogus' }, '"retention"'),
      one({ discard: 'oldest' }, '"discard"'),
      one({ num_replicas: '3' }, '"num_replicas"'),
      one({ max_msgs: 1.5 }, '"max_msgs"'),
      raw('{"name": "S", "num_replicas": 1.0}', '"num_replicas"'),
      raw('{"name": "S", "max_age": 1e9}', '"max_age"'),
      one({ max_msg_size: 3_000_000_000 }, '"max_msg_size"'),
      one({ subjects: 'a.b' }, '"subjects"'),
      one({ storage: null }, '"storage"'),
      one({ placement: { tags: ['a', 5] } }, '5'),
      one({ mirror: { name: 'X', opt_start_seq: -1 } }, '"opt_start_seq"'),
      one({ mirror: { name: 'X', opt_start_time: 'yesterday' } }, '"opt_start_time"'),
      one({ description: 5 }, '"description"'),
      raw('{"name": "S", "sources": [{"name": "A"}, null]}', 'null'),
      one({ sealed: 'no' }, '"sealed"'),
      raw('"just a string"', '"just'),
      raw('[{"name": "S"}, 42]', '42'),
      raw('{"name": "S", "max_bytes": 9223372036854775808}', '"max_bytes"'),
      raw('{"name": "S", "max_msgs": -9223372036854775809}', '"max_msgs"'),
      raw('{"name": "S", "mirror": {"name": "X", "opt_start_seq": 18446744073709551616}}', '"opt_start_seq"'),
    ],
    quiet: [
      one({ storage: 'memory', retention: 'workqueue', discard: 'new', max_bytes: 1024 }),
      one({ placement: null, mirror: null, num_replicas: null }),
      one({ mirror: { name: 'X', opt_start_time: '2024-05-01T00:00:00Z', opt_start_seq: 5 }, subjects: [] }),
      one({ metadata: { team: 'a' }, unknown_field: 'ignored' }),
      one({ subjects: ['s.a', null], placement: { cluster: null, tags: [null] } }),
      raw('{"config": {"name": "S", "subjects": ["a"], "max_age": 0}, "state": {"messages": 1}}'),
      raw('{"name": "S", "max_bytes": 9223372036854775807, "max_msgs": -9223372036854775808}'),
      raw('{"name": "S", "mirror": {"name": "X", "opt_start_seq": 18446744073709551615}}'),
    ],
  },
  'unreadable-file': {
    fires: [{ docs: [unreadableDocument('f/a.json', 'a dangling symbolic link')] }, { docs: [unreadableDocument('f/b.json', 'larger than 64 MiB'), { uri: 'f/c.json', text: json(stream()) }] }],
    quiet: [one({}), raw('{"name": "S",')],
  },
  'jsonc-syntax': {
    fires: [
      raw('// streams\n{"name": "S", "subjects": ["a"]}', '// streams'),
      raw('{"name": "S", /* R3 */ "num_replicas": 3}', '/* R3 */'),
      files([['f/a.jsonc', '{"name": "S", "subjects": ["a",],}']], ',]'),
      files([['f/a.JSONC', '[{"name": "S"},\n]']], ',\n]'),
    ],
    quiet: [one({}), raw('{"name": "S", "description": "// not a comment, /* nor this */"}'), files([['f/a.jsonc', json(stream())]]), raw('{"name": "S",}')],
  },
  'field-name-case': {
    fires: [raw('{"Name": "S", "subjects": ["a"]}', '"Name"'), raw('{"name": "S", "MAX_AGE": 1}', '"MAX_AGE"'), raw('{"name": "S", "mirror": {"NAME": "X"}}', '"NAME"')],
    quiet: [one({}), one({ metadata: { Team: 'a' } }), one({ Unknown_Field: 1 })],
  },
  'invalid-name': {
    fires: [
      raw('{"subjects": ["a"]}', '{'),
      one({ name: '' }, '"name"'),
      one({ name: null }, '"name"'),
      one({ name: 'a.b' }, '"name"'),
      one({ name: 'a b' }, '"name"'),
      one({ name: 'a*' }, '"name"'),
      one({ name: 'a>' }, '"name"'),
      one({ name: 'a/b' }, '"name"'),
      one({ name: 'a\\b' }, '"name"'),
      one({ name: 'tab\there' }, '"name"'),
      one({ name: 'x'.repeat(256) }, '"name"'),
      one({ name: 'é'.repeat(128) }, '"name"'),
    ],
    quiet: [one({ name: 'ORDERS-eu_1' }), one({ name: 5 }), one({ name: 'x'.repeat(255) }), one({ name: 'é'.repeat(127) + 'x' })],
  },
  'replicas-negative': { fires: [one({ num_replicas: -1 }, '"num_replicas"')], quiet: [one({ num_replicas: 0 }), one({ num_replicas: 1 })] },
  'replicas-over-max': { fires: [one({ num_replicas: 6 }, '"num_replicas"'), one({ num_replicas: 100 })], quiet: [one({ num_replicas: 5 })] },
  'replicas-even': {
    fires: [one({ num_replicas: 2 }, '"num_replicas"'), one({ num_replicas: 4 }, '"num_replicas"')],
    quiet: [one({ num_replicas: 1 }), one({ num_replicas: 3 }), one({ num_replicas: 5 }), one({ num_replicas: 6 }), one({ num_replicas: 0 })],
  },
  'memory-single-replica': {
    fires: [one({ storage: 'memory', num_replicas: 1, max_bytes: 1024 }, '"storage"'), one({ storage: 'memory', num_replicas: 0 }), raw('{"name": "S", "storage": "memory"}', '"storage"')],
    quiet: [one({ storage: 'memory', num_replicas: 3 }), one({ storage: 'file', num_replicas: 1 }), one({ storage: 'memory', num_replicas: -1 })],
  },
  'single-replica': {
    fires: [one({ num_replicas: 1 }, '"num_replicas"'), raw('{"name": "S", "subjects": ["a"]}', '"name"'), raw('{"subjects": ["a"]}', '{'), one({ num_replicas: 0 })],
    quiet: [one({ num_replicas: 3 }), one({ storage: 'memory', num_replicas: 1 }), one({ num_replicas: -2 })],
  },
  'memory-unbounded': {
    fires: [one({ storage: 'memory' }, '"storage"'), one({ storage: 'memory', max_bytes: -1 }), one({ storage: 'memory', max_bytes: 0 })],
    quiet: [one({ storage: 'memory', max_bytes: 1 }), one({ storage: 'file' })],
  },
  'unbounded-growth': {
    fires: [one({ max_age: 0 }, '"name"'), one({ max_age: 0, retention: 'limits' }, '"retention"'), raw('{"config": {"name": "S"}}', '"name"')],
    quiet: [
      one({}),
      one({ max_age: 0, max_bytes: 1 }),
      one({ max_age: 0, max_msgs: 1 }),
      one({ max_age: 0, max_msgs_per_subject: 1 }),
      one({ max_age: 0, retention: 'interest' }),
      one({ max_age: 0, retention: 'workqueue' }),
    ],
  },
  'consumer-replicas-over-stream': {
    fires: [
      files([['c.json', [stream({ num_replicas: 1 }), consumer({ num_replicas: 3 })]]], '"num_replicas": 3'),
      files([['s.json', stream({ num_replicas: 3 })], ['c.json', consumer({ num_replicas: 5 })]]),
    ],
    quiet: [
      files([['c.json', [stream({ num_replicas: 3 }), consumer({ num_replicas: 3 })]]]),
      files([['c.json', [stream({ num_replicas: 1 }), consumer({ num_replicas: 0 })]]]),
      files([['c.json', consumerConfig({ num_replicas: 5 })]]),
    ],
  },
  'consumer-invalid-name': {
    fires: [
      files([['c.json', consumerConfig({ durable_name: 'orders.new' })]], '"durable_name"'),
      files([['c.json', consumerConfig({ durable_name: 'a b' })]]),
      files([['c.json', consumerConfig({ durable_name: 'eu/orders' })]]),
      files([['c.json', consumerConfig({ durable_name: 'x'.repeat(256) })]]),
      files([['c.json', { ack_policy: 'explicit', name: 'all>' }]], '"name"'),
    ],
    quiet: [
      files([['c.json', consumerConfig({ durable_name: 'orders-new_1' })]]),
      files([['c.json', consumerConfig({ durable_name: 'a:b' })]]),
      files([['c.json', consumerConfig({ durable_name: 'x'.repeat(255) })]]),
      files([['c.json', { ack_policy: 'explicit', deliver_subject: 'out.x' }]]),
    ],
  },
  'consumer-invalid-settings': {
    fires: [
      files([['c.json', consumerConfig({ idle_heartbeat: 5e9 })]], '"idle_heartbeat"'),
      files([['c.json', consumerConfig({ flow_control: true })]], '"flow_control"'),
      // The server's order: the heartbeat is named first.
      files([['c.json', consumerConfig({ flow_control: true, idle_heartbeat: 5e9 })]], '"idle_heartbeat"'),
      files([['c.json', consumerConfig({ rate_limit_bps: 100 })]], '"rate_limit_bps"'),
      files([['c.json', consumerConfig({ deliver_subject: 'out.d', max_waiting: 5 })]], '"max_waiting"'),
      files([['c.json', consumerConfig({ deliver_subject: 'out.>' })]], '"deliver_subject"'),
      files([['c.json', [stream(), consumer({ deliver_subject: 's.out' })]]], '"deliver_subject"'),
      files([['c.json', consumerConfig({ opt_start_seq: 5 })]], '"opt_start_seq"'),
      files([['c.json', consumerConfig({ deliver_policy: 'by_start_time' })]], '"deliver_policy"'),
      files([['c.json', consumerConfig({ deliver_policy: 'last_per_subject' })]], '"deliver_policy"'),
      files([['c.json', consumerConfig({ ack_policy: 'explict' })]], '"ack_policy"'),
      files([['c.json', consumerConfig({ backoff: [1e9, 2e9], max_deliver: 1 })]], '"max_deliver"'),
      files([['c.json', consumerConfig({ backoff: [1e9] })]], '"backoff"', { serverVersion: '2.10' }),
      files([['c.json', consumerConfig({ max_batch: -1 })]], '"max_batch"', { serverVersion: '2.9' }),
      files([['c.json', consumerConfig({ sample_freq: 'often' })]], '"sample_freq"'),
      files([['c.json', consumerConfig({ name: 'other' })]], '"name"'),
      files([['c.json', consumerConfig({ num_replicas: -1 })]], '"num_replicas"'),
      files([['c.json', consumerConfig({ description: 'd'.repeat(4097) })]], '"description"'),
    ],
    quiet: [
      files([['c.json', consumerConfig({ deliver_subject: 'out.d', idle_heartbeat: 5e9, flow_control: true })]]),
      files([['c.json', consumerConfig({ deliver_policy: 'by_start_sequence', opt_start_seq: 5 })]]),
      files([['c.json', consumerConfig({ deliver_policy: 'last_per_subject', filter_subject: 's.a' })]]),
      files([['c.json', consumerConfig({ backoff: [1e9] })]]),
      files([['c.json', consumerConfig({ backoff: [1e9, 2e9], max_deliver: 3 })]]),
      files([['c.json', consumerConfig({ max_batch: -1 })]]),
      files([['c.json', consumerConfig({ sample_freq: '50%', name: 'C', max_expires: 1e6 })]]),
      files([['c.json', [stream(), consumer({ deliver_subject: 'out.s' })]]]),
    ],
  },
  'consumer-memory-storage': {
    fires: [files([['c.json', consumerConfig({ mem_storage: true })]], '"mem_storage"'), files([['c.json', [stream(), consumer({ mem_storage: true })]]])],
    quiet: [files([['c.json', consumerConfig({ mem_storage: false })]]), files([['c.json', [stream({ storage: 'memory', max_bytes: 1024 }), consumer({ mem_storage: true })]]])],
  },
  'consumer-ack-none-workqueue': {
    fires: [
      files([['c.json', [stream({ retention: 'workqueue' }), consumer({ ack_policy: 'none' })]]], '"ack_policy": "none"'),
      files([['c.json', [stream({ retention: 'workqueue' }), { stream_name: 'S', config: { durable_name: 'C' } }]]]),
    ],
    quiet: [files([['c.json', [stream({ retention: 'workqueue' }), consumer({ ack_policy: 'explicit' })]]]), files([['c.json', [stream(), consumer({ ack_policy: 'none' })]]])],
  },
  'consumer-unlimited-ack-pending': {
    fires: [files([['c.json', consumerConfig({ max_ack_pending: -1 })]], '"max_ack_pending"')],
    quiet: [files([['c.json', consumerConfig({ max_ack_pending: 1000 })]]), files([['c.json', consumerConfig({ ack_policy: 'none', max_ack_pending: -1 })]])],
  },
  'consumer-push-without-durable': {
    fires: [files([['c.json', { ack_policy: 'explicit', deliver_subject: 'out.x' }]], '"deliver_subject"')],
    quiet: [files([['c.json', consumerConfig({ deliver_subject: 'out.x' })]]), files([['c.json', { ack_policy: 'explicit' }]])],
  },
  'consumer-filter-outside-stream': {
    fires: [
      files([['c.json', [stream(), consumer({ filter_subject: 'other.x' })]]], '"filter_subject"'),
      files([['c.json', [stream(), consumer({ filter_subject: 's..x' })]]], '"filter_subject"'),
      // No valid subject: refused whatever the stream, even one not in the workspace.
      files([['c.json', consumerConfig({ filter_subject: 's.>.x' })]], '"filter_subject"'),
    ],
    quiet: [
      files([['c.json', [stream(), consumer({ filter_subject: 's.x' })]]]),
      files([['c.json', [stream(), consumer({ filter_subject: '>' })]]]),
      files([['c.json', [stream({ subjects: [], mirror: { name: 'O' } }), consumer({ filter_subject: 'other.x' })]]]),
      files([['c.json', consumerConfig({ filter_subject: 'other.x' })]]),
    ],
  },
  'consumer-inactive-threshold-durable': {
    fires: [files([['c.json', consumerConfig({ inactive_threshold: 60e9 })]], '"inactive_threshold"')],
    quiet: [files([['c.json', { ack_policy: 'explicit', inactive_threshold: 60e9 }]]), files([['c.json', consumerConfig({})]])],
  },
  'consumer-flow-control-without-heartbeat': {
    fires: [files([['c.json', consumerConfig({ deliver_subject: 'out.x', flow_control: true })]], '"flow_control"')],
    quiet: [files([['c.json', consumerConfig({ deliver_subject: 'out.x', flow_control: true, idle_heartbeat: 5e9 })]]), files([['c.json', consumerConfig({ flow_control: false })]])],
  },
  'kv-history-over-max': {
    fires: [
      files([['kv.json', { bucket: 'cfg', history: 65, replicas: 3 }]], '"history"'),
      files([['kv.yaml', 'apiVersion: jetstream.nats.io/v1beta2\nkind: KeyValue\nspec:\n  bucket: cfg\n  history: 100\n']], 'history'),
    ],
    quiet: [
      files([['kv.json', { bucket: 'cfg', history: 64, replicas: 3 }]]),
      one({ max_msgs_per_subject: 100 }),
      files([['s.yaml', 'apiVersion: jetstream.nats.io/v1beta2\nkind: Stream\nspec:\n  name: S\n  maxMsgsPerSubject: 100\n']]),
    ],
  },
  'max-age-too-small': {
    fires: [one({ max_age: 1 }, '"max_age"'), one({ max_age: 99_999_999 }), one({ max_age: -1 }, '"max_age"')],
    quiet: [one({ max_age: 0 }), one({ max_age: 100_000_000 })],
  },
  'duplicate-window-over-max-age': {
    fires: [one({ max_age: 1e9, duplicate_window: 2e9 }, '"duplicate_window"'), raw('{"name": "S", "max_age": 9223372036854775806, "duplicate_window": 9223372036854775807}', '"duplicate_window"')],
    quiet: [one({ max_age: 1e9 }), one({ max_age: 1e9, duplicate_window: 1e9 }), one({ max_age: 0, duplicate_window: 1e12 }), one({ max_age: 1e9, duplicate_window: 0 }), raw('{"name": "S", "max_age": 9223372036854775807, "duplicate_window": 9223372036854775807}')],
  },
  'duplicate-window-too-small': {
    fires: [one({ duplicate_window: 30 }, '"duplicate_window"'), one({ duplicate_window: -5 }), one({ max_age: 1e8, duplicate_window: 5e7 })],
    quiet: [one({ duplicate_window: 0 }), one({ duplicate_window: 1e8 }), one({})],
  },
  'mirror-with-subjects': {
    fires: [one({ mirror: { name: 'O' } }, '"subjects"')],
    quiet: [one({ mirror: { name: 'O' }, subjects: [] }), one({ mirror: null }), raw('{"name": "S", "mirror": {"name": "O"}}')],
  },
  'mirror-with-sources': {
    fires: [one({ mirror: { name: 'O' }, subjects: [], sources: [{ name: 'P' }] }, '"sources"')],
    quiet: [one({ mirror: { name: 'O' }, subjects: [], sources: [] }), one({ sources: [{ name: 'P' }] })],
  },
  'duplicate-source': {
    fires: [
      raw('{"name": "S", "sources": [{"name": "A"}, {"name": "B"}, {"name": "A"}]}', '{"name": "A"}]'),
      one({ sources: [{ name: 'A', filter_subject: 'x' }, { name: 'A', filter_subject: 'x' }] }),
    ],
    quiet: [
      one({ sources: [{ name: 'A', filter_subject: 'x' }, { name: 'A', filter_subject: 'y' }] }),
      one({ sources: [{ name: 'A', external: { api: '$JS.a.API' } }, { name: 'A', external: { api: '$JS.b.API' } }] }),
    ],
  },
  'rollup-with-deny-purge': {
    fires: [one({ allow_rollup_hdrs: true, deny_purge: true }, '"allow_rollup_hdrs"')],
    quiet: [one({ allow_rollup_hdrs: true }), one({ deny_purge: true }), one({ allow_rollup_hdrs: false, deny_purge: true })],
  },
  'republish-invalid': {
    fires: [
      one({ subjects: ['s.>'], republish: { src: 's.>', dest: 's.copy' } }, '"dest"'),
      one({ subjects: ['s.>'], republish: { src: 's.>', dest: 'out.*' } }, '"dest"'),
      one({ subjects: ['s.>'], republish: { src: 's.>' } }, '"republish"'),
      one({ subjects: ['s.>'], republish: { src: 's..x', dest: 'out.x' } }, '"src"'),
      one({ subjects: ['s.*'], republish: { src: 's.*', dest: 'out.$2' } }, '"dest"'),
      one({ subjects: ['s.>'], republish: { src: 's.>', dest: 'out.x' } }),
      one({ subjects: ['s.*'], republish: { src: 's.*', dest: 'out.{{wildcard()}}' } }),
      // Without subjects the stream stores its name: a republish to it is a cycle.
      raw('{"name": "S", "republish": {"dest": "S"}}', '"dest"'),
      // 2.9 only: src outside the subjects, a `*` of src unused; 2.10 on: a wildcard reference with a literal src.
      one({ subjects: ['s.>'], republish: { src: 'other.>', dest: 'out.>' } }, '"src"', { serverVersion: '2.9' }),
      one({ subjects: ['s.*.*'], republish: { src: 's.*.*', dest: 'out.$1' } }, '"dest"', { serverVersion: '2.9.10' }),
      one({ subjects: ['s.a'], republish: { src: 's.a', dest: 'out.$1' } }, '"dest"', { serverVersion: '2.10' }),
    ],
    quiet: [
      one({ subjects: ['s.>'], republish: { src: 's.>', dest: 'out.>' } }),
      one({ subjects: ['s.>'], republish: { dest: 'out.>' } }),
      one({ subjects: ['s.*'], republish: { src: 's.*', dest: 'out.$1' } }),
      one({ subjects: ['s.*.*'], republish: { src: 's.*.*', dest: 'out.{{ wildcard( 2 ) }}.$1' } }),
      one({ subjects: ['s.*'], republish: { src: 's.*', dest: 'out.{{partition(3,1)}}' } }),
      one({ subjects: ['s.>'], republish: { src: 'other.>', dest: 'out.>' } }),
      one({ subjects: ['s.*.*'], republish: { src: 's.*.*', dest: 'out.$1' } }),
      one({ subjects: ['s.a'], republish: { src: 's.a', dest: 'out.$1' } }, undefined, { serverVersion: '2.9' }),
      one({ subjects: ['s.>'] }),
    ],
  },
  'description-too-long': {
    fires: [one({ description: 'd'.repeat(4097) }, '"description"'), one({ description: 'é'.repeat(2049) })],
    quiet: [one({ description: 'd'.repeat(4096) }), one({ description: 'é'.repeat(2048) }), one({ description: '' })],
  },
  'external-prefix-invalid': {
    fires: [
      one({ subjects: [], mirror: { name: 'O', external: { api: '$JS.hub.API', deliver: 'hub.>' } } }, '"deliver"'),
      one({ sources: [{ name: 'A' }, { name: 'O', external: { api: '$JS.*.API' } }] }, '"api"'),
      one({ sources: [{ name: 'O', external: { api: '$JS.API' } }] }, '"api"'),
      one({ sources: [{ name: 'O', external: { deliver: 'hub..in' } }] }, '"deliver"'),
      one({ sources: [{ name: 'O', external: { deliver: 'hub in' } }] }, '"deliver"'),
    ],
    quiet: [
      one({ subjects: [], mirror: { name: 'O', external: { api: '$JS.hub.API', deliver: 'hub.in' } } }),
      one({ sources: [{ name: 'O', external: { api: '$JS.hub.API' } }] }),
      one({ sources: [{ name: 'O', external: { api: '', deliver: '' } }] }),
      one({ sources: [{ name: 'O', external: { api: '$JS.API.x' } }] }),
      one({ sources: [{ name: 'O' }] }),
    ],
  },
  'copy-invalid-name': {
    fires: [
      one({ subjects: [], mirror: { name: 'ORDERS.EU' } }),
      one({ sources: [{ name: 'A' }, { name: '' }] }),
      one({ sources: [{ filter_subject: 'a.>' }] }),
      one({ sources: [{ name: 'eu/orders' }] }, undefined, { serverVersion: '2.14' }),
      one({ subjects: [], mirror: { name: 'x'.repeat(256) } }),
    ],
    quiet: [one({ subjects: [], mirror: { name: 'ORDERS' } }), one({ sources: [{ name: 'A-1_b' }] }), one({ subjects: [] })],
  },
  'copy-msg-size-below-origin': {
    fires: [
      files([['o.json', stream({ name: 'O', max_msg_size: 2048 })], ['m.json', stream({ name: 'M', subjects: [], mirror: { name: 'O' }, max_msg_size: 1024 })]]),
      files([['s.json', [stream({ name: 'O', max_msg_size: 2048 }), stream({ name: 'C', subjects: ['c.>'], sources: [{ name: 'O' }], max_msg_size: 100 })]]]),
    ],
    quiet: [
      files([['o.json', stream({ name: 'O', max_msg_size: 2048 })], ['m.json', stream({ name: 'M', subjects: [], mirror: { name: 'O' }, max_msg_size: 2048 })]]),
      files([['o.json', stream({ name: 'O', max_msg_size: 2048 })], ['m.json', stream({ name: 'M', subjects: [], mirror: { name: 'O' } })]]),
      files([['o.json', stream({ name: 'O' })], ['m.json', stream({ name: 'M', subjects: [], mirror: { name: 'O' }, max_msg_size: 10 })]]),
      files([['o.json', stream({ name: 'O', max_msg_size: 2048 })], ['m.json', stream({ name: 'M', subjects: [], mirror: { name: 'O', external: { api: '$JS.hub.API' } }, max_msg_size: 10 })]]),
    ],
  },
  'mirror-direct-without-mirror': {
    fires: [one({ mirror_direct: true }, '"mirror_direct"'), one({ mirror_direct: true, mirror: null }, '"mirror_direct"')],
    quiet: [one({ mirror_direct: false }), one({ mirror: { name: 'O' }, subjects: [], mirror_direct: true }), one({ allow_direct: true }), one({ mirror_direct: 'yes' })],
  },
  'discard-new-per-subject': {
    fires: [
      one({ discard_new_per_subject: true }, '"discard_new_per_subject"'),
      one({ discard_new_per_subject: true, max_msgs_per_subject: 3 }, '"discard_new_per_subject"'),
      one({ discard_new_per_subject: true, discard: 'old', max_msgs_per_subject: 3 }),
      one({ discard_new_per_subject: true, discard: 'new' }, '"discard_new_per_subject"'),
      one({ discard_new_per_subject: true, discard: 'new', max_msgs_per_subject: 0 }),
      one({ discard_new_per_subject: true, discard: 'new', max_msgs_per_subject: -1 }),
    ],
    quiet: [
      one({ discard_new_per_subject: true, discard: 'new', max_msgs_per_subject: 3 }),
      one({ discard_new_per_subject: false }),
      one({ discard: 'new', max_msgs_per_subject: -1 }),
      one({ discard_new_per_subject: true, discard: 'newest' }),
    ],
  },
  'sealed-on-create': {
    fires: [one({ sealed: true }, '"sealed"')],
    quiet: [one({ sealed: false }), one({}), one({ sealed: 'yes' }), raw(json({ config: stream({ sealed: true }), state: { messages: 5 } }))],
  },
  'reserved-subject': {
    fires: [
      one({ subjects: ['$JS.API.STREAM.INFO.X'] }, '"$JS.API.STREAM.INFO.X"'),
      one({ subjects: ['$JS.API.>'] }, '"$JS.API.>"', { serverVersion: '2.9.10' }),
      one({ subjects: ['$JS.API.>'], no_ack: true }, '"$JS.API.>"', { serverVersion: '2.10.16' }),
      one({ subjects: ['a', '>'] }, '">"'),
      one({ subjects: ['>'], no_ack: true, num_replicas: 3 }, '">"'),
      one({ subjects: ['$JS.>'] }, '"$JS.>"', { serverVersion: '2.10.17' }),
      one({ subjects: ['$JSC.foo'] }, '"$JSC.foo"', { serverVersion: '2.11' }),
      one({ subjects: ['$SYS.REQ.USER.INFO'] }, '"$SYS.REQ.USER.INFO"'),
      one({ subjects: ['*.*.>'] }, '"*.*.>"'),
      one({ subjects: ['*.*.>'] }, '"*.*.>"', { serverVersion: '2.10.28' }),
      one({ subjects: ['$NRG.x'] }, '"$NRG.x"', { serverVersion: '2.11.2' }),
    ],
    quiet: [
      one({ subjects: ['>'] }, undefined, { serverVersion: '2.9' }),
      one({ subjects: ['$JS.>', '$SYS.>', '*.*.>'] }, undefined, { serverVersion: '2.10.16' }),
      one({ subjects: ['$JS.API.>'], no_ack: true }),
      one({ subjects: ['>'], no_ack: true, num_replicas: 1 }),
      one({ subjects: ['$JS.EVENT.>', '$SYS.ACCOUNT.>', 'orders.>'] }),
      one({ subjects: ['*.*.>', '$NRG.x'] }, undefined, { serverVersion: '2.11.1' }),
      one({ subjects: ['*.*.>'] }, undefined, { serverVersion: '2.10.27' }),
      one({ subjects: ['$JS.EVENT.x'] }, undefined, { serverVersion: 'not a version' }),
    ],
  },
  'invalid-subject': {
    fires: [
      one({ subjects: ['a..b'] }, '"a..b"'),
      one({ subjects: [''] }, '""'),
      one({ subjects: ['a b'] }, '"a b"'),
      one({ subjects: ['a.>.b'] }, '"a.>.b"'),
      one({ subjects: ['a.>', 'a.b'] }, '"a.b"'),
      one({ subjects: ['x', 'x'] }),
      one({ subjects: ['.a'] }),
      one({ subjects: [...Array.from({ length: 20 }, (_, i) => `many.${i}`), 'many.*'] }, '"many.*"'),
    ],
    quiet: [one({ subjects: ['>'] }), one({ subjects: ['*'] }), one({ subjects: ['a.*b', 'a.b*'] }), one({ subjects: ['a.*', 'b.*'] }), one({ subjects: ['$JS.EVENT.>'] }), one({ subjects: Array.from({ length: 40 }, (_, i) => `many.${i}.>`) })],
  },
  'subjects-overlap': {
    fires: [
      files([['f/a.json', stream({ name: 'A', subjects: ['orders.*'] })], ['f/b.json', stream({ name: 'B', subjects: ['orders.new'] })]], '"subjects"'),
      files([['f/a.json', stream({ name: 'A', subjects: ['>'] })], ['f/b.json', stream({ name: 'B', subjects: ['x.y.z'] })]]),
      files([['f/a.json', [stream({ name: 'A', subjects: ['a.*.c'] }), stream({ name: 'B', subjects: ['a.b.*'] })]]]),
    ],
    quiet: [
      files([['f/a.json', stream({ name: 'A', subjects: ['orders.*'] })], ['g/b.json', stream({ name: 'B', subjects: ['orders.new'] })]]),
      files([['f/a.json', stream({ name: 'A', subjects: ['a.>'] })], ['f/b.json', stream({ name: 'B', subjects: ['a'] })]]),
      files([['f/a.json', stream({ name: 'A', subjects: ['a.*'] })], ['f/b.json', stream({ name: 'B', subjects: ['a.b.c'] })]]),
    ],
  },
  'source-cycle': {
    fires: [
      files([['f/a.json', '{"name": "A", "subjects": ["a"], "sources": [{"name": "B"}]}'], ['g/b.json', stream({ name: 'B', subjects: [], mirror: { name: 'A' } })]], '{"name": "B"}'),
      files([['f/a.json', stream({ name: 'A', sources: [{ name: 'A' }] })]]),
      files([['f/c.json', [stream({ name: 'A', sources: [{ name: 'B' }] }), stream({ name: 'B', sources: [{ name: 'C' }] }), stream({ name: 'C', sources: [{ name: 'A' }] })]]]),
    ],
    quiet: [
      files([['f/a.json', stream({ name: 'A', sources: [{ name: 'B' }] })], ['f/b.json', stream({ name: 'B', sources: [{ name: 'C' }] })]]),
      files([['f/a.json', stream({ name: 'A', sources: [{ name: 'A', external: { api: '$JS.hub.API' } }] })]]),
    ],
  },
  'mirror-same-cluster': {
    fires: [
      files(
        [
          ['f/copy.json', stream({ name: 'C', subjects: [], mirror: { name: 'O' }, placement: { cluster: 'east' } })],
          ['f/o.json', stream({ name: 'O', placement: { cluster: 'east' } })],
        ],
        '"placement"',
      ),
      files([['f/x.json', [{ config: stream({ name: 'O' }), cluster: { name: 'east' } }, stream({ name: 'C', sources: [{ name: 'O' }], placement: { cluster: 'east' } })]]]),
    ],
    quiet: [
      files([['f/copy.json', stream({ name: 'C', subjects: [], mirror: { name: 'O' }, placement: { cluster: 'west' } })], ['f/o.json', stream({ name: 'O', placement: { cluster: 'east' } })]]),
      files([['f/copy.json', stream({ name: 'C', subjects: [], mirror: { name: 'O' } })], ['f/o.json', stream({ name: 'O' })]]),
    ],
  },
  'replicas-standalone': {
    fires: [one({ num_replicas: 3 }, '"num_replicas"', { topology: standalone }), one({ num_replicas: 2 }, undefined, { topology: standalone })],
    quiet: [
      one({ num_replicas: 1 }, undefined, { topology: standalone }),
      one({ num_replicas: 3 }, undefined, { topology: cluster3 }),
      one({ num_replicas: 3 }, undefined, { topology: { kind: 'unknown' } }),
      one({ num_replicas: 3 }),
      one({ num_replicas: 6 }, undefined, { topology: standalone }),
    ],
  },
  'replicas-exceed-cluster': {
    fires: [
      one({ num_replicas: 5 }, '"num_replicas"', { topology: cluster3 }),
      one({ num_replicas: 4 }, undefined, { topology: cluster3 }),
      one({ num_replicas: 5, placement: { cluster: 'east' } }, undefined, { topology: superCluster }),
      one({ num_replicas: 5 }, '"num_replicas"', { topology: partial3 }),
    ],
    quiet: [
      one({ num_replicas: 3 }, undefined, { topology: cluster3 }),
      one({ num_replicas: 5 }, undefined, { topology: superCluster }),
      one({ num_replicas: 5 }, undefined, { topology: { kind: 'unknown', reason: 'not connected' } }),
      one({ num_replicas: 5, placement: { cluster: 'nope' } }, undefined, { topology: cluster3 }),
    ],
  },
  'placement-unmatched': {
    fires: [
      one({ placement: { cluster: 'central' } }, '"placement"', { topology: cluster3 }),
      one({ placement: { tags: ['gpu'] } }, '"placement"', { topology: cluster3 }),
      one({ num_replicas: 3, placement: { tags: ['ssd'] } }, undefined, { topology: cluster3 }),
      one({ num_replicas: 1, placement: { tags: ['ssd', 'gpu'] } }, undefined, { topology: cluster3 }),
      one({ num_replicas: 5, placement: { tags: ['ssd'] } }, undefined, { topology: superCluster }),
    ],
    quiet: [
      one({ num_replicas: 1, placement: { tags: ['SSD'] } }, undefined, { topology: cluster3 }),
      one({ placement: { cluster: 'east' } }, undefined, { topology: cluster3 }),
      one({ placement: { cluster: 'central' } }, undefined, { topology: standalone }),
      one({ placement: { cluster: 'central' } }, undefined, { topology: { kind: 'unknown' } }),
      one({ num_replicas: 3, placement: { tags: ['ssd'] } }, undefined, { topology: superCluster }),
      one({ num_replicas: 5, placement: { tags: ['gpu'] } }, undefined, { topology: cluster3 }),
      one({ placement: { cluster: 'central' } }, undefined, { topology: partial3 }),
      one({ placement: { tags: ['gpu'] } }, undefined, { topology: partial3 }),
    ],
  },
};

/** The text a finding's offsets refer to: a resource's own text (YAML, KV JSON), else the document's. */
const sourceOf = (doc: StreamDocument): string => (doc instanceof MappedStreamDocument ? doc.sourceText : doc.text);

function analyse(c: Case): { findings: Finding[]; text: string; uri: string } {
  const docs = typeof c.docs === 'string' ? [{ uri: 'f/test.json', text: c.docs }] : c.docs;
  const result = analyzeWorkspace(docs, c.options);
  return { findings: result.documents.flatMap((d) => d.findings), text: sourceOf(result.documents[0].document), uri: docs[0].uri };
}

describe('stream rules', () => {
  it('has fire and quiet cases for every rule of the catalogue', () => {
    assert.deepEqual(Object.keys(CASES).sort(), [...RULE_IDS].sort());
    for (const [id, { fires, quiet }] of Object.entries(CASES)) {
      assert.ok(fires.length > 0 && quiet.length > 0, id);
    }
  });

  for (const [id, { fires, quiet }] of Object.entries(CASES)) {
    describe(id, () => {
      fires.forEach((c, i) => {
        it(`fires (case ${i + 1})`, () => {
          const { findings, text, uri } = analyse(c);
          const hits = findings.filter((f) => f.rule === id);
          assert.ok(hits.length > 0, `expected ${id} in ${text}\n got ${findings.map((f) => f.rule).join(', ')}`);
          const rule = getRule(id)!;
          for (const hit of hits) {
            assert.equal(hit.severity, rule.severity);
            assert.ok(hit.message.length > 10);
          }
          if (c.anchor !== undefined) {
            const expected = text.indexOf(c.anchor);
            assert.ok(expected >= 0, `anchor ${c.anchor} not in text`);
            assert.ok(
              hits.some((h) => h.uri === uri && h.range.offset === expected),
              `expected ${id} at offset ${expected} (${c.anchor}), got ${hits.map((h) => h.range.offset).join(', ')}`,
            );
          }
        });
      });
      quiet.forEach((c, i) => {
        it(`stays quiet (case ${i + 1})`, () => {
          const { findings, text } = analyse(c);
          const hits = findings.filter((f) => f.rule === id);
          assert.deepEqual(hits.map((h) => h.message), [], `unexpected ${id} in ${text}`);
        });
      });
    });
  }

  it('names what discard_new_per_subject is missing', () => {
    const messages = (fields: Record<string, unknown>): string[] =>
      analyse(one({ discard_new_per_subject: true, ...fields })).findings.filter((f) => f.rule === 'discard-new-per-subject').map((f) => f.message);
    assert.deepEqual(messages({}), ['discard_new_per_subject needs discard "new" and max_msgs_per_subject > 0']);
    assert.deepEqual(messages({ max_msgs_per_subject: 3 }), ['discard_new_per_subject needs discard "new"']);
    assert.deepEqual(messages({ discard: 'new', max_msgs_per_subject: 0 }), ['discard_new_per_subject needs max_msgs_per_subject > 0']);
  });

  it('turns rules off and overrides severities through settings', () => {
    const docs = [{ uri: 'a.json', text: json(stream({ num_replicas: 2, storage: 'memory' })) }];
    const plain = analyzeWorkspace(docs).documents[0].findings.map((f) => `${f.rule}:${f.severity}`);
    assert.ok(plain.includes('replicas-even:warning'));
    assert.ok(plain.includes('memory-unbounded:warning'));
    const tuned = analyzeWorkspace(docs, { settings: { 'replicas-even': 'error', 'memory-unbounded': 'off' } }).documents[0].findings.map((f) => `${f.rule}:${f.severity}`);
    assert.ok(tuned.includes('replicas-even:error'));
    assert.ok(!tuned.some((f) => f.startsWith('memory-unbounded')));
  });

  it('says when the live rules could not run, and runs them with a known topology', () => {
    const docs = [{ uri: 'a.json', text: json(stream({ num_replicas: 3 })) }];
    const none = analyzeWorkspace(docs);
    assert.equal(none.live.checked, false);
    assert.match(none.live.checked ? '' : none.live.reason, /no server topology/);
    const unknown = analyzeWorkspace(docs, { topology: { kind: 'unknown', reason: 'not connected' } });
    assert.equal(unknown.live.checked, false);
    assert.match(unknown.live.checked ? '' : unknown.live.reason, /not connected/);
    const known = analyzeWorkspace(docs, { topology: standalone });
    assert.equal(known.live.checked, true);
    assert.deepEqual(known.documents[0].findings.map((f) => f.rule), ['replicas-standalone']);
  });

  it('reports only the syntax error for a document that does not parse', () => {
    const result = analyzeWorkspace([{ uri: 'a.json', text: '{"name": "a.b", "num_replicas": 2 "storage": "memory"}' }], { topology: standalone });
    assert.deepEqual(result.documents[0].findings.map((f) => f.rule), ['parse-error']);
  });

  it('gives every rule a title, an explanation and an anchor, and a markdown page', () => {
    const all = catalogueMarkdown();
    for (const rule of ruleCatalogue()) {
      assert.match(rule.id, /^[a-z]+(-[a-z]+)*$/);
      assert.ok(rule.title.length > 5 && rule.explanation.length > 60 && rule.anchor.length > 3, rule.id);
      assert.ok(ruleMarkdown(rule).includes(`(\`${rule.id}\`)`) && all.includes(rule.explanation), rule.id);
    }
    assert.match(ruleMarkdown(getRule('duplicate-source')!), /from 2\.10\.0/);
  });
});
