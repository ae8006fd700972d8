/**
 * What nats-server 2.9.10 does with the permission subjects and JWT sizes the trust core refuses or
 * warns about: the subjects we refuse are refused at login or silently useless, the ones we accept
 * (queue groups included) work, and a JWT over the default control line logs in once the server
 * sets the max_control_line we suggest.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { NatsConnection, StringCodec } from 'nats';
import {
  addAccount,
  addUser,
  CONNECT_OVERHEAD,
  createOperator,
  DEFAULT_MAX_CONTROL_LINE,
  encodeUserJwt,
  formatCreds,
  maxControlLineFor,
  NKey,
  parseJwt,
  permissionSubjectProblem,
  PermissionList,
  userJwtSizeWarning,
} from '../../../src/core/trust';
import { NatsServer, sleep, startOperatorServer } from '../../support/natsServer';
import { keyOf, signClaims } from '../../unit/trust/helpers';
import { assertReferenceClean } from '../../support/referenceValidator';
import { assertRefused, connectWithCreds, tempRoot } from './helpers';

const sc = StringCodec();

/** True when a message published by `pub` on `subject` reaches a subscriber of `>` on `watcher`. */
async function delivered(pub: NatsConnection, watcher: NatsConnection, subject: string): Promise<boolean> {
  const sub = watcher.subscribe('>', { max: 1 });
  await watcher.flush();
  pub.publish(subject, sc.encode('x'));
  await pub.flush().catch(() => undefined);
  const got = (async () => {
    for await (const m of sub) return m.subject;
    return undefined;
  })();
  const timeout = sleep(300).then(() => undefined);
  const subject_ = await Promise.race([got, timeout]);
  sub.unsubscribe();
  return subject_ === subject;
}

/** Resolves once the server has answered a subscription: undefined, or the permission error it sent. */
async function trySubscribe(nc: NatsConnection, subject: string, queue?: string): Promise<string | undefined> {
  let error: string | undefined;
  const sub = nc.subscribe(subject, { queue, callback: (e) => (error = e ? e.message : error) });
  await nc.flush();
  await sleep(50);
  if (!sub.isClosed()) sub.unsubscribe();
  return error;
}

describe('trust: permission subjects and JWT size against nats-server 2.9.10', function () {
  this.timeout(60_000);
  const tmp = tempRoot('input');
  let server: NatsServer;
  let accountKey: NKey;
  let open: NatsConnection;
  let operatorJwt: string;
  let sys: { publicKey: string; jwt: string };
  let app: { publicKey: string; jwt: string };

  before(async () => {
    const { store } = tmp;
    const op = await createOperator({ store, name: 'OP' });
    const acc = await addAccount({ store, operator: 'OP', name: 'APP' });
    accountKey = keyOf(store, acc.publicKey);
    assert.ok(op.systemAccount);
    sys = op.systemAccount;
    app = acc;
    operatorJwt = op.operator.jwt;
    server = await startOperatorServer({ operatorJwt, systemAccount: sys.publicKey, resolver: 'memory', preload: { [sys.publicKey]: sys.jwt, [app.publicKey]: app.jwt }, debug: true });
    const watcher = await addUser({ store, operator: 'OP', account: 'APP', name: 'watcher' });
    open = await connectWithCreds(server.url, fs.readFileSync(watcher.credsPath, 'utf8'));
  });

  after(async () => {
    await open?.close();
    await server?.stop();
    tmp.remove();
  });

  /** Creds of a user whose permissions are exactly `perms`, signed without our checks (as a hand-edited JWT would be). */
  async function rawCreds(perms: { pub?: { allow?: string[]; deny?: string[] }; sub?: { allow?: string[]; deny?: string[] } }): Promise<string> {
    const user = NKey.generate('user');
    const parsed = parseJwt(await encodeUserJwt({ name: 'raw', user, account: accountKey }));
    assert.ok(parsed.ok);
    const claims = structuredClone(parsed.jwt.claims) as unknown as Record<string, unknown> & { nats: Record<string, unknown> };
    Object.assign(claims.nats, perms);
    return formatCreds(signClaims(claims, accountKey), user);
  }

  function refusedByUs(list: PermissionList, subject: string): void {
    assert.ok(permissionSubjectProblem(list, subject), `we refuse ${list} ${JSON.stringify(subject)}`);
  }

  it('refused by us and by the server at login: an empty subject, a space in a publish subject, too many spaces', async () => {
    const cases: [PermissionList, string][] = [
      ['allow-pub', ''],
      ['allow-pub', 'foo bar'],
      ['deny-pub', 'foo bar'],
      ['allow-sub', 'a b c'],
      ['allow-sub', 'orders.* '],
    ];
    for (const [list, subject] of cases) {
      refusedByUs(list, subject);
      const [kind, dir] = list.split('-') as ['allow' | 'deny', 'pub' | 'sub'];
      await assertRefused(server.url, await rawCreds({ [dir]: { [kind]: [subject] } }));
    }
  });

  it('refused by us, useless on the server: a deny-pub with an empty token, a non-final > or a newline protects nothing', async () => {
    const cases: [string, string][] = [
      ['secret..x', 'secret.x'],
      ['secret.>.x', 'secret.a.x'],
      ['secret\n', 'secret'],
      ['secret\t', 'secret'],
    ];
    for (const [deny, target] of cases) {
      refusedByUs('deny-pub', deny);
      const nc = await connectWithCreds(server.url, await rawCreds({ pub: { deny: [deny] } }));
      try {
        assert.equal(await delivered(nc, open, target), true, `deny-pub ${JSON.stringify(deny)} did not stop a publish to ${target}`);
      } finally {
        await nc.close();
      }
    }
    // The control case: the valid deny we would write instead does protect.
    const nc = await connectWithCreds(server.url, await rawCreds({ pub: { deny: ['secret.*.x'] } }));
    try {
      assert.equal(await delivered(nc, open, 'secret.a.x'), false);
    } finally {
      await nc.close();
    }
  });

  it('refused by us, useless on the server: an allow-pub with an empty token allows nothing', async () => {
    refusedByUs('allow-pub', 'orders..new');
    const nc = await connectWithCreds(server.url, await rawCreds({ pub: { allow: ['orders..new'] } }));
    try {
      assert.equal(await delivered(nc, open, 'orders.new'), false);
    } finally {
      await nc.close();
    }
  });

  it('accepted by us and working: a queue permission lets the named queue group subscribe, not another group nor a plain subscription', async () => {
    assert.equal(permissionSubjectProblem('allow-sub', 'orders.* workers'), undefined);
    const user = await addUser({ store: tmp.store, operator: 'OP', account: 'APP', name: 'worker', permissions: { sub: { allow: ['orders.* workers'] }, pub: { allow: ['orders.*'] } } });
    const nc = await connectWithCreds(server.url, fs.readFileSync(user.credsPath, 'utf8'));
    try {
      assert.equal(await trySubscribe(nc, 'orders.new', 'workers'), undefined);
      assert.match((await trySubscribe(nc, 'orders.new', 'others')) ?? '', /Permissions Violation/i);
      assert.match((await trySubscribe(nc, 'orders.new')) ?? '', /Permissions Violation/i);
      assert.match((await trySubscribe(nc, 'billing.new', 'workers')) ?? '', /Permissions Violation/i);
    } finally {
      await nc.close();
    }
  });

  it('accepted by us and working: literal tokens with * or > inside (a*.b>) and a final > deny', async () => {
    const user = await addUser({ store: tmp.store, operator: 'OP', account: 'APP', name: 'literal', permissions: { pub: { allow: ['a*.b>', 'top.>'], deny: ['top.secret.>'] } } });
    const nc = await connectWithCreds(server.url, fs.readFileSync(user.credsPath, 'utf8'));
    try {
      assert.equal(await delivered(nc, open, 'a*.b>'), true);
      assert.equal(await delivered(nc, open, 'ab.b>'), false, 'a* is a literal token, not a wildcard');
      assert.equal(await delivered(nc, open, 'top.public'), true);
      assert.equal(await delivered(nc, open, 'top.secret.x'), false);
    } finally {
      await nc.close();
    }
  });

  describe('a JWT larger than the default max_control_line', () => {
    const subjects = Array.from({ length: 150 }, (_, i) => `orders.region-${String(i).padStart(3, '0')}.events.>`);
    let creds: string;
    let jwt: string;
    const extra: NatsServer[] = [];

    before(async () => {
      const user = await addUser({ store: tmp.store, operator: 'OP', account: 'APP', name: 'many', permissions: { pub: { allow: subjects } } });
      creds = fs.readFileSync(user.credsPath, 'utf8');
      jwt = user.jwt;
    });

    after(async () => {
      for (const s of extra) await s.stop();
    });

    /** The login fails, and the server says why (the client sees that error, or only EPIPE when the server closes first). */
    async function refusedForSize(s: NatsServer): Promise<void> {
      const before = (s.log().match(/maximum control line exceeded/gi) ?? []).length;
      await assert.rejects(connectWithCreds(s.url, creds));
      for (let i = 0; i < 40 && (s.log().match(/maximum control line exceeded/gi) ?? []).length === before; i++) await sleep(25);
      assert.ok((s.log().match(/maximum control line exceeded/gi) ?? []).length > before, 'the server log says "maximum control line exceeded"');
    }

    async function serverWith(maxControlLine: number): Promise<NatsServer> {
      const s = await startOperatorServer({
        name: `mcl${maxControlLine}`,
        operatorJwt,
        systemAccount: sys.publicKey,
        resolver: 'memory',
        preload: { [sys.publicKey]: sys.jwt, [app.publicKey]: app.jwt },
        extraConfig: `max_control_line: ${maxControlLine}`,
      });
      extra.push(s);
      return s;
    }

    it('is warned about, fails login on a default server, and logs in with the suggested max_control_line', async () => {
      assert.ok(jwt.length > DEFAULT_MAX_CONTROL_LINE, `the JWT is ${jwt.length} bytes`);
      const warning = userJwtSizeWarning(jwt, 'many');
      const suggested = maxControlLineFor(jwt);
      assert.ok(warning);
      assert.match(warning, new RegExp(`is ${jwt.length} bytes.*max_control_line: ${suggested}`));
      await refusedForSize(server);
      const roomy = await serverWith(suggested);
      const nc = await connectWithCreds(roomy.url, creds);
      assert.equal(await trySubscribe(nc, 'anything'), undefined);
      await nc.close();
    });

    it(`the CONNECT line of nats.js is the JWT plus ${CONNECT_OVERHEAD} bytes (the measured overhead the warning builds on)`, async () => {
      const exact = await serverWith(jwt.length + CONNECT_OVERHEAD);
      const nc = await connectWithCreds(exact.url, creds);
      await nc.close();
      const short = await serverWith(jwt.length + CONNECT_OVERHEAD - 1);
      await refusedForSize(short);
    });
  });

  it('the reference validator (nats-io/jwt v2) finds nothing wrong in the store but what the tests put there', async () => {
    await assertReferenceClean(tmp.root);
  });
});
