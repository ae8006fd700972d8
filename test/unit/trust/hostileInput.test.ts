/**
 * Hostile input, generated (fast-check): names, permission subjects, expiry texts and store
 * corruptions thrown at the trust core and at the CLI (in-process, through main()). For every case:
 *
 * 1. no exception escapes: the core throws only TrustError, readStore never throws, the CLI returns
 *    0, 1 or 2 and never throws;
 * 2. no partial store: after a failed operation the whole tree (paths, modes, bytes) is exactly as
 *    it was; after a successful one the new entity reads back without errors, nothing else
 *    changed, and every new file is 0600 and every new folder 0700;
 * 3. no seed printed: no output and no error message holds a seed (the pattern, or a piece of one
 *    of the store's seeds).
 *
 * Deterministic: fast-check's seed is HOSTILE_SEED (default below); a failure prints the seed and
 * the shrunk input (fast-check does), so `HOSTILE_SEED=<seed>` reproduces it.
 */
import * as assert from 'node:assert/strict';
import * as childProcess from 'node:child_process';
import fc from 'fast-check';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { main } from '../../../src/cli';
import {
  addAccount,
  addSigningKey,
  addUser,
  checkName,
  createOperator,
  LATEST_EXPIRY,
  parseCreds,
  parseExpiry,
  permissionSubjectProblem,
  PermissionList,
  readStore,
  StoreLocation,
  storeAt,
  StoreModel,
  TrustError,
  userClaims,
} from '../../../src/core/trust';
import { assertOnlyOwnDirectives } from './hostile';
import { SEED_PATTERN, walk } from './helpers';
import { accountEditOptions, corrupt, corruption, hostileExpiry, hostileName, nameAcceptable, SubjectLists, subjectLists, treeState, userEditOptions } from './hostileInputs';

const SEED = Number(process.env.HOSTILE_SEED ?? 90210);
const LISTS: readonly PermissionList[] = ['allow-pub', 'deny-pub', 'allow-sub', 'deny-sub'];

/** A tmpfs where there is one (fsync costs nothing there), else the system's temporary folder. */
function baseDir(): string {
  for (const dir of ['/dev/shm', os.tmpdir()]) {
    try {
      return fs.mkdtempSync(path.join(dir, 'nwb-hostile-'));
    } catch {
      /* next */
    }
  }
  throw new Error('no temporary folder');
}

const show = (argv: readonly string[]): string => JSON.stringify(argv);

describe('hostile input: names, subjects, expiry texts and store corruptions (generated)', function () {
  this.timeout(300_000);
  const counts = { 'names (checkName)': 0, 'names (CLI)': 0, 'subjects (userClaims)': 0, 'subjects (addUser)': 0, 'subjects (CLI)': 0, 'expiry (parseExpiry)': 0, 'expiry (CLI)': 0, 'store corruptions': 0, 'edits and revocations (CLI)': 0 };
  const total = (): number => Object.values(counts).reduce((a, b) => a + b, 0);
  const base = baseDir();
  const template = path.join(base, 'template');
  const caseRoot = path.join(base, 'case');
  const st = path.join(caseRoot, 'st');
  const store: StoreLocation = storeAt(st);
  const out = path.join(caseRoot, 'out');
  let templateEntries: string[] = [];
  /** Pieces of every seed of the template store: none may appear in any output. */
  let seedPieces: string[] = [];
  let dirty = true;
  /** The tree as the last operation left it (taking the picture costs more than most failed operations), undefined when changed since. */
  let lastState: Record<string, string> | undefined;
  const started = Date.now();

  const runs = (numRuns: number): fc.Parameters<unknown> => ({ numRuns, seed: SEED });

  /** The case folder: a copy of the template store and an empty output folder. */
  function fresh(): void {
    fs.rmSync(caseRoot, { recursive: true, force: true });
    fs.cpSync(template, st, { recursive: true });
    fs.mkdirSync(out, { mode: 0o700 });
    dirty = false;
    lastState = undefined;
  }

  function assertNoSeed(text: string, where: string): void {
    assert.doesNotMatch(text, SEED_PATTERN, `${where} holds a seed`);
    for (const piece of seedPieces) assert.ok(!text.includes(piece), `${where} holds a piece of a seed of the store`);
  }

  function assertModelSafe(model: StoreModel): void {
    const messages = [...model.problems, ...model.operators.flatMap((o) => [...o.problems, ...o.accounts.flatMap((a) => [...a.problems, ...a.users.flatMap((u) => u.problems)])])].map((p) => p.message);
    assertNoSeed(messages.join('\n'), 'a problem message of readStore');
  }

  async function readSafely(location: StoreLocation): Promise<StoreModel> {
    let model: StoreModel;
    try {
      model = await readStore(location);
    } catch (e) {
      assert.fail(`readStore threw: ${(e as Error)?.stack ?? String(e)}`);
    }
    assertModelSafe(model);
    return model;
  }

  type Found = { problems: { severity: string; code: string; message: string }[] } | undefined;

  /** An entry of the model: an operator, an account or a user by name. */
  function find(model: StoreModel, operator: string, account?: string, user?: string): Found {
    const op = model.operators.find((o) => o.name === operator);
    if (account === undefined) return op;
    const acc = op?.accounts.find((a) => a.name === account);
    return user === undefined ? acc : acc?.users.find((u) => u.name === user);
  }

  const errorsOf = (entry: Found): string[] => (entry?.problems ?? []).filter((p) => p.severity === 'error').map((p) => `${p.code}: ${p.message}`);

  /** The errors of an entry of the model, or a failure when it is missing. */
  function entryErrors(model: StoreModel, ...names: [string, string?, string?]): string[] {
    const entry = find(model, ...names);
    assert.ok(entry, `${JSON.stringify(names)} reads back (operators: ${JSON.stringify(model.operators.map((o) => [o.name, o.accounts.map((a) => [a.name, a.users.map((u) => u.name)])]))})`);
    return errorsOf(entry);
  }

  /** After a successful change of an existing entry: it reads back, with no error it did not have before. */
  async function noNewErrors(before: StoreModel, ...names: [string, string?, string?]): Promise<void> {
    const had = new Set(errorsOf(find(before, ...names)));
    assert.deepEqual(entryErrors(await readSafely(store), ...names).filter((e) => !had.has(e)), [], `new errors of ${JSON.stringify(names)}`);
  }

  interface CliRun {
    code: number;
    out: string;
    err: string;
  }

  /** Runs the CLI in-process: never throws, exits 0/1/2, prints no seed. */
  async function cli(argv: string[]): Promise<CliRun> {
    const io = { out: '', err: '', cwd: caseRoot, env: {}, home: caseRoot, stdout: { write: (t: string) => void (io.out += t) }, stderr: { write: (t: string) => void (io.err += t) } };
    let code: number;
    try {
      code = await main(argv, io);
    } catch (e) {
      assert.fail(`the CLI threw on ${show(argv)}: ${(e as Error)?.stack ?? String(e)}`);
    }
    assert.ok(code === 0 || code === 1 || code === 2, `exit code ${code} for ${show(argv)}`);
    assertNoSeed(io.out + io.err, `the output of ${show(argv)}`);
    // Whatever the names, subjects or store hold, nothing reaches the terminal raw but line ends
    // (except in the file paths typed as --creds/--out, which are echoed as given).
    const typedPaths = argv.filter((_, i) => ['--creds', '--out'].includes(argv[i - 1])).join('');
    const raw = [...(io.out + io.err)].filter((c) => /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029]|\p{Cs}/u.test(c) && !typedPaths.includes(c));
    assert.deepEqual(raw, [], `the output of ${show(argv)} holds a raw control character: ${JSON.stringify(io.out + io.err)}`);
    if (code !== 0) assert.ok(io.err.trim() !== '', `a failure of ${show(argv)} says why`);
    return { code, out: io.out, err: io.err };
  }

  /**
   * Runs a CLI operation against the case folder: a failure leaves the tree exactly as it was; a
   * success changes nothing that was there (but `mayChange`), makes new files 0600 and folders
   * 0700, and then passes `check`.
   */
  async function operation(argv: string[], check: (r: CliRun) => Promise<void> | void, mayChange: readonly string[] = []): Promise<CliRun> {
    const wasDirty = dirty;
    const before = lastState ?? treeState(caseRoot);
    // Until this operation has passed, the tree is unknown (a failed check leaves it as the CLI did, and fast-check then shrinks).
    lastState = undefined;
    dirty = true;
    const r = await cli(argv);
    const after = treeState(caseRoot);
    if (r.code !== 0) {
      assert.deepEqual(after, before, `${show(argv)} failed (exit ${r.code}: ${r.err.trim()}) and left the tree changed`);
      lastState = after;
      dirty = wasDirty;
      return r;
    }
    for (const [p, v] of Object.entries(before)) {
      if (!mayChange.includes(p)) assert.equal(after[p], v, `${show(argv)} changed ${p}`);
    }
    for (const [p, v] of Object.entries(after)) {
      if (p in before) continue;
      if (p.endsWith('/')) assert.equal(v, '700', `new folder ${p} of ${show(argv)}`);
      else assert.match(v, /^600 /, `new file ${p} of ${show(argv)}`);
    }
    await check(r);
    lastState = after;
    return r;
  }

  const OP = ['--store', 'st', '--operator', 'OP'];
  const APP = [...OP, '--account', 'APP'];
  const rel = (...parts: string[]): string => path.join('st', ...parts);

  function assertCreds(file: string, userJwt: string): void {
    const creds = parseCreds(fs.readFileSync(file, 'utf8'));
    assert.equal(creds.jwt, fs.readFileSync(userJwt, 'utf8').trim(), `${file} holds the user's JWT`);
  }

  before(async () => {
    const location = storeAt(template);
    await createOperator({ store: location, name: 'OP' });
    await addAccount({ store: location, operator: 'OP', name: 'APP', signingKey: true });
    await addSigningKey({ store: location, operator: 'OP', account: 'APP', scope: { role: 'r', template: { permissions: { pub: { allow: ['a.>'] } } } } });
    await addUser({ store: location, operator: 'OP', account: 'APP', name: 'u', permissions: { pub: { allow: ['x.>'] } } });
    await addUser({ store: location, operator: 'OP', account: 'APP', name: 'scoped', signWith: 'r' });
    const entries = treeState(template);
    templateEntries = Object.keys(entries).sort();
    seedPieces = templateEntries
      .filter((p) => p.endsWith('.nk'))
      .map((p) => fs.readFileSync(path.join(template, p), 'utf8').trim())
      .flatMap((seed) => [0, 16, 32, 42].map((i) => seed.slice(i, i + 16)));
    assert.ok(seedPieces.length >= 8 * 4, 'the template holds the seeds of OP, its signing key, SYS, sys, APP, its two signing keys, u and scoped');
  });

  after(() => {
    fs.rmSync(base, { recursive: true, force: true });
    // The figure the suite promises, printed with the run time and the seed to reproduce it.
    const parts = Object.entries(counts).map(([k, v]) => `${k} ${v}`).join(', ');
    console.log(`      hostile inputs: ${total()} cases (${parts}) in ${((Date.now() - started) / 1000).toFixed(1)} s, seed ${SEED}`);
  });

  // --- names ---------------------------------------------------------------------------------------

  it('checkName accepts exactly the names that can be an entry, and throws nothing but TrustError', () => {
    fc.assert(
      fc.property(hostileName, fc.constantFrom('operator', 'account', 'user'), (name, what) => {
        counts['names (checkName)']++;
        let accepted: boolean;
        try {
          assert.equal(checkName(name, what), name);
          accepted = true;
        } catch (e) {
          assert.ok(e instanceof TrustError && e.code === 'invalid-name', `not a TrustError: ${String(e)}`);
          assertNoSeed(e.message, 'the message');
          accepted = false;
        }
        assert.equal(accepted, nameAcceptable(name), `checkName(${JSON.stringify(name)}) ${accepted ? 'accepted' : 'refused'} it`);
      }),
      runs(4000),
    );
  });

  it('every CLI command that takes a name: exit 0/1/2, all or nothing, the new entry reads back clean', async () => {
    const commands = ['init', 'account', 'user', 'creds', 'role', 'server-config', 'account-of', 'user-of', 'creds-file'] as const;
    await fc.assert(
      fc.asyncProperty(hostileName, fc.constantFrom(...commands), async (name, command) => {
        counts['names (CLI)']++;
        if (dirty) fresh();
        const good = nameAcceptable(name);
        switch (command) {
          case 'init': {
            const r = await operation(['init', '--store', 'fresh', '--operator', name], async () => {
              const model = await readSafely(storeAt(path.join(caseRoot, 'fresh')));
              assert.deepEqual(entryErrors(model, name), []);
              assert.deepEqual(entryErrors(model, name, 'SYS'), []);
              assert.deepEqual(entryErrors(model, name, 'SYS', 'sys'), []);
            });
            assert.equal(r.code, good ? 0 : 2, `init --operator ${JSON.stringify(name)}: ${r.err}`);
            break;
          }
          case 'account': {
            const r = await operation(['account', 'add', ...OP, '--name', name], async () => assert.deepEqual(entryErrors(await readSafely(store), 'OP', name), []));
            assert.equal(r.code, !good ? 2 : ['APP', 'SYS'].includes(name) ? 1 : 0, `account add --name ${JSON.stringify(name)}: ${r.err}`);
            break;
          }
          case 'user': {
            const r = await operation(['user', 'add', ...APP, '--name', name, '--creds', 'out/new.creds'], async () => {
              assert.deepEqual(entryErrors(await readSafely(store), 'OP', 'APP', name), []);
              assertCreds(path.join(out, 'new.creds'), path.join(st, 'stores', 'OP', 'accounts', 'APP', 'users', `${name}.jwt`));
            });
            assert.equal(r.code, !good ? 2 : ['u', 'scoped'].includes(name) ? 1 : 0, `user add --name ${JSON.stringify(name)}: ${r.err}`);
            break;
          }
          case 'creds': {
            const r = await operation(['user', 'creds', ...APP, '--name', name, '--creds', 'out/c.creds'], () =>
              assertCreds(path.join(out, 'c.creds'), path.join(st, 'stores', 'OP', 'accounts', 'APP', 'users', `${name}.jwt`)),
            );
            if (!['u', 'scoped'].includes(name)) assert.notEqual(r.code, 0);
            break;
          }
          case 'role': {
            const jwt = rel('stores', 'OP', 'accounts', 'APP', 'APP.jwt');
            await operation(['signing-key', 'add', ...APP, '--role', name, '--allow-sub', 'a.>'], async () => {
              const model = await readSafely(store);
              assert.deepEqual(entryErrors(model, 'OP', 'APP'), []);
              const app = model.operators[0].accounts.find((a) => a.name === 'APP');
              assert.ok(app?.signingKeys.some((k) => k.hasSeed && k.scope?.role === name.trim()), `role ${JSON.stringify(name)} reads back`);
            }, [jwt]);
            break;
          }
          case 'server-config': {
            const r = await operation(['server-config', '--store', 'st', '--operator', name, '--out', 'out/auth.conf'], () => assertOnlyOwnDirectives(fs.readFileSync(path.join(out, 'auth.conf'), 'utf8')));
            if (name !== 'OP') assert.notEqual(r.code, 0);
            break;
          }
          case 'account-of': {
            const r = await operation(['account', 'add', '--store', 'st', '--operator', name, '--name', 'N'], () => undefined);
            if (name !== 'OP') assert.notEqual(r.code, 0);
            break;
          }
          case 'user-of': {
            const r = await operation(['user', 'add', ...OP, '--account', name, '--name', 'n', '--creds', 'out/n.creds'], () => undefined);
            if (!['APP', 'SYS'].includes(name)) assert.notEqual(r.code, 0);
            break;
          }
          case 'creds-file': {
            // Any text as the output file name, kept inside the case folder.
            const file = `out/${name.replace(/\//g, '')}`;
            await operation(['user', 'add', ...APP, '--name', 'n', '--creds', file], () => assertCreds(path.resolve(caseRoot, file), path.join(st, 'stores', 'OP', 'accounts', 'APP', 'users', 'n.jwt')));
            break;
          }
        }
      }),
      runs(1000),
    );
  });

  // --- permission subjects -------------------------------------------------------------------------

  const subjectsOk = (lists: SubjectLists): boolean => LISTS.every((l) => lists[l].every((s) => permissionSubjectProblem(l, s) === undefined));
  const permissionsOf = (lists: SubjectLists): { pub: { allow: string[]; deny: string[] }; sub: { allow: string[]; deny: string[] } } => ({
    pub: { allow: lists['allow-pub'], deny: lists['deny-pub'] },
    sub: { allow: lists['allow-sub'], deny: lists['deny-sub'] },
  });
  const asOptions = (lists: SubjectLists): string[] => LISTS.flatMap((l) => lists[l].flatMap((s) => [`--${l}`, s]));

  /** The permission lists as the JWT holds them (empty lists left out, as the encoder does). */
  function assertPermissions(nats: Record<string, unknown>, lists: SubjectLists): void {
    const side = (allow: string[], deny: string[]): unknown => (allow.length || deny.length ? { ...(allow.length ? { allow } : {}), ...(deny.length ? { deny } : {}) } : undefined);
    assert.deepEqual(nats.pub, side(lists['allow-pub'], lists['deny-pub']));
    assert.deepEqual(nats.sub, side(lists['allow-sub'], lists['deny-sub']));
  }

  it('userClaims takes exactly the subjects the server applies, throwing nothing but TrustError', () => {
    fc.assert(
      fc.property(subjectLists, (lists) => {
        counts['subjects (userClaims)']++;
        try {
          const claims = userClaims({ permissions: permissionsOf(lists) }) as Record<string, unknown>;
          assert.ok(subjectsOk(lists), 'a bad subject was taken');
          assertPermissions(claims, lists);
        } catch (e) {
          if (e instanceof assert.AssertionError) throw e;
          assert.ok(e instanceof TrustError && e.code === 'invalid-argument', `not a TrustError: ${String(e)}`);
          assert.ok(!subjectsOk(lists), `refused good subjects: ${e.message}`);
        }
      }),
      runs(3000),
    );
  });

  it('addUser with generated subjects: a TrustError and an untouched store, or a user that reads back with them', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(subjectLists, async (lists) => {
        counts['subjects (addUser)']++;
        if (dirty) fresh();
        const name = `s${n++}`;
        const before = treeState(caseRoot);
        lastState = undefined;
        try {
          await addUser({ store, operator: 'OP', account: 'APP', name, permissions: permissionsOf(lists) });
        } catch (e) {
          assert.ok(e instanceof TrustError, `not a TrustError: ${String(e)}`);
          assertNoSeed(e.message, 'the message');
          assert.ok(!subjectsOk(lists), `refused good subjects: ${e.message}`);
          assert.deepEqual(treeState(caseRoot), before, 'a failed addUser changed the store');
          return;
        }
        dirty = true;
        assert.ok(subjectsOk(lists), 'a bad subject was taken');
        const model = await readSafely(store);
        assert.deepEqual(entryErrors(model, 'OP', 'APP', name), []);
        const user = model.operators[0].accounts.find((a) => a.name === 'APP')?.users.find((u) => u.name === name);
        assertPermissions(user?.claims?.nats ?? {}, lists);
      }),
      runs(400),
    );
  });

  it('user add and signing-key add --role with generated subjects: exit 0/1/2, all or nothing, subjects read back', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(subjectLists, fc.boolean(), async (lists, role) => {
        counts['subjects (CLI)']++;
        if (dirty) fresh();
        const name = `c${n++}`;
        const options = asOptions(lists);
        const r = role
          ? await operation(['signing-key', 'add', ...APP, '--role', name, ...options], async () => {
              const model = await readSafely(store);
              assert.deepEqual(entryErrors(model, 'OP', 'APP'), []);
              const key = model.operators[0].accounts.find((a) => a.name === 'APP')?.signingKeys.find((k) => k.scope?.role === name);
              assertPermissions(key?.scope?.template ?? {}, lists);
            }, [rel('stores', 'OP', 'accounts', 'APP', 'APP.jwt')])
          : await operation(['user', 'add', ...APP, '--name', name, '--creds', `out/${name}.creds`, ...options], async () => {
              const model = await readSafely(store);
              assert.deepEqual(entryErrors(model, 'OP', 'APP', name), []);
              assertPermissions(model.operators[0].accounts.find((a) => a.name === 'APP')?.users.find((u) => u.name === name)?.claims?.nats ?? {}, lists);
            });
        assert.equal(r.code, subjectsOk(lists) ? 0 : 2, `${show(options)}: ${r.err}`);
      }),
      runs(500),
    );
  });

  // --- expiry texts --------------------------------------------------------------------------------

  const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?(?:[Zz]|([+-])(\d{2}):(\d{2}))$/;

  /** What a date text that parseExpiry accepted must mean, computed independently; undefined for durations. */
  function expectedMoment(text: string): number | undefined {
    const t = text.trim();
    const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(t);
    const m = DATE_TIME.exec(t);
    const [y, mo, day, h, mi, s] = (d ?? m ?? []).slice(1, 7).map(Number);
    if (!d && !m) return undefined;
    const ms = Date.UTC(y, mo - 1, day, h || 0, mi || 0, s || 0);
    const real = new Date(ms);
    assert.ok(real.getUTCFullYear() === y && real.getUTCMonth() === mo - 1 && real.getUTCDate() === day && real.getUTCHours() === (h || 0) && real.getUTCMinutes() === (mi || 0) && real.getUTCSeconds() === (s || 0), `${JSON.stringify(text)} is no real date and time`);
    if (!m) return ms;
    const [, , , , , , , frac, sign, oh, om] = m;
    assert.ok(!sign || (Number(oh) <= 23 && Number(om) <= 59), `${JSON.stringify(text)} has an impossible zone offset`);
    return ms + (frac ? Math.floor(Number(frac) * 1000) : 0) - (sign ? (sign === '+' ? 1 : -1) * (Number(oh) * 60 + Number(om)) * 60_000 : 0);
  }

  it('parseExpiry: a TrustError, or a moment in the future (and no later than 9999) that the text really names', () => {
    const now = new Date();
    fc.assert(
      fc.property(hostileExpiry, (text) => {
        counts['expiry (parseExpiry)']++;
        let d: Date;
        try {
          d = parseExpiry(text, now);
        } catch (e) {
          assert.ok(e instanceof TrustError && e.code === 'invalid-argument', `not a TrustError: ${String(e)}`);
          assert.doesNotMatch(e.message, /[\u0000-\u001f\u2028\u2029]|\p{Cs}/u, 'the message is one line of printable text');
          return;
        }
        assert.ok(d instanceof Date && d.getTime() > now.getTime() && d.getTime() <= LATEST_EXPIRY.getTime(), `${JSON.stringify(text)} gave ${String(d)}`);
        const expected = expectedMoment(text);
        if (expected !== undefined) assert.equal(d.getTime(), expected, JSON.stringify(text));
        else assert.match(text.trim(), /^(?:\d+[smhdwySHDWY])+$/, `${JSON.stringify(text)} was taken as a duration`);
      }),
      runs(3000),
    );
  });

  it('user add --expiry with generated texts: exit 0/1/2, all or nothing, the expiry reads back', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(hostileExpiry, async (text) => {
        counts['expiry (CLI)']++;
        if (dirty) fresh();
        const name = `e${n++}`;
        let expected: Date | undefined;
        try {
          expected = parseExpiry(text);
        } catch {
          expected = undefined;
        }
        const r = await operation(['user', 'add', ...APP, '--name', name, '--creds', `out/${name}.creds`, '--expiry', text], async () => {
          const model = await readSafely(store);
          assert.deepEqual(entryErrors(model, 'OP', 'APP', name), []);
          const user = model.operators[0].accounts.find((a) => a.name === 'APP')?.users.find((u) => u.name === name);
          assert.ok(expected && user?.expires && Math.abs(user.expires.getTime() - expected.getTime()) < 5000, `expiry ${JSON.stringify(text)} read back as ${String(user?.expires)}`);
        });
        assert.equal(r.code, expected ? 0 : 2, `--expiry ${JSON.stringify(text)}: ${r.err}`);
      }),
      runs(400),
    );
  });

  // --- store corruptions ---------------------------------------------------------------------------

  it('corrupted stores: readStore never throws; server-config, user add, user creds, signing-key add and account add are all or nothing', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(corruption, { minLength: 1, maxLength: 3 }), async (corruptions) => {
        counts['store corruptions']++;
        fresh();
        // Entries of the store only (relative to the case folder): JWTs, seeds, .nsc, creds, folders.
        const entries = templateEntries.map((p) => path.join('st', p));
        for (const c of corruptions) corrupt(caseRoot, entries, c);
        lastState = undefined;
        dirty = true;
        const model = await readSafely(store);
        const i = n++;
        const appJwt = rel('stores', 'OP', 'accounts', 'APP', 'APP.jwt');
        const opJwt = rel('stores', 'OP', 'OP.jwt');
        await operation(['server-config', ...OP, '--out', 'out/auth.conf'], () => assertOnlyOwnDirectives(fs.readFileSync(path.join(out, 'auth.conf'), 'utf8')));
        await operation(['user', 'add', ...APP, '--name', `nu${i}`, '--creds', 'out/nu.creds'], async () => {
          assert.deepEqual(entryErrors(await readSafely(store), 'OP', 'APP', `nu${i}`), []);
          assertCreds(path.join(out, 'nu.creds'), path.join(st, 'stores', 'OP', 'accounts', 'APP', 'users', `nu${i}.jwt`));
        });
        await operation(['user', 'creds', ...APP, '--name', 'u', '--creds', 'out/u.creds'], () => assertCreds(path.join(out, 'u.creds'), path.join(st, 'stores', 'OP', 'accounts', 'APP', 'users', 'u.jwt')));
        await operation(['signing-key', 'add', ...APP, '--role', `r${i}`], () => noNewErrors(model, 'OP', 'APP'), [appJwt]);
        await operation(['signing-key', 'add', ...OP], () => noNewErrors(model, 'OP'), [opJwt]);
        await operation(['account', 'add', ...OP, '--name', `na${i}`], async () => assert.deepEqual(entryErrors(await readSafely(store), 'OP', `na${i}`), []));
      }),
      runs(300),
    );
  });

  // --- edits and revocations ----------------------------------------------------------------------

  /** Times `user revoke --before` takes (past dates and date-times, now), beside the hostile expiry texts. */
  const revokeBefore = fc.constantFrom('now', '2024-01-31', '2024-01-31T12:00:00Z', '2024-01-31 12:00:00.5-05:00');

  it('user edit, account edit and user revoke with generated options: exit 0/1/2, all or nothing, the entry reads back without new errors', async () => {
    const userFiles = [rel('stores', 'OP', 'accounts', 'APP', 'users', 'u.jwt'), path.join('st', 'keys', 'creds', 'OP', 'APP', 'u.creds')];
    const accountFiles = [rel('stores', 'OP', 'accounts', 'APP', 'APP.jwt'), rel('stores', 'OP', '.pushed.json')];
    const exits = new Map<string, number>();
    const tally = (kind: string, r: CliRun): void => void exits.set(`${kind} ${r.code}`, (exits.get(`${kind} ${r.code}`) ?? 0) + 1);
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('user', 'account', 'revoke'), userEditOptions, accountEditOptions, hostileName, fc.oneof(hostileExpiry, revokeBefore), async (kind, userOptions, accountOptions, name, before) => {
        counts['edits and revocations (CLI)']++;
        if (dirty) fresh();
        const model = await readSafely(store);
        if (kind === 'user') {
          tally(kind, await operation(['user', 'edit', ...APP, '--name', 'u', ...userOptions], () => noNewErrors(model, 'OP', 'APP', 'u'), userFiles));
        } else if (kind === 'account') {
          tally(kind, await operation(['account', 'edit', ...OP, '--name', 'APP', ...accountOptions], () => noNewErrors(model, 'OP', 'APP'), accountFiles));
        } else {
          tally(kind, await operation(['user', 'revoke', ...APP, '--name', name, '--before', before], () => noNewErrors(model, 'OP', 'APP'), accountFiles));
        }
      }),
      runs(600),
    );
    // Both sides were reached: edits that went through and were read back, and refusals that changed nothing.
    for (const key of ['user 0', 'user 2', 'account 0', 'account 2', 'revoke 1']) assert.ok((exits.get(key) ?? 0) >= 5, `too few '${key}' exits: ${JSON.stringify([...exits])}`);
  });

  it('threw at least 10,000 generated cases at the core and the CLI', () => {
    assert.ok(total() >= 10_000, `only ${total()} cases`);
  });
});

describe('hostile input: what the generated cases found', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nwb-hostile-found-'));
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  async function cli(...argv: string[]): Promise<{ code: number; err: string }> {
    const io = { out: '', err: '', cwd: tmp, env: {}, home: tmp, stdout: { write: (t: string) => void (io.out += t) }, stderr: { write: (t: string) => void (io.err += t) } };
    const code = await main(argv, io);
    return { code, err: io.err };
  }

  before(async () => assert.equal((await cli('init', '--store', 'st', '--operator', 'OP')).code, 0));

  // Go's TrimSpace (by which nsc names files, and by which a JWT's name is matched to its folder)
  // removes U+0085; JavaScript's trim does not: 'a\u0085' was created, then read as a copied JWT.
  it('a name ending in U+0085 (NEL) is refused before anything is written', async () => {
    const before = walk(tmp);
    const r = await cli('account', 'add', '--store', 'st', '--operator', 'OP', '--name', 'a\u0085');
    assert.equal(r.code, 2, r.err);
    assert.match(r.err, /the account name 'a\\u0085' starts or ends with spaces/);
    assert.deepEqual(walk(tmp), before);
  });

  // A lone surrogate has no UTF-8 form: the folder was named '\ufffd' and the JWT's name was not UTF-8.
  it('a name holding a lone UTF-16 surrogate is refused', async () => {
    const r = await cli('user', 'add', '--store', 'st', '--operator', 'OP', '--account', 'SYS', '--name', 'x\ud800', '--creds', 'x.creds');
    assert.equal(r.code, 2, r.err);
    assert.match(r.err, /the user name 'x\\ud800' is not valid Unicode/);
    assert.throws(() => checkName('\udfffa', 'operator'), (e: unknown) => e instanceof TrustError && e.code === 'invalid-name');
  });

  // C1 controls (U+0080-U+009F, among them U+009B, a terminal's CSI) were accepted in names and printed raw.
  it('a name holding a C1 control character is refused, and the message shows it escaped', async () => {
    const r = await cli('init', '--store', 'st', '--operator', 'op\u009b2J');
    assert.equal(r.code, 2, r.err);
    assert.match(r.err, /the operator name 'op\\u009b2J' contains a slash, backslash, control character or line separator/);
    assert.doesNotMatch(r.err, /[\u0080-\u009f]/);
  });

  // The role is stored trimmed ('r'), but the CLI reported the role as typed, a tab and all.
  it('signing-key add reports the role as stored', async () => {
    const r = await cli('signing-key', 'add', '--store', 'st', '--operator', 'OP', '--account', 'SYS', '--role', ' ops\t');
    assert.equal(r.code, 0, r.err);
    assert.match(r.err, /^Added scoped signing key \(role 'ops'\) A[A-Z2-7]{55} to account 'SYS'/);
  });

  // A role with a line separator inside was taken, and printed raw.
  it('a role holding a line separator is refused, shown escaped', async () => {
    const r = await cli('signing-key', 'add', '--store', 'st', '--operator', 'OP', '--account', 'SYS', '--role', 'a\u2028b');
    assert.equal(r.code, 2, r.err);
    assert.match(r.err, /the role 'a\\u2028b' must be at most 100 printable characters/);
  });

  // U+2028 and U+2029 were accepted in names and printed raw: a line break inside a name in every message and view.
  it('a name holding a line or paragraph separator is refused', async () => {
    for (const name of ['a\u2028b', 'a\u2029b']) {
      const r = await cli('account', 'add', '--store', 'st', '--operator', 'OP', '--name', name);
      assert.equal(r.code, 2, r.err);
      assert.match(r.err, /the account name 'a\\u202[89]b' contains a slash, backslash, control character or line separator/);
    }
  });
});

// A FIFO (or a link to /dev/zero) in place of a store file made every reader wait for ever: readStore
// never settled, operations hung, and the process could not even exit. Run in a child process, so
// that a hang is a failure and not a stuck test run.
describe('hostile input: special files in a store', () => {
  it('a FIFO or /dev/zero in place of a JWT or seed is reported as not a regular file, without hanging', async function () {
    if (process.platform === 'win32') this.skip();
    this.timeout(60_000);
    const core = path.resolve(__dirname, '../../../src/core/trust');
    const script = `
      const fs = require('fs'), cp = require('child_process'), t = require(${JSON.stringify(core)});
      (async () => {
        const root = fs.mkdtempSync(require('path').join(require('os').tmpdir(), 'nwb-fifo-')), store = t.storeAt(root);
        const out = {};
        try {
          const op = await t.createOperator({ store, name: 'OP' });
          const app = await t.addAccount({ store, operator: 'OP', name: 'APP' });
          fs.rmSync(app.jwtPath); cp.execFileSync('mkfifo', [app.jwtPath]);
          const seed = t.paths.seed(store, op.operator.signingKey); fs.rmSync(seed); fs.symlinkSync('/dev/zero', seed);
          const model = await t.readStore(store);
          out.problems = [...t.entries(model)].flatMap((e) => e.problems.map((p) => p.message));
          await t.addUser({ store, operator: 'OP', account: 'APP', name: 'u' }).catch((e) => (out.addUser = e.message));
        } finally {
          fs.rmSync(root, { recursive: true, force: true });
        }
        process.stdout.write(JSON.stringify(out));
      })();`;
    const run = childProcess.spawnSync(process.execPath, ['-e', script], { timeout: 20_000, encoding: 'utf8' });
    assert.equal(run.signal, null, 'the child hung and was killed');
    assert.equal(run.status, 0, run.stderr);
    const out = JSON.parse(run.stdout) as { problems: string[]; addUser?: string };
    assert.ok(out.problems.some((m) => /APP\.jwt: not a regular file \(a pipe, device or socket\) \(ENOTREG\)/.test(m)), out.problems.join('\n'));
    assert.ok(out.problems.some((m) => /\.nk: not a regular file/.test(m)), out.problems.join('\n'));
    assert.match(out.addUser ?? '', /account 'APP' of operator 'OP' cannot be read: .*APP\.jwt: not a regular file \(a pipe, device or socket\) \(ENOTREG\)/);
  });
});
