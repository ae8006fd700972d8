import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { main } from '../../../src/cli';
import {
  addAccount,
  addUser,
  addUsers,
  checkUserPermissions,
  createOperator,
  permissionSubjectProblem,
  PermissionList,
  TrustError,
  userClaims,
} from '../../../src/core/trust';
import { subjectProblem } from '../../../src/core/streams';
import { SEED_PATTERN, tempRoot, walk } from './helpers';

/** nats-server 2.9.10 `IsValidSubject` (sublist.go), transcribed. */
function goIsValidSubject(subject: string): boolean {
  if (subject === '') return false;
  let sfwc = false;
  for (const t of subject.split('.')) {
    if (t.length === 0 || sfwc) return false;
    if (/[\t\n\f\r ]/.test(t)) return false;
    if (t === '>') sfwc = true;
  }
  return true;
}

/**
 * The entries the server really applies: jwt v2.3.0 `checkPermission` (split on single spaces:
 * one part, or two with a queue on subscribe permissions, no part empty), then the server's
 * sublist insert and `splitSubjectQueue` (strings.Fields: any other whitespace splits again), and
 * UTF-8 (a lone surrogate cannot be written).
 */
function serverApplies(list: PermissionList, entry: string): boolean {
  const parts = entry.split(' ');
  const queues = list.endsWith('-sub');
  if (parts.some((p) => p === '') || parts.length > (queues ? 2 : 1)) return false;
  if (!goIsValidSubject(parts[0])) return false;
  if (parts.length === 2 && /[\t\n\f\r]/.test(parts[1])) return false;
  return !/\p{Cs}/u.test(entry);
}

const LISTS: PermissionList[] = ['allow-pub', 'deny-pub', 'allow-sub', 'deny-sub'];

describe('trust: permission subjects', () => {
  it('refuses what the server refuses or cannot match, naming the list, the subject and the token', () => {
    const bad: [PermissionList, string, RegExp][] = [
      ['deny-pub', 'a..b', /^deny-pub 'a\.\.b': token 2 is empty/],
      ['allow-pub', '', /^allow-pub '': the subject is empty/],
      ['allow-pub', 'foo bar', /^allow-pub 'foo bar': token 1 contains a space \(only subscribe permissions take a queue group/],
      ['deny-pub', 'x.>.y', /^deny-pub 'x\.>\.y': token 2 is '>', which may only be the last token/],
      ['deny-sub', 'a.b\nc', /^deny-sub 'a\.b\\nc': token 2 contains a newline/],
      ['deny-pub', 'secret\t', /token 1 contains a tab/],
      ['allow-pub', '.a', /token 1 is empty/],
      ['allow-pub', 'a.', /token 2 is empty/],
      ['allow-pub', '>.a', /token 1 is '>'/],
      ['allow-sub', 'a b c', /^allow-sub 'a b c': it has more than one space/],
      ['allow-sub', 'orders.* ', /the queue group after the space is empty/],
      ['allow-sub', ' orders', /the subject is empty/],
      ['allow-sub', 'orders.* wor\tkers', /the queue group contains a tab/],
      ['allow-pub', 'a.\ud800', /^allow-pub 'a\.\\ud800': character 3 is a lone UTF-16 surrogate/],
      ['allow-pub', `${'x'.repeat(500)}..`, /^allow-pub 'x{80}…': token 2 is empty/],
    ];
    for (const [list, subject, expected] of bad) assert.match(permissionSubjectProblem(list, subject) ?? 'accepted', expected, `${list} ${JSON.stringify(subject)}`);
    const good: [PermissionList, string][] = [
      ['allow-pub', '>'],
      ['allow-pub', '*'],
      ['allow-pub', 'orders.*.new'],
      ['deny-pub', 'café.>'],
      ['deny-pub', '中.🚀.>'],
      ['allow-pub', 'a*.b>'],
      ['allow-sub', 'orders.* workers'],
      ['deny-sub', 'orders.> v1.*'],
      ['allow-pub', '$JS.API.>'],
      ['allow-pub', 'a\u000bb'],
    ];
    for (const [list, subject] of good) assert.equal(permissionSubjectProblem(list, subject), undefined, `${list} ${JSON.stringify(subject)}`);
  });

  it('agrees with the server and jwt v2 on every entry (property, 3,000 cases)', () => {
    const alphabet = fc.constantFrom('a', 'b', '.', '*', '>', ' ', '\t', '\n', '\r', '\f', '\v', 'é', '🚀', '\ud800');
    const entry = fc.oneof(fc.array(alphabet, { maxLength: 8 }).map((a) => a.join('')), fc.string(), fc.string({ unit: 'binary' }));
    fc.assert(
      fc.property(fc.constantFrom(...LISTS), entry, (list, s) => {
        const problem = permissionSubjectProblem(list, s);
        assert.equal(problem === undefined, serverApplies(list, s), `${list} ${JSON.stringify(s)}: ${problem}`);
        if (problem) assert.ok(problem.startsWith(`${list} '`), problem);
      }),
      { numRuns: 3000 },
    );
  });

  it('stream subjects keep their own messages, from the same rules', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('a', '.', '*', '>', ' ', '\n'), { maxLength: 6 }), (a) => {
        const s = a.join('');
        assert.equal(subjectProblem(s) === undefined, goIsValidSubject(s), JSON.stringify(s));
      }),
    );
  });

  it('userClaims refuses a bad subject with a TrustError invalid-argument', () => {
    assert.throws(
      () => userClaims({ permissions: { pub: { deny: ['ok.>', 'a..b'] } } }),
      (e: unknown) => e instanceof TrustError && e.code === 'invalid-argument' && /^deny-pub 'a\.\.b': token 2 is empty/.test(e.message),
    );
    assert.deepEqual(userClaims({ permissions: { sub: { allow: ['orders.* workers'] } } }).sub, { allow: ['orders.* workers'] });
  });

  it('checkUserPermissions throws nothing but TrustError, whatever it is given', () => {
    fc.assert(
      fc.property(fc.anything(), fc.anything(), fc.anything(), (p, allow, deny) => {
        for (const input of [p, { pub: p }, { sub: { allow, deny } }, { pub: { allow: [allow], deny } }]) {
          try {
            checkUserPermissions(input as never);
          } catch (e) {
            assert.ok(e instanceof TrustError, String(e));
          }
        }
      }),
      { numRuns: 500 },
    );
  });

  describe('in operations and the CLI: nothing is written', () => {
    const tmp = tempRoot('perm');
    const cwd = tmp.root;
    const io = (): { out: string; err: string; cwd: string; stdout: { write(t: string): void }; stderr: { write(t: string): void } } => {
      const x = { out: '', err: '', cwd, stdout: { write: (t: string) => void (x.out += t) }, stderr: { write: (t: string) => void (x.err += t) } };
      return x;
    };

    before(async () => {
      await createOperator({ store: tmp.store, name: 'OP' });
      await addAccount({ store: tmp.store, operator: 'OP', name: 'APP' });
    });
    after(() => tmp.remove());

    it('addUser and addUsers refuse before writing (a batch names the user)', async () => {
      const before = walk(tmp.root);
      await assert.rejects(addUser({ store: tmp.store, operator: 'OP', account: 'APP', name: 'u', permissions: { pub: { allow: ['x.>.y'] } } }), /^TrustError: allow-pub 'x\.>\.y': token 2 is '>'/);
      const users = [{ name: 'u1' }, { name: 'u2' }, { name: 'u3', permissions: { sub: { deny: ['a b c'] } } }];
      await assert.rejects(addUsers({ store: tmp.store, operator: 'OP', account: 'APP', users }), /user 'u3': deny-sub 'a b c': it has more than one space/);
      assert.deepEqual(walk(tmp.root), before);
    });

    it('user add: a usage error naming the option, the subject and the token; no user, no creds', async () => {
      const before = walk(tmp.root);
      const cases: [string, string, RegExp][] = [
        ['--deny-pub', 'a..b', /user: deny-pub 'a\.\.b': token 2 is empty/],
        ['--allow-pub', '', /user: allow-pub '': the subject is empty/],
        ['--allow-pub', 'foo bar', /allow-pub 'foo bar': token 1 contains a space/],
        ['--deny-sub', 'x\ny', /deny-sub 'x\\ny': token 1 contains a newline/],
      ];
      for (const [option, subject, expected] of cases) {
        const x = io();
        const code = await main(['user', 'add', '--store', '.', '--operator', 'OP', '--account', 'APP', '--name', 'u', '--creds', 'u.creds', '--allow-pub', 'ok.>', option, subject], x);
        assert.equal(code, 2, x.err);
        assert.match(x.err, expected);
        assert.match(x.err, /Usage: nats-workbench user add/);
        assert.doesNotMatch(x.out + x.err, SEED_PATTERN);
      }
      assert.deepEqual(walk(tmp.root), before);
    });

    it('user add accepts a queue permission and Unicode subjects', async () => {
      const x = io();
      const code = await main(['user', 'add', '--store', '.', '--operator', 'OP', '--account', 'APP', '--name', 'q', '--creds', 'q.creds', '--allow-sub', 'orders.* workers', '--deny-pub', 'café.>'], x);
      assert.equal(code, 0, x.err);
      assert.equal(x.err, '');
    });
  });
});
