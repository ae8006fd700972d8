/**
 * A real nats-server for a DR suite: started before it, with a connection and a temporary folder,
 * all removed after it, and a guard that fails a test on any unhandled rejection.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Connection } from '../../../src/core/cluster';
import { NatsServer, startServer } from '../../support/natsServer';
import { ACCOUNTS_CONFIG, profile, watchUnhandledRejections } from '../cluster/helpers';

export interface DrFixture {
  server: NatsServer;
  conn: Connection;
  tmp: string;
}

/**
 * Registers the suite's hooks; the fields are set once `before` has run. `jetstream: false` gives a
 * plain server without accounts (for impostor responders), else account A with JetStream as user a.
 */
export function drFixture(prefix: string, opts: { jetstream?: boolean } = {}): DrFixture {
  const rejections = watchUnhandledRejections();
  const f = {} as DrFixture;
  before(async () => {
    const plain = opts.jetstream === false;
    f.server = await startServer(plain ? { jetstream: false } : { extraConfig: ACCOUNTS_CONFIG });
    f.conn = plain ? await Connection.open(profile('plain', f.server.url)) : await Connection.open(profile('a', f.server.url, { user: 'a' }), { secret: 'a' });
    f.tmp = fs.mkdtempSync(path.join(os.tmpdir(), `${prefix}-`));
  });
  after(async () => {
    await f.conn?.close();
    await f.server?.stop();
    if (f.tmp) fs.rmSync(f.tmp, { recursive: true, force: true });
    rejections.stop();
  });
  afterEach(() => rejections.check());
  return f;
}
