/**
 * Trust benchmarks: 1,000 users with keys, JWT and .creds file written durably to a temporary store
 * in one addUsers batch and by sequential addUser calls, against bare durable writes of as many
 * files (each file fsync'ed, then each folder, as the store's writes are);
 * and the cost of one user JWT signed through our node:crypto keys, against a bare node:crypto
 * ed25519 sign and against nats-jwt with nkeys.js key pairs, all in this run.
 */
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { encodeUser } from 'nats-jwt';
import * as nkeys from 'nkeys.js';
import { addAccount, addUser, addUsers, createOperator, encodeUserJwt, NKey, readStore, storeAt } from '../../src/core/trust';
import { Bench, time } from './framework';

const USERS = 1000;

/**
 * Milliseconds to add USERS users to a fresh store (each: seed, user JWT, keystore .creds), in one
 * addUsers batch or by USERS sequential addUser calls, then to read the store into its model, and
 * to read the same files bare.
 */
async function thousandUsers(batch: boolean): Promise<{ users: number; read: number; bareRead: number }> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'nwb-bench-trust-'));
  try {
    const store = storeAt(root);
    await createOperator({ store, name: 'OP' });
    await addAccount({ store, operator: 'OP', name: 'APP', jetstream: true });
    const specs = Array.from({ length: USERS }, (_, i) => ({ name: `user${i}`, permissions: { pub: { allow: [`u${i}.>`] } } }));
    const start = process.hrtime.bigint();
    if (batch) await addUsers({ store, operator: 'OP', account: 'APP', users: specs });
    else for (const spec of specs) await addUser({ store, operator: 'OP', account: 'APP', ...spec });
    const users = Number(process.hrtime.bigint() - start) / 1e6;
    const written = fs.readdirSync(path.join(store.keysDir, 'creds', 'OP', 'APP')).length;
    if (written !== USERS) throw new Error(`expected ${USERS} creds files, found ${written}`);
    const readStart = process.hrtime.bigint();
    const model = await readStore(store);
    const read = Number(process.hrtime.bigint() - readStart) / 1e6;
    if (model.operators[0].accounts[0].users.length !== USERS) throw new Error('the store did not read back');
    const bareStart = process.hrtime.bigint();
    const files = walk(root).filter((f) => /\.(jwt|nk)$/.test(f));
    await Promise.all(files.map((f) => fs.promises.readFile(f, 'utf8')));
    const bareRead = Number(process.hrtime.bigint() - bareStart) / 1e6;
    return { users, read, bareRead };
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

/**
 * Milliseconds to write the same number of small files (3 per user) in as many folders, durably:
 * each file written and fsync'ed, then each folder fsync'ed once, as the store's writes are.
 */
function bareWrites(): number {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'nwb-bench-files-'));
  try {
    const start = process.hrtime.bigint();
    const dirs = new Set<string>();
    for (let i = 0; i < USERS; i++) {
      const dir = path.join(root, String(i % 1024));
      fs.mkdirSync(dir, { recursive: true });
      dirs.add(dir);
      for (const ext of ['nk', 'jwt', 'creds']) {
        const fd = fs.openSync(path.join(dir, `u${i}.${ext}`), 'wx', 0o600);
        fs.writeSync(fd, 'x'.repeat(600));
        fs.fsyncSync(fd);
        fs.closeSync(fd);
      }
    }
    for (const dir of dirs) {
      const fd = fs.openSync(dir, 'r');
      fs.fsyncSync(fd);
      fs.closeSync(fd);
    }
    return Number(process.hrtime.bigint() - start) / 1e6;
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

function walk(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? walk(path.join(dir, d.name)) : [path.join(dir, d.name)]));
}

export async function run(bench: Bench): Promise<void> {
  // Best of three: on a shared machine the file system's speed varies from one second to the next.
  const runs: { batch: number; sequential: number; read: number; bareRead: number; files: number }[] = [];
  for (let i = 0; i < 3; i++) {
    const files = bareWrites();
    const batched = await thousandUsers(true);
    const sequential = (await thousandUsers(false)).users;
    runs.push({ batch: batched.users, sequential, read: batched.read, bareRead: batched.bareRead, files });
  }
  const best = runs.reduce((a, b) => (b.batch < a.batch ? b : a));
  bench.report(`trust: ${USERS} users with seed, JWT and .creds written durably by addUsers, best of 3, vs bare durable writes of ${3 * USERS} files`, best.batch, 'ms', best.files);
  const bestSequential = runs.reduce((a, b) => (b.sequential < a.sequential ? b : a));
  bench.report(`trust: the same ${USERS} users by ${USERS} sequential addUser calls, best of 3, vs bare durable writes of ${3 * USERS} files`, bestSequential.sequential, 'ms', bestSequential.files);
  const bestRead = runs.reduce((a, b) => (b.read < a.read ? b : a));
  bench.report(`trust: store of ${USERS} users read and verified into its model vs bare reads of its JWT and seed files`, bestRead.read, 'ms', bestRead.bareRead);

  // One user JWT signed with our keys vs a bare node:crypto sign of a JWT-sized payload.
  const account = NKey.generate('account');
  const user = NKey.generate('user');
  const ours = await time(() => encodeUserJwt({ name: 'u', user, account, permissions: { pub: { allow: ['a.>'] } } }), 500, 50);
  const { privateKey } = crypto.generateKeyPairSync('ed25519');
  const payload = Buffer.from((await encodeUserJwt({ name: 'u', user, account })).split('.').slice(0, 2).join('.'));
  const bare = await time(() => crypto.sign(null, payload, privateKey), 2000, 200);
  bench.report('trust: user JWT encoded and signed (node:crypto keys) vs bare node:crypto sign', ours.median * 1000, 'µs', bare.median * 1000);

  // The same JWT with nkeys.js key pairs, as nats-jwt does by default.
  const nkAccount = nkeys.fromSeed(new TextEncoder().encode(account.seed()));
  const nkUser = nkeys.createUser();
  const slow = await time(() => encodeUser('u', nkUser, nkAccount, { pub: { allow: ['a.>'], deny: [] } }), 15, 2);
  bench.report('trust: user JWT signed with nkeys.js key pairs vs our node:crypto keys', slow.median * 1000, 'µs', ours.median * 1000);
}
