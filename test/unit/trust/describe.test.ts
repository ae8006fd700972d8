import * as assert from 'node:assert/strict';
import { decodeJwt, describeNewUser, describePermissions, encodeUserJwt, NKey, PermissionLine, scopeTemplateText } from '../../../src/core/trust';

const asText = (lines: PermissionLine[]): Record<string, string> => Object.fromEntries(lines.map((l) => [l.label, l.text]));

describe('trust: permissions in words', () => {
  it('an empty allow list allows every subject, a deny list only takes subjects away, queue groups are named', () => {
    const t = asText(describePermissions({ pub: { allow: [], deny: ['orders.secret'] }, sub: { allow: ['orders.> workers', 'billing.*'] } }));
    assert.equal(t.Publish, 'any subject except orders.secret');
    assert.equal(t.Subscribe, 'only orders.> (queue group workers), billing.*');
    assert.equal(asText(describePermissions({})).Publish, 'any subject');
  });

  it('replies: the server fills a max or ttl of 0 with 1 reply within 2 minutes; -1 is no limit; none says where replies may go', () => {
    assert.equal(asText(describePermissions({ pub: { allow: ['a'] }, resp: { max: 1, ttl: 0 } })).Replies, 'may reply to each request it receives (1 reply each, within 2 minutes), even outside its publish permissions');
    assert.match(asText(describePermissions({ resp: { max: -1, ttl: -1 } })).Replies, /any number of replies each, without time limit/);
    assert.match(asText(describePermissions({ resp: { max: 3, ttl: 500_000_000 } })).Replies, /3 replies each, within 500 ms/);
    assert.match(asText(describePermissions({ resp: { max: 0, ttl: 30_000_000_000 } })).Replies, /1 reply each, within 30 seconds/);
    assert.equal(asText(describePermissions({ pub: { allow: ['a'] } })).Replies, 'only to subjects its publish permissions allow');
    assert.equal(asText(describePermissions({})).Replies, 'to any request (publishing is not restricted)');
  });

  it('a new user: what will be signed (a restricted publisher gets replies only when asked), its expiry and its signer', () => {
    const restricted = { pub: { allow: ['orders.>'], deny: [] }, sub: { allow: [], deny: ['orders.secret'] } };
    const without = asText(describeNewUser({ permissions: { ...restricted, responses: false }, signer: { kind: 'default' } }));
    assert.deepEqual(without, {
      Publish: 'only orders.>',
      Subscribe: 'any subject except orders.secret',
      Replies: 'only to subjects its publish permissions allow',
      Expires: 'never',
      'Signed by': 'an unscoped signing key of the account (its own key when it has none)',
    });
    const withReplies = asText(describeNewUser({ permissions: { ...restricted, responses: true }, signer: { kind: 'account' }, expires: new Date(Date.UTC(2031, 0, 31)) }));
    assert.match(withReplies.Replies, /^may reply to each request it receives \(1 reply each, within 2 minutes\)/);
    assert.equal(withReplies.Expires, '2031-01-31T00:00:00.000Z');
    assert.equal(withReplies['Signed by'], "the account's own key");
    assert.equal(asText(describeNewUser({ signer: { kind: 'signing-key', publicKey: 'AB' }, bearer: true }))['Bearer token'], 'yes: the JWT alone logs in (no seed signature)');
  });

  it('a new user of a scoped signer: the role template is described, not the (absent) user permissions', () => {
    const scope = { role: 'reader', template: { sub: { allow: ['metrics.>'] }, pub: { allow: ['_INBOX.>'] }, subs: 10 } };
    const t = asText(describeNewUser({ signer: { kind: 'scoped', scope } }));
    assert.equal(t.Subscribe, 'only metrics.>');
    assert.equal(t.Publish, 'only _INBOX.>');
    assert.equal(t.Subscriptions, 'at most 10');
    assert.match(t['Signed by'], /^the scoped signing key of role 'reader': its template applies$/);
    assert.equal(scopeTemplateText(scope.template), 'publish: only _INBOX.>; subscribe: only metrics.>; replies: only to subjects its publish permissions allow; subscriptions: at most 10');
  });

  it('the decoded JWT page says the same about a ttl of 0 (2 minutes, not "without time limit")', async () => {
    const account = NKey.generate('account');
    const jwt = await encodeUserJwt({ name: 'u', user: NKey.generate('user'), account, permissions: { pub: { allow: ['a'] }, responses: true } });
    const d = decodeJwt(jwt);
    const meaning = (field: string): string => d.fields.find((f) => f.field === field)?.meaning ?? '(missing)';
    assert.equal(meaning('nats.resp.max'), 'May send 1 reply to each request received, even outside the publish permissions');
    assert.equal(meaning('nats.resp.ttl'), '…within 2 minutes of the request');
  });
});
