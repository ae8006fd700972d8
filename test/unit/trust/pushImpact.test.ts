import * as assert from 'node:assert/strict';
import { encodeUserJwt, JwtClaims, LiveClient, NKey, parseJwt, predictPushImpact, pushImpactIsSerious } from '../../../src/core/trust';

describe('trust: predicting what an account push does to running clients (pure)', () => {
  const account = NKey.generate('account');
  const signing = NKey.generate('account');
  const claims = (nats: Record<string, unknown>): JwtClaims => ({ iss: 'O', sub: account.publicKey, nats });
  let alice: LiveClient;
  let bob: LiveClient;
  let bySigning: LiveClient;
  let iat = 0;

  before(async () => {
    const make = async (name: string, signer?: NKey): Promise<LiveClient> => {
      const user = NKey.generate('user');
      const jwt = await encodeUserJwt({ name, user, ...(signer ? { account: account.publicKey, signingKey: signer } : { account }) });
      const parsed = parseJwt(jwt);
      assert.ok(parsed.ok);
      iat = parsed.jwt.claims.iat ?? 0;
      return { user: user.publicKey, jwt, name };
    };
    alice = await make('alice');
    bob = await make('bob');
    bySigning = await make('signed', signing);
  });

  const live = (clients: LiveClient[], jetstream?: { streams: number; messages: number; bytes: number }) => ({ clients, servers: 1, ...(jetstream ? { jetstream } : {}) });

  it('nothing revoked, no limit, JetStream kept: not serious, no summary', () => {
    const impact = predictPushImpact(claims({ signing_keys: [signing.publicKey], limits: { conn: -1, mem_storage: -1 } }), live([alice, bob, bySigning], { streams: 1, messages: 5, bytes: 10 }));
    assert.equal(pushImpactIsSerious(impact), false);
    assert.equal(impact.summary, '');
    assert.deepEqual(impact.lines, []);
  });

  it('a revocation before the user JWT was issued does not apply; at or after it does', () => {
    assert.deepEqual(predictPushImpact(claims({ revocations: { [alice.user]: iat - 1 } }), live([alice])).revoked, []);
    const impact = predictPushImpact(claims({ revocations: { [alice.user]: iat } }), live([alice, alice, bob]));
    assert.deepEqual(impact.revoked.map((r) => [r.name, r.connections]), [['alice', 2]]);
    assert.equal(impact.summary, 'Disconnects 2 connections of 1 revoked user.');
  });

  it('"*" revokes every user issued until then', () => {
    const impact = predictPushImpact(claims({ revocations: { '*': iat + 10 } }), live([alice, bob]));
    assert.equal(impact.revoked.length, 2);
  });

  it('a client whose JWT is missing, unreadable or of another key counts as revoked when its key is', () => {
    const hostile: LiveClient[] = [{ user: alice.user }, { user: alice.user, jwt: 'garbage' }, { user: alice.user, jwt: bob.jwt }];
    const impact = predictPushImpact(claims({ revocations: { [alice.user]: 1 } }), live(hostile));
    assert.deepEqual(impact.revoked.map((r) => r.connections), [3]);
    assert.deepEqual(impact.unsigned, [], 'an unknown issuer is not taken for a removed key');
  });

  it('a user signed by a key the JWT no longer lists; a scoped key still listed keeps it', () => {
    const gone = predictPushImpact(claims({ signing_keys: [] }), live([alice, bySigning]));
    assert.deepEqual(gone.unsigned.map((u) => [u.name, u.signer]), [['signed', signing.publicKey]]);
    const scoped = predictPushImpact(claims({ signing_keys: [{ kind: 'user_scope', key: signing.publicKey, role: 'r', template: {} }] }), live([bySigning]));
    assert.deepEqual(scoped.unsigned, []);
  });

  it('a conn limit counts what is left after the revoked go, and a name with control characters is shown inert', () => {
    const evil: LiveClient = { ...bob, name: 'bob\u001b[2J\nforged line' };
    const impact = predictPushImpact(claims({ revocations: { [alice.user]: iat }, limits: { conn: 1 } }), live([alice, evil, evil, evil]));
    assert.deepEqual(impact.connectionsCut, { limit: 1, open: 3, cut: 2, atOnce: 2 });
    assert.equal(impact.summary, 'Disconnects 1 connection of 1 revoked user; closes 2 of 3 connections (limit 1).');
    const revokedEvil = predictPushImpact(claims({ revocations: { [bob.user]: iat } }), live([evil]));
    assert.ok(revokedEvil.lines.every((l) => !l.includes('\u001b') && !l.includes('\n')), JSON.stringify(revokedEvil.lines));
  });

  it('on several servers: each closes its own beyond the limit at once, up to the total beyond it later', () => {
    const on = (c: LiveClient, server: string): LiveClient => ({ ...c, server });
    const impact = predictPushImpact(claims({ limits: { conn: 1 } }), live([on(alice, 'a'), on(alice, 'a'), on(bob, 'b'), on(bob, 'b')]));
    assert.deepEqual(impact.connectionsCut, { limit: 1, open: 4, cut: 3, atOnce: 2 });
    assert.equal(impact.summary, 'Closes 2 to 3 of 4 connections (limit 1).');
    assert.ok(impact.lines[0].includes('as they learn each other'), impact.lines[0]);
    const spread = predictPushImpact(claims({ limits: { conn: 3 } }), live([on(alice, 'a'), on(alice, 'a'), on(bob, 'b'), on(bob, 'b')]));
    assert.equal(spread.summary, 'Closes 0 to 1 of 4 connections (limit 3).', 'no server is over the limit on its own');
  });

  it('JetStream off: only when it is on now', () => {
    assert.equal(predictPushImpact(claims({ limits: {} }), live([])).jetstreamOff, undefined);
    const off = predictPushImpact(claims({ limits: { mem_storage: 0, disk_storage: 0 } }), live([], { streams: 2, messages: 1000, bytes: 2048 }));
    assert.deepEqual(off.jetstreamOff, { streams: 2, messages: 1000, bytes: 2048 });
    assert.equal(off.summary, 'Stops JetStream for 2 streams.');
  });
});
