/**
 * The Diagnose Credentials page: the verdict, the store's view beside the server's, each reason
 * titled with what to do; names from JWTs never become Markdown (links, emphasis, table cells);
 * a .creds file is matched to the operator whose store holds its account.
 */
import * as assert from 'node:assert/strict';
import { addAccount, addSigningKey, addUser, createOperator, Diagnosis, diagnoseCreds, formatCreds, formatDiagnosis, NKey, encodeUserJwt, operatorOfCreds, readOperatorEntry, revokeUsers } from '../../../src/core/trust';
import { pageHtml } from '../../../src/pages/pageHtml';
import { SEED } from '../cli/run';
import { keyOf, tempRoot } from './helpers';

const html = (markdown: string): string => pageHtml(markdown, { title: 't', nonce: 'n', linkHref: (href) => href });

describe('trust diagnose: the readable page', function () {
  this.timeout(30_000);
  const tmp = tempRoot('diagnosis-report');
  const { store } = tmp;
  let appKey: string;

  before(async () => {
    await createOperator({ store, name: 'OP' });
    appKey = (await addAccount({ store, operator: 'OP', name: 'APP' })).publicKey;
    await createOperator({ store, name: 'OTHER' });
  });
  after(() => tmp.remove());

  async function creds(name: string): Promise<string> {
    const u = await addUser({ store, operator: 'OP', account: 'APP', name });
    return formatCreds(u.jwt, keyOf(store, u.publicKey));
  }

  it('a revoked user, store only: the verdict, the store beside "not asked", the reason with what to do', async () => {
    const text = await creds('leaked');
    await revokeUsers({ store, operator: 'OP', account: 'APP', users: ['leaked'] });
    const op = await readOperatorEntry(store, 'OP');
    const d = diagnoseCreds(text, { operator: op });
    const page = formatDiagnosis(d, { subject: "user 'leaked' of account 'APP'" });
    assert.doesNotMatch(page, SEED);
    const h = html(page);
    assert.match(h, /<h1>Diagnosis: user 'leaked' of account 'APP'<\/h1>/);
    assert.match(h, /<strong>The login fails:<\/strong> 1 reason\./);
    assert.match(h, /<td>Login<\/td>\s*<td>the login would fail: the user is revoked<\/td>\s*<td>not asked \(no server given\)<\/td>/);
    assert.match(h, /<h3>1\. The user is revoked<\/h3>\s*<p>The user is revoked by account 'APP' \(revocation at [^)]+\): the server refuses it once the account is pushed; issue new credentials/);
    assert.match(h, /<h2>Notes<\/h2>\s*<h3>The account changed since its last push<\/h3>[\s\S]*<h3>Nonce signed at login<\/h3>/);
    assert.doesNotMatch(h, /Account JWT/, 'no lookup, no row for it');
  });

  it("the server's verdict and the account it holds, beside the store's", () => {
    const d: Diagnosis = {
      ok: false,
      reasons: [
        { code: 'account-missing-on-server', message: 'the server at nats://h:4222 does not have the account: push the account' },
        { code: 'server-refused', message: 'the server at nats://h:4222 refused the login (Authorization Violation), as the reasons above explain (account-missing-on-server)' },
      ],
      notes: [],
      user: { publicKey: 'UKEY', account: 'AKEY', name: 'bob' },
      account: { name: 'APP', publicKey: 'AKEY' },
      server: { url: 'nats://h:4222', ok: false, said: 'Authorization Violation' },
      serverAccount: { state: 'missing', said: 'the server at nats://h:4222 does not have the account', storeIssuedAt: new Date('2026-01-02T03:04:05Z') },
      tries: [{ operation: 'publish', subject: 'billing.x', forbiddenBy: 'its allow-pub list does not hold it', server: 'refused' }],
    };
    const h = html(formatDiagnosis(d, { subject: 'bob.creds', file: '/tmp/bob.creds' }));
    assert.match(h, /<strong>Credentials:<\/strong> <code>\/tmp\/bob.creds<\/code>/);
    assert.match(h, /<td>Login<\/td>\s*<td>nothing wrong: the login would work<\/td>\s*<td>the login failed: Authorization Violation \(<code>nats:\/\/h:4222<\/code>\)<\/td>/);
    assert.match(h, /<td>Account JWT<\/td>\s*<td>issued 2026-01-02T03:04:05.000Z<\/td>\s*<td>the server at nats:\/\/h:4222 does not have the account<\/td>/);
    assert.match(h, /<h3>1\. The server does not have the account<\/h3>/);
    assert.match(h, /<h3>2\. The server refused the login<\/h3>/);
    // Each reason reads as a sentence: capital first letter, a full stop before its code.
    assert.match(h, /<p>The server at nats:\/\/h:4222 does not have the account: push the account\. <code>account-missing-on-server<\/code><\/p>/);
    assert.match(h, /<td>publish to <code>billing.x<\/code><\/td>\s*<td>forbidden<\/td>\s*<td>refused \(Permissions Violation\)<\/td>/);
  });

  it('names from the JWT stay text: no link, no emphasis, no extra table cell', async () => {
    const user = NKey.generate('user');
    const name = '[open](file:///etc/passwd) **loud** | cell `code` <b>x</b>';
    const jwt = await encodeUserJwt({ name, user, account: keyOf(store, appKey) });
    const d = diagnoseCreds(formatCreds(jwt, user), { operator: await readOperatorEntry(store, 'OP') });
    const h = html(formatDiagnosis(d, { subject: `user '${name}'` }));
    assert.doesNotMatch(h, /<a /);
    assert.doesNotMatch(h, /<strong>loud/);
    assert.doesNotMatch(h, /<b>x/);
    assert.match(h, /\[open\]\(file:\/\/\/etc\/passwd\) \*\*loud\*\* \| cell `code` &lt;b&gt;x&lt;\/b&gt;/);
    assert.equal((h.match(/<td>Login<\/td>\s*<td>[^<]*<\/td>\s*<td>[^<]*<\/td>\s*<\/tr>/g) ?? []).length, 1, 'the Login row keeps its three cells');
  });

  it('what the user may do: its permissions, a scoped key\'s template and role, JetStream of its account', async () => {
    const u = await addUser({ store, operator: 'OP', account: 'APP', name: 'pub', permissions: { pub: { allow: ['orders.>'] } } });
    const d = diagnoseCreds(formatCreds(u.jwt, keyOf(store, u.publicKey)), { operator: await readOperatorEntry(store, 'OP') });
    const may = Object.fromEntries((d.mayDo ?? []).map((l) => [l.label, l.text]));
    assert.match(may.Publish, /orders\.>/);
    assert.match(may.JetStream, /^off for account 'APP': streams, key-value and object stores do not answer its users/);
    const h = html(formatDiagnosis(d, { subject: 'pub' }));
    assert.match(h, /<h2>What the user may do<\/h2>/);
    assert.match(h, /<td>Publish<\/td>\s*<td>[^<]*orders\.&gt;/);

    const key = (await addSigningKey({ store, operator: 'OP', account: 'APP', scope: { role: 'reader', template: { permissions: { sub: { allow: ['r.>'] } } } } })).publicKey;
    const scoped = await addUser({ store, operator: 'OP', account: 'APP', name: 'reader1', signWith: key });
    const sd = diagnoseCreds(formatCreds(scoped.jwt, keyOf(store, scoped.publicKey)), { operator: await readOperatorEntry(store, 'OP') });
    const smay = Object.fromEntries((sd.mayDo ?? []).map((l) => [l.label, l.text]));
    assert.match(smay.Subscribe, /r\.>/, "the role's template, not the user's empty claims");
    assert.match(smay.Role, /^reader \(the scoped signing key's template applies\)/);
  });

  it("a .creds file is matched to the operator whose store holds its account, none when no store does", async () => {
    const model = [await readOperatorEntry(store, 'OTHER'), await readOperatorEntry(store, 'OP')].filter((o) => o !== undefined);
    assert.equal(operatorOfCreds(model, await creds('matched'))?.name, 'OP');
    const stranger = NKey.generate('user');
    const jwt = await encodeUserJwt({ name: 'x', user: stranger, account: NKey.generate('account') });
    assert.equal(operatorOfCreds(model, formatCreds(jwt, stranger)), undefined);
    assert.equal(operatorOfCreds(model, 'not creds'), undefined);
  });
});
