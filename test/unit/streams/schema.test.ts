import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse as parseJsonc } from 'jsonc-parser';
import { StreamConfig, configSchema, defaultStreamConfig, parseStreamDocument, streamConfigSchema } from '../../../src/core/streams';

const ROOT = path.resolve(__dirname, '../../../..');

// Every field of StreamConfig, checked by the compiler against the interface.
const FIELDS: Record<keyof StreamConfig, true> = {
  name: true, description: true, subjects: true, retention: true, max_consumers: true, max_msgs: true, max_bytes: true,
  max_age: true, max_msgs_per_subject: true, max_msg_size: true, discard: true, discard_new_per_subject: true, storage: true,
  num_replicas: true, no_ack: true, template_owner: true, duplicate_window: true, placement: true, mirror: true, sources: true,
  sealed: true, deny_delete: true, deny_purge: true, allow_rollup_hdrs: true, allow_direct: true, mirror_direct: true,
  republish: true, compression: true, first_seq: true, subject_transform: true, metadata: true, consumer_limits: true,
  allow_msg_ttl: true, subject_delete_marker_ttl: true,
};

describe('stream config schema', () => {
  it('describes exactly the fields of StreamConfig, each with a description', () => {
    assert.deepEqual(Object.keys(configSchema.properties!).sort(), Object.keys(FIELDS).sort());
    for (const [field, schema] of Object.entries(configSchema.properties!)) assert.ok(schema.description, field);
  });

  it('declares the same defaults as defaultStreamConfig()', () => {
    const defaults = defaultStreamConfig() as unknown as Record<string, unknown>;
    assert.deepEqual(Object.keys(defaults).sort(), Object.keys(FIELDS).sort());
    for (const [field, schema] of Object.entries(configSchema.properties!)) {
      if (schema.default !== undefined) assert.deepEqual(defaults[field], schema.default, field);
      else assert.ok(defaults[field] === undefined || Array.isArray(defaults[field]), field);
    }
  });

  it('applies the server defaults of the catalogue', () => {
    const { config } = parseStreamDocument('{"name": "S"}').streams[0];
    assert.equal(config.num_replicas, 1);
    assert.equal(config.storage, 'file');
    assert.equal(config.retention, 'limits');
    assert.equal(config.discard, 'old');
    assert.equal(config.max_msgs, -1);
    assert.equal(config.max_bytes, -1);
    assert.equal(config.max_msgs_per_subject, -1);
    assert.equal(config.max_age, 0);
    assert.equal(config.duplicate_window, 120e9);
    assert.deepEqual(config.subjects, []);
    assert.equal(parseStreamDocument('{"name": "S", "max_age": 60000000000}').streams[0].config.duplicate_window, 60e9);
    assert.equal(parseStreamDocument('{"name": "S", "mirror": {"name": "O"}}').streams[0].config.duplicate_window, 0);
  });

  it('accepts configs, info documents and arrays, and refuses wrong types (JSON Schema validator)', function () {
    let Ajv: new (opts: object) => { compile(schema: object): ((data: unknown) => boolean) & { errors?: unknown } };
    try {
      // ajv comes with the development tools (eslint, vsce); skip when it is not installed.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      Ajv = require('ajv');
    } catch {
      this.skip();
    }
    const validate = new Ajv({ strict: false, allErrors: true, logger: false }).compile(streamConfigSchema);
    const folder = path.join(ROOT, 'example', 'streams');
    for (const file of ['orders.json', 'orders-info.json', 'payments.json', 'replicas.json', 'sources.json']) {
      const value: unknown = parseJsonc(fs.readFileSync(path.join(folder, file), 'utf8')); // the broken examples open with a comment
      assert.ok(validate(value), `${file}: ${JSON.stringify(validate.errors)}`);
    }
    assert.equal(validate({ name: 'S', storage: 'disk' }), false);
    assert.equal(validate({ name: 'S', num_replicas: '3' }), false);
    assert.equal(validate([{ name: 'S', retention: 'forever' }]), false);
    assert.equal(validate({ config: { name: 'S', max_age: 1.5 } }), false);
    assert.equal(validate([{ config: { name: 'S', storage: 'disk' }, state: {} }]), false);
    assert.equal(validate('ORDERS'), false);
  });
});
