/**
 * The backup bound against real snapshots of nats-server 2.9.10 (the figures in
 * src/core/dr/backupBound.ts): incompressible payloads, empty messages, many subjects, and streams
 * whose blocks still hold deleted messages (limits by count, per subject and by bytes). Each backup
 * must succeed under the default bound; the data file's size against the stream's bytes is checked
 * against the measured ratios, so a server release that packs snapshots differently shows up here.
 */
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import type { JetStreamManager, StreamConfig } from 'nats';
import { backupSizeBound, backupStream } from '../../../src/core/dr';
import { drFixture } from './fixture';

interface Shape {
  name: string;
  config?: Partial<StreamConfig>;
  count: number;
  message: (i: number) => [string, Uint8Array];
  /** The largest data file ÷ state.bytes measured for this shape, with 10% room; undefined: only the bound. */
  ratio?: number;
}

const SHAPES: Shape[] = [
  { name: 'RANDOM', count: 2000, message: () => ['random.x', randomBytes(4096)], ratio: 1.1 },
  { name: 'EMPTY_MESSAGES', count: 20_000, message: () => ['empty_messages.x', new Uint8Array(0)], ratio: 0.7 },
  { name: 'SUBJECTS', count: 20_000, message: (i) => [`subjects.${i}.${randomBytes(8).toString('hex')}`, new Uint8Array([118])], ratio: 1.3 },
  { name: 'LIMITED', config: { max_msgs: 100 }, count: 30_000, message: () => ['limited.x', randomBytes(1000)] },
  { name: 'PER_SUBJECT', config: { max_msgs_per_subject: 1 }, count: 30_000, message: (i) => [`per_subject.${i % 1000}`, randomBytes(1000)] },
  { name: 'MAX_BYTES', config: { max_bytes: 1024 * 1024 }, count: 30_000, message: () => ['max_bytes.x', randomBytes(1000)] },
];

describe('Backup size against the bound on a real server', function () {
  this.timeout(180_000);
  const f = drFixture('nats-dr-size');
  let jsm: JetStreamManager;
  before(async () => (jsm = await f.conn.nats.jetstreamManager()));

  for (const shape of SHAPES) {
    it(`${shape.name}: backed up under the default bound${shape.ratio ? `, data file ≤ ${shape.ratio} × the stream's bytes` : ''}`, async () => {
      await jsm.streams.add({ name: shape.name, subjects: [`${shape.name.toLowerCase()}.>`], ...shape.config });
      const js = f.conn.nats.jetstream();
      for (let i = 0; i < shape.count; i += 500) {
        await Promise.all(Array.from({ length: Math.min(500, shape.count - i) }, (_, j) => js.publish(...shape.message(i + j))));
      }
      const r = await backupStream(f.conn, shape.name, path.join(f.tmp, shape.name));
      const bytes = Number(r.meta.state.bytes);
      assert.ok(bytes > 0);
      assert.ok(r.bytes <= backupSizeBound(bytes).limit, `${r.bytes} bytes for a stream of ${bytes}`);
      if (shape.ratio !== undefined) assert.ok(r.bytes <= bytes * shape.ratio, `${r.bytes} bytes for a stream of ${bytes}: ratio ${(r.bytes / bytes).toFixed(3)}`);
    });
  }
});
