/** Claim values other than subjects (src, connection types, tags, limits, resp) and the articles of messages. */
import * as assert from 'node:assert/strict';
import { accountLimits, NKey, sourceNetworkProblem, userClaims } from '../../../src/core/trust';
import { encodeAccountJwt, encodeOperatorJwt } from '../../../src/core/trust/claims';
import { article } from '../../../src/core/trust/problems';

describe('trust: claim values', () => {
  it('src: what Go 1.19 net.ParseCIDR accepts, without address bits beyond the prefix (which Go clears silently)', () => {
    for (const good of ['10.0.0.0/8', '10.0.0.0/08', '0.0.0.0/0', '::/0', '::1/128', 'FE80::/10', '::ffff:10.0.0.0/120', '2001:db8::/32', '10.0.0.1/32']) assert.equal(sourceNetworkProblem(good), undefined, good);
    const bad: [string, RegExp][] = [
      ['10.0.0.1', /'10\.0\.0\.1' has no prefix length: .* or 10\.0\.0\.1\/32 for one address/],
      ['::1', /::1\/128 for one address/],
      ['010.0.0.0/8', /'010\.0\.0\.0' is not an IPv4 or IPv6 address/],
      [' 10.0.0.0/8', /is not an IPv4 or IPv6 address/],
      ['10.0.0.0/8 ', /the prefix length must be a whole number from 0 to 32/],
      ['10.0.0.0/33', /from 0 to 32/],
      ['::1/129', /from 0 to 128/],
      ['10.0.0.0/+8', /prefix length/],
      ['10.0.0.0/', /prefix length/],
      ['fe80::1%eth0/64', /not an IPv4 or IPv6 address \(no spaces, zones or leading zeros\)/],
      ['1.2.3/24', /not an IPv4/],
      ['256.0.0.0/8', /not an IPv4/],
      ['', /has no prefix length/],
      ['10.0.0.1/1', /'10\.0\.0\.1\/1' has address bits set beyond the \/1 prefix: Go reads it as 0\.0\.0\.0\/1; write that network \(or \/32 for the one address\)/],
      ['192.168.1.10/24', /Go reads it as 192\.168\.1\.0\/24/],
      ['2001:db8::1/32', /has address bits set beyond the \/32 prefix: Go reads it as its network address; write that network \(or \/128/],
      ['::ffff:10.0.0.1/120', /address bits set/],
    ];
    for (const [cidr, message] of bad) assert.match(sourceNetworkProblem(cidr) ?? 'accepted', message, cidr);
    assert.throws(() => userClaims({ sourceNetworks: ['10.0.0.0/8', 'x'] }), /source network \(src\) 'x' has no prefix length/);
    assert.deepEqual(userClaims({ sourceNetworks: ['10.0.0.0/8'] }).src, ['10.0.0.0/8']);
  });

  it('connection types: the six the server knows, in any case, written in upper case', () => {
    assert.deepEqual(userClaims({ connectionTypes: ['standard', 'Mqtt_Ws'] as never }).allowed_connection_types, ['STANDARD', 'MQTT_WS']);
    assert.throws(() => userClaims({ connectionTypes: ['STANDARD', 'WEBSOKET'] as never }), /allowed connection type 'WEBSOKET' is not one the server knows .*: use STANDARD, WEBSOCKET, LEAFNODE, LEAFNODE_WS, MQTT, MQTT_WS/);
    assert.throws(() => userClaims({ connectionTypes: [7] as never }), /allowed connection type 7 is not one/);
  });

  it('tags: not empty, no surrounding spaces, lower case (as nsc and Go keep them), on every JWT kind', async () => {
    assert.deepEqual(userClaims({ tags: ['team:a', 'équipe', '中文'] }).tags, ['team:a', 'équipe', '中文']);
    assert.throws(() => userClaims({ tags: ['Team'] }), /tag 'Team' has capital letters: nsc and Go's jwt keep tags in lower case \('team'\)/);
    assert.throws(() => userClaims({ tags: [' a'] }), /tag ' a' starts or ends with spaces/);
    assert.throws(() => userClaims({ tags: ['  '] }), /tag '  ' is empty/);
    assert.throws(() => userClaims({ scoped: true, tags: ['X'] }), /capital letters/);
    const op = NKey.generate('operator');
    await assert.rejects(encodeOperatorJwt({ name: 'o', key: op, tags: ['Prod'] }), /tag 'Prod'/);
    await assert.rejects(encodeAccountJwt({ name: 'a', account: NKey.generate('account'), signer: op, tags: [''] }), /tag '' is empty/);
  });

  it('limits: whole numbers of 0 or more, or -1; never NaN, Infinity, fractions or other negatives', () => {
    for (const bad of [NaN, Infinity, -Infinity, 1.5, -2, 1e21, '5' as unknown as number]) {
      assert.throws(() => userClaims({ limits: { subscriptions: bad } }), /the limit subs must be a whole number of 0 or more, or -1 for no limit, not /, String(bad));
      assert.throws(() => accountLimits({ connections: bad }), /the limit conn must be/, String(bad));
      assert.throws(() => accountLimits({ jetstream: { memStorage: bad } }), /the limit JetStream mem_storage must be/, String(bad));
      assert.throws(() => accountLimits({ jetstream: { tiers: { R3: { streams: bad } } } }), /the limit JetStream R3 streams must be/, String(bad));
    }
    assert.throws(() => accountLimits({ payload: NaN }), /not NaN/);
    assert.equal(accountLimits({ connections: 0, data: -1, jetstream: { diskStorage: 1024 } }).disk_storage, 1024);
    assert.equal(userClaims({ limits: { payload: 0 } }).payload, 0);
  });

  it('resp: max of 1 or more or -1, ttl above 0 ms or -1; 0 (the server default) is refused', () => {
    assert.deepEqual(userClaims({ permissions: { responses: { max: -1, ttlMs: -1 } } }).resp, { max: -1, ttl: -1_000_000 });
    assert.deepEqual(userClaims({ permissions: { responses: { max: 5, ttlMs: 1500 } } }).resp, { max: 5, ttl: 1_500_000_000 });
    for (const max of [0, -2, 1.5, NaN, Infinity]) assert.throws(() => userClaims({ permissions: { responses: { max } } }), /resp\.max\) must be a whole number of 1 or more, or -1/, String(max));
    for (const ttlMs of [0, -5, NaN, Infinity, 1e13, 1e-9]) assert.throws(() => userClaims({ permissions: { responses: { ttlMs } } }), /resp\.ttl\) must be more than 0 milliseconds/, String(ttlMs));
  });

  it('article: by sound, for the words messages use', () => {
    const words: [string, string][] = [
      ['user', 'a user'],
      ['account', 'an account'],
      ['operator', 'an operator'],
      ['untyped', 'an untyped'],
      ['unknown', 'an unknown'],
      ['activation', 'an activation'],
      ['generic', 'a generic'],
      ['unique', 'a unique'],
      ['one', 'a one'],
      ['server', 'a server'],
      ['User', 'a User'],
    ];
    for (const [word, expected] of words) assert.equal(article(word), expected);
  });
});
