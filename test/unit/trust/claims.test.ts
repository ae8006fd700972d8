import * as assert from 'node:assert/strict';
import { decode } from 'nats-jwt';
import { accountLimits, encodeAccountJwt, encodeOperatorJwt, encodeUserJwt, jetStreamEnabled, NKey, parseJwt, systemAccountExports, userClaims } from '../../../src/core/trust';

const ACCOUNT_LIMIT_KEYS = ['conn', 'subs', 'leaf', 'imports', 'exports', 'data', 'payload', 'wildcards', 'disallow_bearer'];
const JS_KEYS = ['mem_storage', 'disk_storage', 'streams', 'consumer', 'max_ack_pending', 'mem_max_stream_bytes', 'disk_max_stream_bytes', 'max_bytes_required'];

function claimsOf(jwt: string): Record<string, unknown> & { nats: Record<string, unknown> } {
  const parsed = parseJwt(jwt);
  assert.ok(parsed.ok);
  return parsed.jwt.claims as unknown as Record<string, unknown> & { nats: Record<string, unknown> };
}

describe('trust claims', () => {
  it('sets every account limit explicitly: unlimited (-1) by default, JetStream off (0)', () => {
    const limits = accountLimits() as Record<string, unknown>;
    assert.deepEqual(Object.keys(limits).sort(), [...ACCOUNT_LIMIT_KEYS, ...JS_KEYS].sort());
    for (const k of ['conn', 'subs', 'leaf', 'imports', 'exports', 'data', 'payload']) assert.equal(limits[k], -1, k);
    assert.equal(limits.wildcards, true);
    assert.equal(limits.disallow_bearer, false);
    for (const k of JS_KEYS.filter((x) => x !== 'max_bytes_required')) assert.equal(limits[k], 0, k);
    assert.equal(jetStreamEnabled(limits), false);
  });

  it('maps every named limit to its JWT field', () => {
    const limits = accountLimits({
      connections: 1, subscriptions: 2, leafNodes: 3, imports: 4, exports: 5, data: 6, payload: 7, wildcards: false, disallowBearer: true,
      jetstream: { memStorage: 8, diskStorage: 9, streams: 10, consumers: 11, maxAckPending: 12, memMaxStreamBytes: 13, diskMaxStreamBytes: 14, maxBytesRequired: true },
    });
    assert.deepEqual(limits, {
      conn: 1, subs: 2, leaf: 3, imports: 4, exports: 5, data: 6, payload: 7, wildcards: false, disallow_bearer: true,
      mem_storage: 8, disk_storage: 9, streams: 10, consumer: 11, max_ack_pending: 12, mem_max_stream_bytes: 13, disk_max_stream_bytes: 14, max_bytes_required: true,
    });
  });

  it('JetStream true means unlimited; tiers zero the flat limits and fill each tier completely', () => {
    const on = accountLimits({ jetstream: true }) as Record<string, unknown>;
    for (const k of JS_KEYS.filter((x) => x !== 'max_bytes_required')) assert.equal(on[k], -1, k);
    assert.equal(jetStreamEnabled(on), true);
    const tiered = accountLimits({ jetstream: { tiers: { R1: { streams: 2, diskStorage: 1000 }, R3: { memStorage: 5 } } } });
    for (const k of JS_KEYS.filter((x) => x !== 'max_bytes_required')) assert.equal((tiered as Record<string, unknown>)[k], 0, k);
    assert.deepEqual(Object.keys(tiered.tiered_limits ?? {}).sort(), ['R1', 'R3']);
    assert.deepEqual(Object.keys(tiered.tiered_limits?.R1 ?? {}).sort(), [...JS_KEYS].sort());
    assert.equal(tiered.tiered_limits?.R1?.streams, 2);
    assert.equal(tiered.tiered_limits?.R1?.consumer, -1);
    assert.equal(jetStreamEnabled(tiered), true);
    assert.throws(() => accountLimits({ jetstream: { tiers: {} } }), /at least one tier/);
  });

  it('user claims: permissions, responses in nanoseconds, bearer, tags, networks; no `locale`', () => {
    const claims = userClaims({
      permissions: { pub: { allow: ['a.>'], deny: ['a.secret'] }, sub: { deny: ['b'] }, responses: { max: 3, ttlMs: 1500 } },
      bearer: true,
      tags: ['team:x'],
      sourceNetworks: ['10.0.0.0/8'],
      connectionTypes: ['STANDARD'],
    }) as Record<string, unknown>;
    assert.deepEqual(claims, {
      subs: -1, data: -1, payload: -1,
      pub: { allow: ['a.>'], deny: ['a.secret'] },
      sub: { deny: ['b'] },
      resp: { max: 3, ttl: 1_500_000_000 },
      bearer_token: true,
      tags: ['team:x'],
      src: ['10.0.0.0/8'],
      allowed_connection_types: ['STANDARD'],
    });
    assert.deepEqual(userClaims({ permissions: { pub: { allow: [] }, responses: true } }), { subs: -1, data: -1, payload: -1, resp: { max: 1, ttl: 0 } });
  });

  it('encodes an operator, an account signed by an operator signing key and users, readable by nats-jwt', async () => {
    const op = NKey.generate('operator');
    const opSigner = NKey.generate('operator');
    const sys = NKey.generate('account');
    const opJwt = await encodeOperatorJwt({ name: 'OP', key: op, signingKeys: [opSigner.publicKey], systemAccount: sys.publicKey, serviceUrls: ['nats://h:4222'] });
    const oc = claimsOf(opJwt);
    assert.equal(oc.iss, op.publicKey);
    assert.deepEqual(oc.nats.signing_keys, [opSigner.publicKey]);
    assert.equal(oc.nats.system_account, sys.publicKey);
    assert.equal(oc.nats.type, 'operator');
    assert.equal(oc.nats.version, 2);
    assert.equal(decode(opJwt).sub, op.publicKey);

    const acc = NKey.generate('account');
    const accSigner = NKey.generate('account');
    const accJwt = await encodeAccountJwt({ name: 'APP', account: acc.publicKey, signer: opSigner, signingKeys: [accSigner.publicKey], limits: { jetstream: true }, exports: systemAccountExports() });
    const ac = claimsOf(accJwt);
    assert.equal(ac.iss, opSigner.publicKey);
    assert.equal(ac.sub, acc.publicKey);
    assert.deepEqual(Object.keys(ac.nats.limits as object).sort(), [...ACCOUNT_LIMIT_KEYS, ...JS_KEYS].sort());
    assert.deepEqual(ac.nats.signing_keys, [accSigner.publicKey]);
    assert.equal(ac.nats.disallow_bearer, undefined, 'disallow_bearer lives inside limits');
    assert.equal(decode(accJwt).sub, acc.publicKey);

    const user = NKey.generate('user');
    const expires = new Date(Date.now() + 3_600_000);
    const notBefore = new Date(Date.now() - 60_000);
    const direct = claimsOf(await encodeUserJwt({ name: 'u', user: user.publicKey, account: acc, expires, notBefore }));
    assert.equal(direct.iss, acc.publicKey);
    assert.equal(direct.exp, Math.floor(expires.getTime() / 1000));
    assert.equal(direct.nbf, Math.floor(notBefore.getTime() / 1000));
    assert.equal(direct.nats.issuer_account, undefined);
    const delegated = claimsOf(await encodeUserJwt({ name: 'u', user, account: acc.publicKey, signingKey: accSigner }));
    assert.equal(delegated.iss, accSigner.publicKey);
    assert.equal(delegated.nats.issuer_account, acc.publicKey);
  });

  it('refuses impossible inputs with clear errors', async () => {
    const acc = NKey.generate('account');
    const user = NKey.generate('user');
    await assert.rejects(encodeUserJwt({ name: 'u', user, account: acc.publicKey }), /needs the account key pair or an account signing key/);
    const now = Date.now();
    await assert.rejects(encodeUserJwt({ name: 'u', user, account: acc, expires: new Date(now), notBefore: new Date(now + 1000) }), /not-before date must be earlier/);
    await assert.rejects(encodeUserJwt({ name: 'u', user, account: acc, expires: new Date('nope') }), /expiry is not a valid date/);
  });
});
