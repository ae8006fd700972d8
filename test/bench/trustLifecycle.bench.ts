/**
 * Lifecycle benchmarks: one user edited and re-signed in process (claims read, edit applied, JWT
 * encoded and signed) against a bare ed25519 signature of the same JWT; the same edit on disk (JWT
 * and keystore .creds rewritten durably) against bare durable rewrites of the same two files; and
 * 1,000 users of one account revoked in one call against bare reads of their 1,000 JWT files plus
 * one account JWT signed, with the number of signatures that call makes (one: the account JWT).
 * Every baseline is measured in the same run. Budgets: an edit ≤ 2 ms in process, a revocation of
 * 1,000 users ≤ 200 ms; on disk an edit is bound by its fsyncs, as the baseline shows.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { addAccount, addUsers, applyUserEdit, createOperator, editUser, encodeAccountJwt, encodeUserJwt, NKey, parseJwt, paths, revokeUsers, storeAt, userInputOf } from '../../src/core/trust';
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
    const appKey = (await addAccount({ store, operator: 'OP', name: 'APP' })).publicKey;
    const names = Array.from({ length: REVOKED }, (_, i) => `user${i}`);
    await addUsers({ store, operator: 'OP', account: 'APP', users: names.map((name) => ({ name, permissions: { pub: { allow: [`${name}.>`] } } })) });

    // In process: what editUser does between reading the user's JWT and writing it.
    const accountKey = NKey.fromSeed(fs.readFileSync(paths.seed(store, appKey), 'utf8'));
    const userText = fs.readFileSync(paths.userJwt(store, 'OP', 'APP', 'user2'), 'utf8');
    let m = 0;
    const resign = await time(async () => {
      const parsed = parseJwt(userText);
      if (!parsed.ok) throw new Error(parsed.reason);
      const claims = parsed.jwt.claims;
      const { input } = applyUserEdit(userInputOf(claims), { permissions: { 'deny-pub': { add: [`x${m++}`] } } });
      return encodeUserJwt({ ...input, name: claims.name ?? 'user2', user: claims.sub, base: { ...claims.nats }, account: accountKey });
    }, 200, 20);
    const signingInput = new TextEncoder().encode(userText.slice(0, userText.lastIndexOf('.')));
    const bareSign = await time(() => accountKey.sign(signingInput), 200, 20);
    bench.report('trust: one user edited and re-signed in process (claims read, edit applied, JWT signed; budget 2 ms) vs a bare ed25519 signature', resign.median, 'ms', bareSign.median);

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
    bench.report('trust: one user edited and re-signed on disk (JWT and keystore .creds rewritten durably) vs bare durable rewrites of the two files', edit.median, 'ms', bare.median);

    const revoke = await time(() => revokeUsers({ store, operator: 'OP', account: 'APP', users: names }), 10, 2);
    // How many signatures one revocation of them all makes: counted around one more call.
    const sign = Object.getOwnPropertyDescriptor(NKey.prototype, 'sign');
    let signatures = 0;
    Object.defineProperty(NKey.prototype, 'sign', { configurable: true, writable: true, value: function (this: NKey, data: Uint8Array) { signatures++; return (sign?.value as (d: Uint8Array) => Uint8Array).call(this, data); } });
    try {
      await revokeUsers({ store, operator: 'OP', account: 'APP', users: names });
    } finally {
      if (sign) Object.defineProperty(NKey.prototype, 'sign', sign);
    }
    bench.report(`trust: signatures made by one revocation of ${REVOKED} users (the account JWT, once)`, signatures, 'signatures', null);
    const operatorKey = NKey.generate('operator');
    const account = NKey.generate('account');
    const jwts = names.map((name) => paths.userJwt(store, 'OP', 'APP', name));
    const bareRevoke = await time(async () => {
      for (const f of jwts) fs.readFileSync(f, 'utf8');
      await encodeAccountJwt({ name: 'APP', account, signer: operatorKey });
    }, 10, 2);
    bench.report(`trust: ${REVOKED} users of one account revoked (one account JWT re-signed; budget 200 ms) vs bare reads of their JWTs and one account JWT signed`, revoke.median, 'ms', bareRevoke.median);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}
