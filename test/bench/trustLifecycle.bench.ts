/**
 * Lifecycle benchmarks: one user edited and re-signed (JWT and keystore .creds rewritten durably)
 * against bare durable rewrites of the same two files; and 1,000 users of one account revoked in
 * one call (one account JWT re-signed) against bare reads of their 1,000 JWT files plus one account
 * JWT signed. Both baselines are measured in the same run.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { addAccount, addUsers, createOperator, editUser, encodeAccountJwt, NKey, paths, revokeUsers, storeAt } from '../../src/core/trust';
import { Bench, time } from './framework';

const REVOKED = 1000;

/** A bare durable replacement of `file`: temporary file written and fsync'ed, renamed, folder fsync'ed. */
export function bareReplace(file: string, text: string): void {
  const temp = `${file}.tmp`;
  const fd = fs.openSync(temp, 'w', 0o600);
  fs.writeSync(fd, text);
  fs.fsyncSync(fd);
  fs.closeSync(fd);
  fs.renameSync(temp, file);
  const dir = fs.openSync(path.dirname(file), 'r');
  fs.fsyncSync(dir);
  fs.closeSync(dir);
}

export async function run(bench: Bench): Promise<void> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'nwb-bench-lifecycle-'));
  try {
    const store = storeAt(root);
    await createOperator({ store, name: 'OP' });
    await addAccount({ store, operator: 'OP', name: 'APP' });
    const names = Array.from({ length: REVOKED }, (_, i) => `user${i}`);
    await addUsers({ store, operator: 'OP', account: 'APP', users: names.map((name) => ({ name, permissions: { pub: { allow: [`${name}.>`] } } })) });

    let n = 0;
    const edit = await time(() => editUser({ store, operator: 'OP', account: 'APP', name: 'user0', permissions: { 'deny-pub': { add: [`x${n++}`] } } }), 50, 5);
    const jwtFile = paths.userJwt(store, 'OP', 'APP', 'user1');
    const credsFile = paths.creds(store, 'OP', 'APP', 'user1');
    const jwtText = fs.readFileSync(jwtFile, 'utf8');
    const credsText = fs.readFileSync(credsFile, 'utf8');
    const bare = await time(() => {
      bareReplace(jwtFile, jwtText);
      bareReplace(credsFile, credsText);
    }, 50, 5);
    bench.report('trust: one user edited and re-signed (JWT and keystore .creds rewritten durably) vs bare durable rewrites of the two files', edit.median, 'ms', bare.median);

    const revoke = await time(() => revokeUsers({ store, operator: 'OP', account: 'APP', users: names }), 10, 2);
    const operatorKey = NKey.generate('operator');
    const account = NKey.generate('account');
    const jwts = names.map((name) => paths.userJwt(store, 'OP', 'APP', name));
    const bareRevoke = await time(async () => {
      for (const f of jwts) fs.readFileSync(f, 'utf8');
      await encodeAccountJwt({ name: 'APP', account, signer: operatorKey });
    }, 10, 2);
    bench.report(`trust: ${REVOKED} users of one account revoked (one account JWT re-signed) vs bare reads of their JWTs and one account JWT signed`, revoke.median, 'ms', bareRevoke.median);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}
