/**
 * The workspace rules that compare a copy with its origin, against a real nats-server: for each
 * case the origin is created, then the copy; a linter error from such a rule (both linted
 * together, as a workspace) must appear exactly when the server refuses the copy.
 */
import * as assert from 'node:assert/strict';
import { JetStreamManager, NatsConnection, NatsError, StreamConfig as NatsStreamConfig, connect } from 'nats';
import { analyzeWorkspace } from '../../../src/core/streams';
import { NatsServer, startServer } from '../../support/natsServer';

const RULES = new Set(['copy-msg-size-below-origin']);
const MIB = 1024 * 1024;

interface Case {
  label: string;
  origin: Record<string, unknown>;
  copy: Record<string, unknown>;
}

const origin = (fields: Record<string, unknown> = {}): Record<string, unknown> => ({ name: 'ORIGIN', subjects: ['origin.>'], ...fields });
const mirror = (fields: Record<string, unknown> = {}): Record<string, unknown> => ({ name: 'COPY', mirror: { name: 'ORIGIN' }, ...fields });
const source = (fields: Record<string, unknown> = {}): Record<string, unknown> => ({ name: 'COPY', subjects: ['copy.>'], sources: [{ name: 'ORIGIN' }], ...fields });

const CASES: Case[] = [
  { label: 'mirror taking smaller messages', origin: origin({ max_msg_size: 8 * MIB }), copy: mirror({ max_msg_size: MIB }) },
  { label: 'mirror taking the same size', origin: origin({ max_msg_size: 8 * MIB }), copy: mirror({ max_msg_size: 8 * MIB }) },
  { label: 'mirror taking larger messages', origin: origin({ max_msg_size: MIB }), copy: mirror({ max_msg_size: 8 * MIB }) },
  { label: 'mirror without a limit', origin: origin({ max_msg_size: MIB }), copy: mirror() },
  { label: 'origin without a limit', origin: origin(), copy: mirror({ max_msg_size: MIB }) },
  { label: 'source taking smaller messages', origin: origin({ max_msg_size: 2048 }), copy: source({ max_msg_size: 2047 }) },
  { label: 'source taking the same size', origin: origin({ max_msg_size: 2048 }), copy: source({ max_msg_size: 2048 }) },
];

async function refusal(jsm: JetStreamManager, config: Record<string, unknown>): Promise<string | undefined> {
  try {
    await jsm.streams.add(config as Partial<NatsStreamConfig>);
    return undefined;
  } catch (e) {
    const api = (e as NatsError).api_error;
    return api ? `${api.err_code} ${api.description}` : `client: ${(e as Error).message}`;
  }
}

describe('copy rules vs nats-server (differential, origin and copy)', function () {
  this.timeout(120_000);
  let server: NatsServer | undefined;
  let nc: NatsConnection | undefined;

  before(async () => {
    server = await startServer();
    nc = await connect({ servers: server.url });
  });

  after(async () => {
    await nc?.close();
    await server?.stop();
  });

  it('refuses exactly the copies the linter flags', async () => {
    const jsm = await nc!.jetstreamManager({ timeout: 20_000 });
    const mismatches: string[] = [];
    let refused = 0;
    for (const c of CASES) {
      const analysis = analyzeWorkspace(
        [
          { uri: '/w/origin.json', text: JSON.stringify(c.origin) },
          { uri: '/w/copy.json', text: JSON.stringify(c.copy) },
        ],
        { serverVersion: nc!.info?.version },
      );
      const errors = analysis.documents.flatMap((d) => d.findings).filter((f) => f.severity === 'error' && RULES.has(f.rule));
      assert.equal(await refusal(jsm, c.origin), undefined, `${c.label}: the origin is created`);
      const reason = await refusal(jsm, c.copy);
      if (reason) refused++;
      if ((reason !== undefined) !== errors.length > 0) mismatches.push(`${c.label}: linter ${errors.length ? `refuses (${errors.map((f) => f.message).join('; ')})` : 'accepts'}, server ${reason ? `refuses (${reason})` : 'accepts'}`);
      for (const name of ['COPY', 'ORIGIN']) await jsm.streams.delete(name).catch(() => undefined);
    }
    assert.deepEqual(mismatches, []);
    assert.equal(refused, 2, 'the cases hold both kinds');
  });
});
