/**
 * All or nothing: every trust operation, failed at each of its writes in turn (and after its last
 * write, and in each of its signatures), leaves every file and folder exactly as it found them.
 * The failures are injected in the file layer (files.ts setFileFaultHook, the system call's error
 * codes); where this process may mount a tiny tmpfs, a real full disk and a real read-only file
 * system are used as well.
 */
import * as assert from 'node:assert/strict';
import * as childProcess from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  addAccount,
  addSigningKey,
  addUser,
  addUsers,
  createOperator,
  deleteAccount,
  deleteUser,
  editAccount,
  editUser,
  generateUserCreds,
  MAX_NAME_BYTES,
  NKey,
  paths,
  readStore,
  removeSigningKey,
  revokeUsers,
  StoreLocation,
  TrustError,
  writeFileAtomic,
} from '../../../src/core/trust';
import { FileStep, isTempFileName, setFileFaultHook, TEMP_NAME_EXTRA } from '../../../src/core/trust/files';
import { tempRoot, walk } from './helpers';

/** Every file and folder below `root` with its mode and bytes. */
function snapshot(root: string): string[] {
  if (!fs.existsSync(root)) return [];
  return walk(root).map((f) => {
    const full = path.join(root, f);
    const mode = (fs.statSync(full).mode & 0o777).toString(8);
    return f.endsWith('/') ? `${f} ${mode}` : `${f} ${mode} ${fs.readFileSync(full).toString('base64')}`;
  });
}

function fault(code: string): Error {
  return Object.assign(new Error(`${code} (injected)`), { code });
}

const CODES = ['ENOSPC', 'EPERM', 'ENAMETOOLONG'];

/**
 * Runs `operation` failing its N-th step (N = 1, 2, …) until it runs through without reaching N;
 * after each failure, `root` must be exactly as before. Returns the number of steps of the last run.
 */
async function failEachStep(root: string, operation: () => Promise<unknown>, code: string): Promise<number> {
  const before = snapshot(root);
  for (let n = 1; ; n++) {
    let seen = 0;
    let failedAt: string | undefined;
    setFileFaultHook((step: FileStep, target: string) => {
      if (++seen !== n) return;
      failedAt = `${step} ${target}`;
      // EPERM on link() means "no hard links here" and has a fallback: fail it with EACCES instead.
      throw fault(code === 'EPERM' && (step === 'link' || step === 'backup') ? 'EACCES' : code);
    });
    try {
      await operation();
    } catch (e) {
      assert.ok(failedAt, `failed without an injected fault: ${(e as Error).message}`);
      // The commit step's own fault is thrown as injected; every file-system error is a TrustError.
      assert.ok(e instanceof TrustError || failedAt.startsWith('commit'), `${failedAt}: not a TrustError: ${String(e)}`);
      assert.deepEqual(snapshot(root), before, `${code} at step ${n} (${failedAt}) left the store changed`);
      continue;
    } finally {
      setFileFaultHook(undefined);
    }
    assert.equal(failedAt, undefined, `${code} at step ${n} (${failedAt}) was ignored`);
    return n - 1;
  }
}

describe('trust operations are all or nothing', function () {
  this.timeout(120_000);
  const tmp = tempRoot('atomic');
  const { store } = tmp;
  after(() => {
    setFileFaultHook(undefined);
    tmp.remove();
  });

  before(async () => {
    await createOperator({ store, name: 'OP' });
    await addAccount({ store, operator: 'OP', name: 'APP', signingKey: true });
    await addUser({ store, operator: 'OP', account: 'APP', name: 'alice' });
    for (const code of CODES) {
      await addUser({ store, operator: 'OP', account: 'APP', name: `gone-${code}` });
      await addAccount({ store, operator: 'OP', name: `GONE-${code}` });
      await addUser({ store, operator: 'OP', account: `GONE-${code}`, name: 'u' });
      spareKeys[code] = (await addSigningKey({ store, operator: 'OP', account: 'APP' })).publicKey;
    }
  });
  const spareKeys: Record<string, string> = {};

  const out = (name: string): string => path.join(tmp.root, 'out', name);
  const operations: [string, (code: string) => () => Promise<unknown>][] = [
    ['createOperator (a second operator)', (code) => () => createOperator({ store, name: `OP2${code}` })],
    ['addAccount (with a signing key and JetStream)', (code) => () => addAccount({ store, operator: 'OP', name: `ACC${code}`, signingKey: true, jetstream: true })],
    ['addSigningKey of the operator (rewrites its JWT)', () => () => addSigningKey({ store, operator: 'OP' })],
    ['addSigningKey of an account (rewrites its JWT)', () => () => addSigningKey({ store, operator: 'OP', account: 'APP' })],
    ['addUsers (a batch of 3)', (code) => () => addUsers({ store, operator: 'OP', account: 'APP', users: [1, 2, 3].map((i) => ({ name: `${code}${i}` })) })],
    ['addUser in an account without users', (code) => () => addUser({ store, operator: 'OP', account: 'SYS', name: `s${code}` })],
    ['generateUserCreds into a new folder', (code) => () => generateUserCreds({ store, operator: 'OP', account: 'APP', user: 'alice', outFile: out(`${code}/alice.creds`) })],
    ['editUser (JWT and keystore .creds rewritten)', (code) => () => editUser({ store, operator: 'OP', account: 'APP', name: 'alice', tags: { add: [code.toLowerCase()] }, permissions: { 'deny-pub': { add: [code] } } })],
    ['editAccount (re-signed, marked changed since last push)', (code) => () => editAccount({ store, operator: 'OP', name: 'APP', jetstream: true, tags: { add: [code.toLowerCase()] } })],
    ['revokeUsers (one re-signed account JWT)', (code) => () => revokeUsers({ store, operator: 'OP', account: 'APP', users: [`gone-${code}`] })],
    ['removeSigningKey with its seed', (code) => () => removeSigningKey({ store, operator: 'OP', account: 'APP', key: spareKeys[code], removeSeed: true })],
    ['deleteUser with revoke, creds and seed', (code) => () => deleteUser({ store, operator: 'OP', account: 'APP', name: `gone-${code}`, revoke: true, removeCreds: true, removeSeed: true })],
    ['deleteAccount with its users and creds', (code) => () => deleteAccount({ store, operator: 'OP', name: `GONE-${code}`, removeCreds: true })],
    [
      'generateUserCreds replacing a file',
      () => async () => {
        await generateUserCreds({ store, operator: 'OP', account: 'APP', user: 'alice', outFile: out('alice.creds'), overwrite: true });
      },
    ],
  ];

  for (const [what, operation] of operations) {
    it(`${what}: each write failed in turn leaves every file and folder as it was`, async () => {
      if (what.startsWith('generateUserCreds replacing')) {
        fs.mkdirSync(path.dirname(out('alice.creds')), { recursive: true });
        fs.writeFileSync(out('alice.creds'), 'older', { mode: 0o600 });
      }
      for (const code of CODES) {
        const steps = await failEachStep(tmp.root, operation(code), code);
        assert.ok(steps >= 4, `${what} took ${steps} steps`);
      }
      const model = await readStore(store);
      assert.deepEqual(model.problems, []);
      assert.deepEqual(model.operators.flatMap((o) => o.problems.map((p) => p.message)), []);
      assert.equal(walk(tmp.root).filter((f) => isTempFileName(path.basename(f))).length, 0);
    });
  }

  it('createOperator into an empty store: a failure removes even the folders and the keystore .gitignore it made', async () => {
    const empty = tempRoot('atomic-empty');
    try {
      // Every code was tried on createOperator above; here what matters is the folders.
      await failEachStep(empty.root, () => createOperator({ store: empty.store, name: 'E' }), 'ENOSPC');
      assert.ok(fs.existsSync(paths.keysGitignore(empty.store)));
    } finally {
      empty.remove();
    }
  });

  it('a failure in any signature, also after every write, leaves nothing (e.g. a name the JWT encoder throws on)', async () => {
    const sign = Object.getOwnPropertyDescriptor(NKey.prototype, 'sign');
    const ops: (() => Promise<unknown>)[] = [
      () => createOperator({ store, name: 'SIGNED' }),
      () => addAccount({ store, operator: 'OP', name: 'SIGNED' }),
      () => addSigningKey({ store, operator: 'OP', account: 'APP' }),
      () => addUsers({ store, operator: 'OP', account: 'APP', users: [{ name: 'sig1' }, { name: 'sig2' }] }),
    ];
    try {
      for (const op of ops) {
        const before = snapshot(tmp.root);
        for (let n = 1; ; n++) {
          let calls = 0;
          NKey.prototype.sign = function (this: NKey, data: Uint8Array): Uint8Array {
            if (++calls === n) throw new Error('signing failed (injected)');
            return (sign?.value as (d: Uint8Array) => Uint8Array).call(this, data);
          };
          const ok = await op().then(
            () => true,
            () => false,
          );
          if (ok) {
            assert.ok(calls < n, 'the signature failure was swallowed');
            break;
          }
          assert.deepEqual(snapshot(tmp.root), before, `signature ${n} failed`);
        }
      }
    } finally {
      if (sign) Object.defineProperty(NKey.prototype, 'sign', sign);
    }
  });

  it('on a file system without hard links, a replaced JWT is restored from a copy', async () => {
    const before = snapshot(tmp.root);
    setFileFaultHook((step) => {
      if (step === 'link' || step === 'backup') throw fault('EPERM');
      if (step === 'commit') throw fault('EIO');
    });
    try {
      await assert.rejects(addSigningKey({ store, operator: 'OP' }), (e: Error) => /EIO/.test(e.message));
      assert.deepEqual(snapshot(tmp.root), before);
      setFileFaultHook((step) => {
        if (step === 'link' || step === 'backup') throw fault('EPERM');
      });
      await addSigningKey({ store, operator: 'OP' });
    } finally {
      setFileFaultHook(undefined);
    }
    assert.deepEqual((await readStore(store)).operators.find((o) => o.name === 'OP')?.problems, []);
  });

  it('fsyncs every file written, then every folder written into, before reporting success; a replacement before it replaces', async () => {
    const record = async (op: () => Promise<unknown>): Promise<string[]> => {
      const steps: string[] = [];
      setFileFaultHook((step, target) => void steps.push(`${step} ${path.basename(target)}`));
      try {
        await op();
      } finally {
        setFileFaultHook(undefined);
      }
      return steps;
    };
    const steps = await record(() => addUser({ store, operator: 'OP', account: 'APP', name: 'durable' }));
    const seed = steps.find((s) => /^rename U[A-Z2-7]{55}\.nk$/.test(s))?.slice('rename '.length) ?? '';
    const commit = steps.indexOf('commit ');
    const afterCommit = steps.slice(commit + 1);
    for (const file of ['durable.jwt', 'durable.creds', seed]) assert.ok(afterCommit.includes(`sync ${file}`), `${file} not synced:\n${steps.join('\n')}`);
    const firstFolder = afterCommit.findIndex((s) => s.startsWith('sync-folder'));
    assert.ok(afterCommit.slice(0, firstFolder).every((s) => s.startsWith('sync ')) && afterCommit.slice(firstFolder).every((s) => s.startsWith('sync-folder')), steps.join('\n'));
    for (const folder of ['APP', seed.slice(1, 3), 'users']) assert.ok(afterCommit.includes(`sync-folder ${folder}`), `${folder} not synced:\n${steps.join('\n')}`);

    const replaced = await record(() => addSigningKey({ store, operator: 'OP', account: 'APP' }));
    const rename = replaced.indexOf('rename APP.jwt');
    assert.ok(rename > 2 && /^sync \.APP\..*\.tmp\.jwt$/.test(replaced[rename - 2]) && replaced[rename - 1].startsWith('backup .APP.'), replaced.join('\n'));
  });

  it('a failed fsync at commit: every other fsync has ended before the rollback, none touches the disk after the failure is reported', async () => {
    // The k-th file opened for its fsync opens k × 25 ms late, as on a slow disk: the first fsync
    // fails while the others are still opening.
    const open = fs.promises.open;
    let opens = 0;
    let reported = false;
    let late: string[] = [];
    fs.promises.open = (async (...args: Parameters<typeof open>) => {
      if (args[1] === 'r+') await new Promise((resolve) => setTimeout(resolve, 25 * opens++));
      if (reported) late.push(`open ${path.basename(String(args[0]))}`);
      return open(...args);
    }) as typeof open;
    try {
    for (let failAt = 1; failAt <= 3; failAt++) {
      let syncs = 0;
      reported = false;
      opens = 0;
      late = [];
      setFileFaultHook((step, target) => {
        if (reported) late.push(`${step} ${path.basename(target)}`);
        if (step === 'sync' && ++syncs === failAt) throw fault('EIO');
      });
      try {
        const before = snapshot(tmp.root);
        await assert.rejects(addUsers({ store, operator: 'OP', account: 'APP', users: [1, 2, 3].map((i) => ({ name: `late${failAt}${i}` })) }), /EIO/);
        reported = true;
        await new Promise((resolve) => setTimeout(resolve, 100));
        assert.deepEqual(late, [], `file steps after the failure was reported (fsync ${failAt} failed)`);
        assert.deepEqual(snapshot(tmp.root), before);
      } finally {
        setFileFaultHook(undefined);
      }
    }
    } finally {
      fs.promises.open = open;
    }
  });

  it('limits names to 200 bytes of UTF-8, so that every file named after them (as a temporary file too) fits 255 bytes', async () => {
    assert.ok(MAX_NAME_BYTES + '.creds'.length + TEMP_NAME_EXTRA <= 255);
    const longest = 'é'.repeat(MAX_NAME_BYTES / 2);
    const user = await addUser({ store, operator: 'OP', account: 'APP', name: longest });
    await generateUserCreds({ store, operator: 'OP', account: 'APP', user: longest, outFile: out(`${longest}.creds`) });
    assert.ok(fs.existsSync(user.credsPath));
    for (const name of ['é'.repeat(MAX_NAME_BYTES / 2 + 1), 'é'.repeat(200), '🚀'.repeat(51)]) {
      await assert.rejects(addUser({ store, operator: 'OP', account: 'APP', name }), (e: TrustError) => e.code === 'invalid-name' && /bytes long in UTF-8; at most 200/.test(e.message));
    }
  });

  it('reports the true cause of a failed write: EACCES, EROFS, ENOSPC, ENAMETOOLONG', async () => {
    for (const [code, text] of [
      ['EACCES', 'permission denied'],
      ['EROFS', 'read-only file system'],
      ['ENOSPC', 'no space left on the device'],
      ['ENAMETOOLONG', 'file name too long'],
    ]) {
      for (const at of ['mkdir', 'write'] as FileStep[]) {
        setFileFaultHook((step) => {
          if (step === at) throw fault(code);
        });
        try {
          await assert.rejects(addAccount({ store, operator: 'OP', name: 'CAUSE' }), (e: TrustError) => e.code === 'io' && e.message.includes(`${text} (${code})`), `${code} at ${at}`);
        } finally {
          setFileFaultHook(undefined);
        }
      }
    }
  });

  it('never loops creating a folder where mkdir says ENOENT under an existing parent (/proc)', function () {
    if (process.platform !== 'linux') this.skip();
    const script = `require(${JSON.stringify(path.resolve(__dirname, '../../../src/core/trust/files'))}).ensureDir('/proc/nwb-no-such/x')`;
    const run = childProcess.spawnSync(process.execPath, ['-e', script], { timeout: 20_000, encoding: 'utf8' });
    assert.equal(run.signal, null, 'ensureDir hung and was killed');
    assert.match(run.stderr, /cannot create the folder \/proc\/nwb-no-such: no such file or folder \(ENOENT\)/);
  });
});

describe('temporary files left by a crash', function () {
  this.timeout(60_000);
  const tmp = tempRoot('crash');
  after(() => tmp.remove());

  /** Starts `init` in a child process that stops just before its first seed is moved into place, and kills it there. */
  async function crashBeforeSeedIsMoved(store: StoreLocation): Promise<void> {
    const trust = path.resolve(__dirname, '../../../src/core/trust');
    const script = `
      const trust = require(${JSON.stringify(trust)});
      require(${JSON.stringify(path.join(trust, 'files'))}).setFileFaultHook((step, target) => {
        if (step === 'link' && target.endsWith('.nk')) {
          process.stdout.write('paused\\n');
          Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
        }
      });
      trust.createOperator({ store: ${JSON.stringify(store)}, name: 'CRASH' });`;
    const child = childProcess.spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => d.toString().includes('paused') && resolve());
      child.on('exit', (code) => reject(new Error(`the child ended (${code}) before pausing`)));
    });
    const exited = new Promise((resolve) => child.on('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }

  it('are covered by the keystore .gitignore, reported when the store is read, and removed by the next write into their folder', async () => {
    const { store } = tmp;
    await crashBeforeSeedIsMoved(store);
    const temps = walk(store.keysDir).filter((f) => isTempFileName(path.basename(f)));
    assert.equal(temps.length, 1, walk(tmp.root).join('\n'));
    const temp = path.join(store.keysDir, temps[0]);
    assert.match(fs.readFileSync(temp, 'utf8'), /^SO[A-Z2-7]{56}$/, 'the temporary file holds a seed');
    assert.match(temp, /\.tmp\.nk$/);

    // A real git repository around the store: git must ignore the leftover seed.
    const git = (...args: string[]): childProcess.SpawnSyncReturns<string> => childProcess.spawnSync('git', args, { cwd: tmp.root, encoding: 'utf8' });
    assert.equal(git('init', '-q').status, 0);
    const ignored = git('check-ignore', '-v', temp);
    assert.equal(ignored.status, 0, `git does not ignore ${temp}: ${ignored.stdout}${ignored.stderr}`);
    assert.match(ignored.stdout, /\.gitignore:\d+:\*\*\/\*\.nk/);
    // The name an earlier version gave the same temporary file was not ignored.
    const oldName = path.join(path.dirname(temp), `.${path.basename(temp).split('.')[1]}.nk.0123456789ab1.tmp`);
    assert.equal(git('check-ignore', oldName).status, 1);

    const model = await readStore(store);
    const leftovers = model.problems.filter((p) => p.code === 'leftover-temp-file');
    assert.deepEqual(leftovers.map((p) => [p.path, p.severity]), [[temp, 'warning']]);
    assert.match(leftovers[0].message, /interrupted write and may hold a seed/);

    writeFileAtomic(path.join(path.dirname(temp), 'next-write.txt'), 'x');
    assert.equal(fs.existsSync(temp), false, 'the next write into the folder removed the leftover');
    assert.deepEqual((await readStore(store)).problems, []);
  });

  it("leaves files that only look like ours, and a running process's temporary files, alone", async () => {
    const dir = path.join(tmp.root, 'alike');
    fs.mkdirSync(dir);
    const running = `.x.${process.pid.toString(36)}-abcd1.tmp.nk`;
    const otherPattern = ['.x.tmp.nk', 'x.1-abcd1.tmp.nk', '.x.1-abcd1.tmp.nk.bak', '.x.1-ABCD1.tmp.nk'];
    for (const name of [running, ...otherPattern]) fs.writeFileSync(path.join(dir, name), 'x');
    writeFileAtomic(path.join(dir, 'y.nk'), 'y');
    assert.deepEqual(fs.readdirSync(dir).sort(), [running, ...otherPattern, 'y.nk'].sort());
  });
});

describe('a tiny real file system (tmpfs, where this process may mount one)', function () {
  this.timeout(120_000);
  const tmp = tempRoot('tmpfs');
  const mnt = path.join(tmp.root, 'mnt');
  let mounted = false;
  const sh = (cmd: string): boolean => childProcess.spawnSync('sh', ['-c', cmd], { stdio: 'ignore' }).status === 0;

  before(function () {
    fs.mkdirSync(mnt);
    mounted = process.platform === 'linux' && sh(`mount -t tmpfs -o size=512k,mode=0700 nwb-test ${mnt}`);
    if (!mounted) this.skip();
  });
  after(() => {
    if (mounted) sh(`umount ${mnt}`);
    tmp.remove();
  });

  it('a full disk fails an operation at each of its writes in turn, and leaves the store as it was', async () => {
    const store = { storesDir: path.join(mnt, 'stores'), keysDir: path.join(mnt, 'keys') };
    await createOperator({ store, name: 'OP' });
    const filler = path.join(mnt, 'filler');
    let done = false;
    for (let free = 0; !done && free < 40; free++) {
      // Fill the disk, then free `free` pages of 4 KB.
      fs.writeFileSync(filler, '');
      try {
        for (;;) fs.appendFileSync(filler, Buffer.alloc(4096));
      } catch (e) {
        assert.equal((e as NodeJS.ErrnoException).code, 'ENOSPC');
      }
      fs.truncateSync(filler, Math.max(0, fs.statSync(filler).size - free * 4096));
      const before = snapshot(mnt).filter((f) => !f.startsWith('filler'));
      try {
        await addAccount({ store, operator: 'OP', name: 'APP', signingKey: true });
        done = true;
      } catch (e) {
        assert.match((e as Error).message, /no space left on the device \(ENOSPC\)/);
        assert.deepEqual(snapshot(mnt).filter((f) => !f.startsWith('filler')), before, `with ${free} pages free`);
      }
    }
    assert.ok(done, 'the account was added once there was room');
    fs.rmSync(filler);
  });

  it('a read-only file system is reported as such (not as ENOENT), and nothing is written', async () => {
    const store = { storesDir: path.join(mnt, 'ro', 'stores'), keysDir: path.join(mnt, 'ro', 'keys') };
    await createOperator({ store, name: 'OP' });
    assert.ok(sh(`mount -o remount,ro ${mnt}`));
    try {
      const before = snapshot(mnt);
      await assert.rejects(addAccount({ store, operator: 'OP', name: 'APP' }), (e: TrustError) => /read-only file system \(EROFS\)/.test(e.message) && !/ENOENT/.test(e.message));
      await assert.rejects(addUser({ store, operator: 'OP', account: 'SYS', name: 'u' }), (e: TrustError) => /read-only file system \(EROFS\)/.test(e.message));
      assert.deepEqual(snapshot(mnt), before);
    } finally {
      sh(`mount -o remount,rw ${mnt}`);
    }
  });
});
