/**
 * Rotating an account signing key that signed 1,000 users: the account JWT and the 1,000 user JWTs
 * re-signed, their 1,000 keystore .creds rewritten, all durably in one transaction; against bare
 * durable rewrites (write, fsync, rename, folder fsync, one after the other) of the same 2,000
 * files, measured in the same run.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { addAccount, addUsers, createOperator, paths, rotateSigningKey, storeAt } from '../../src/core/trust';
import { Bench, time } from './framework';
import { bareReplace } from './trustLifecycle.bench';

const USERS = 1000;

export async function run(bench: Bench): Promise<void> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'nwb-bench-rotate-'));
  try {
    const store = storeAt(root);
    await createOperator({ store, name: 'OP' });
    let key = (await addAccount({ store, operator: 'OP', name: 'APP', signingKey: true })).signingKey ?? '';
    const names = Array.from({ length: USERS }, (_, i) => `user${i}`);
    await addUsers({ store, operator: 'OP', account: 'APP', users: names.map((name) => ({ name })) });

    const rotate = await time(async () => {
      key = (await rotateSigningKey({ store, operator: 'OP', account: 'APP', key })).newKey;
    }, 3, 1);
    const files = names.flatMap((name) => [paths.userJwt(store, 'OP', 'APP', name), paths.creds(store, 'OP', 'APP', name)]);
    const texts = files.map((f) => fs.readFileSync(f, 'utf8'));
    const bare = await time(() => files.forEach((f, i) => bareReplace(f, texts[i])), 3, 1);
    bench.report(`trust: an account signing key rotated with ${USERS} users re-issued (JWTs and .creds rewritten durably) vs bare durable rewrites of the ${2 * USERS} files`, rotate.median, 'ms', bare.median);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}
