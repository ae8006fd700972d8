import * as assert from 'node:assert/strict';
import { fmtCreds, parseCreds as natsParseCreds } from 'nats-jwt';
import * as nkeys from 'nkeys.js';
import { encodeAccountJwt, encodeUserJwt, formatCreds, NKey, parseCreds } from '../../../src/core/trust';
import { SEED_PATTERN } from './helpers';

async function userWithJwt(): Promise<{ user: NKey; jwt: string; account: NKey }> {
  const account = NKey.generate('account');
  const user = NKey.generate('user');
  return { user, account, jwt: await encodeUserJwt({ name: 'u', user, account }) };
}

describe('trust .creds', () => {
  it('writes the standard format line by line (5 dashes opening, 6 closing)', async () => {
    const { user, jwt } = await userWithJwt();
    const lines = formatCreds(jwt, user).split('\n');
    assert.deepEqual(lines, [
      '-----BEGIN NATS USER JWT-----',
      jwt,
      '------END NATS USER JWT------',
      '',
      '************************* IMPORTANT *************************',
      'NKEY Seed printed below can be used to sign and prove identity.',
      'NKEYs are sensitive and should be treated as secrets.',
      '',
      '-----BEGIN USER NKEY SEED-----',
      user.seed(),
      '------END USER NKEY SEED------',
      '',
      '*************************************************************',
      '',
    ]);
  });

  it('reads back what it writes, what nats-jwt writes, and CRLF files; nats-jwt reads ours', async () => {
    const { user, jwt } = await userWithJwt();
    const ours = formatCreds(jwt, user);
    const back = parseCreds(ours);
    assert.equal(back.jwt, jwt);
    assert.equal(back.key.publicKey, user.publicKey);
    const theirs = new TextDecoder().decode(fmtCreds(jwt, nkeys.fromSeed(new TextEncoder().encode(user.seed()))));
    assert.equal(parseCreds(theirs).key.publicKey, user.publicKey);
    assert.equal(parseCreds(ours.replace(/\n/g, '\r\n')).jwt, jwt);
    const parsedByNatsJwt = await natsParseCreds(new TextEncoder().encode(ours));
    assert.equal(parsedByNatsJwt.jwt, jwt);
    assert.equal(parsedByNatsJwt.key, user.seed());
  });

  it('refuses to pair a JWT with another user or a non-user seed', async () => {
    const { user, jwt, account } = await userWithJwt();
    assert.throws(() => formatCreds(jwt, NKey.generate('user')), /the seed belongs to U[A-Z2-7]+, but the JWT is for /);
    assert.throws(() => formatCreds(jwt, account), /not an account seed/);
    void user;
  });

  it('names what is wrong in a bad .creds file, and where, without ever echoing the seed', async () => {
    const { user, jwt, account } = await userWithJwt();
    const good = formatCreds(jwt, user);
    const other = NKey.generate('user');
    const accountJwt = await encodeAccountJwt({ name: 'A', account, signer: NKey.generate('operator') });
    const cases: [string, RegExp][] = [
      ['', /app\.creds: the file is empty/],
      ['hello', /no "-----BEGIN NATS USER JWT-----" line: this is not a \.creds file/],
      [good.replace('------END NATS USER JWT------', ''), /"BEGIN NATS USER JWT" line \(line 1\) has no matching "END NATS USER JWT" line/],
      [good.replace(jwt, 'abc.def'), /the JWT \(line 2\) is not readable: a JWT has 3 parts/],
      [good.replace(jwt, accountJwt), /is an account JWT, not a user JWT/],
      [good.slice(0, good.indexOf('***')), /no "-----BEGIN USER NKEY SEED-----" line: the user seed is missing/],
      [good.replace(user.seed(), 'SUBROKEN'), /the seed \(line 10\) is not usable: not a valid nkey seed/],
      [good.replace(user.seed(), account.seed()), /the seed \(line 10\) is not usable: expected a seed of user kind/],
      [good.replace(user.seed(), other.seed()), /the seed belongs to user U[A-Z2-7]+, but the JWT is for U/],
    ];
    for (const [text, expected] of cases) {
      assert.throws(() => parseCreds(text, 'app.creds'), (e: Error) => {
        assert.match(e.message, expected);
        assert.match(e.message, /^app\.creds: /);
        assert.doesNotMatch(e.message, SEED_PATTERN);
        return true;
      });
    }
  });
});
