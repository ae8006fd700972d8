/**
 * Context files copied from a colleague or a CI job, careless or hostile: files that never end,
 * references that are malformed, secrets in places where a message could show them. Each case must
 * end quickly with a message that names what is wrong and never the secret.
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ConnectionProfile, describeProfile, displayServers, readNatsContexts, resolveContextCredentials, urlWithoutUserInfo } from '../../../src/core/cluster';
import { NKey } from '../../../src/core/trust';
import { readBoundedFileAsync } from '../../../src/core/trust/files';
import { cliContext } from '../../support/natsContext';

const SECRET = 'hunter2-Sekr1t';

describe('cluster: hostile and careless nats contexts', () => {
  let root: string;
  let config: string;
  let ctxDir: string;
  const env: Record<string, string> = {};

  beforeEach(() => {
    // One folder per test: the config home, and the FIFOs and files the contexts point at.
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'nwb-ctxhostile-'));
    config = path.join(root, 'config');
    ctxDir = path.join(config, 'nats', 'context');
    fs.mkdirSync(ctxDir, { recursive: true });
  });
  afterEach(() => {
    fs.rmSync(root, { recursive: true, force: true });
    for (const k of Object.keys(env)) delete env[k];
  });

  const writeText = (name: string, text: string): string => {
    const file = path.join(ctxDir, `${name}.json`);
    fs.writeFileSync(file, text, { mode: 0o600 });
    return file;
  };
  const write = (name: string, fields: Record<string, unknown>): string => writeText(name, cliContext({ url: 'nats://127.0.0.1:4222', ...fields }));
  const options = (): { configHome: string; env: Record<string, string>; home: string } => ({ configHome: config, env, home: root });
  const read = async (name: string): Promise<ConnectionProfile> => {
    const found = (await readNatsContexts(options())).profiles.find((p) => p.name === name);
    assert.ok(found, `context ${name} listed`);
    return found;
  };
  /** The error resolving a context's credentials gives, failing the test when there is none. */
  const refusal = async (name: string): Promise<Error> => {
    const profile = await read(name);
    return resolveContextCredentials(profile, options()).then(
      () => assert.fail(`${name}: resolved, but should have been refused`),
      (e: Error) => e,
    );
  };
  const fifo = (name: string): string => {
    const file = path.join(root, name);
    execFileSync('mkfifo', [file]);
    return file;
  };
  /** A sparse file of `bytes` (no disk used). */
  const huge = (name: string, bytes: number): string => {
    const file = path.join(root, name);
    fs.writeFileSync(file, '');
    fs.truncateSync(file, bytes);
    return file;
  };

  it('keeps the secret out of the message when a context file is not valid JSON', async () => {
    writeText('typo', `{\n  "url": "nats://127.0.0.1:4222",\n  "user": "app",\n  "password": ${SECRET}\n}\n`);
    writeText('lead', `x{"password": "${SECRET}"}`);
    for (const name of ['typo', 'lead']) {
      const message = (await read(name)).problems.map((p) => p.message).join('\n');
      assert.match(message, new RegExp(`${name}\\.json: not valid JSON`));
      assert.doesNotMatch(message, /hunter2/, `${name}: ${message}`);
    }
    assert.match((await read('typo')).problems[0].message, /line 4, column 15/);
  });

  it('names the type, not the value, of a field that is not a string', async () => {
    write('numeric', { user: 'app', password: 73516288, token: { value: SECRET } });
    const messages = (await read('numeric')).problems.map((p) => p.message);
    assert.ok(messages.some((m) => /"password" must be a string, not a number/.test(m)), messages.join('\n'));
    assert.ok(messages.some((m) => /"token" must be a string, not an object/.test(m)), messages.join('\n'));
    assert.doesNotMatch(messages.join('\n'), /73516288|hunter2/);
  });

  it('refuses a creds or nkey reference to a FIFO, a device or a folder without waiting or reading it', async () => {
    write('pipe', { creds: `file://${fifo('creds.fifo')}` });
    write('bare-pipe', { nkey: fifo('seed.fifo') });
    write('zero', { creds: '/dev/zero' });
    write('folder', { creds: root });
    write('password-pipe', { user: 'app', password: `file://${fifo('password.fifo')}` });
    for (const name of ['pipe', 'bare-pipe', 'zero', 'password-pipe']) {
      assert.match((await refusal(name)).message, /not a regular file/, name);
    }
    assert.match((await refusal('folder')).message, /"creds": cannot read .*: it is a folder/);
  });

  it('refuses a referenced file far larger than any credential, without reading it', async () => {
    const big = huge('big.creds', 1024 ** 3);
    write('big-creds', { creds: big });
    write('big-token', { token: `file://${big}` });
    for (const name of ['big-creds', 'big-token']) assert.match((await refusal(name)).message, /too large/, name);
  });

  it('lists a context file or context.txt that is huge or a FIFO without hanging', async () => {
    fs.truncateSync(writeText('enormous', '{'), 1024 ** 3);
    execFileSync('mkfifo', [path.join(config, 'nats', 'context.txt')]);
    write('fine', {});
    const all = await readNatsContexts(options());
    assert.deepEqual(
      all.profiles.map((p) => p.name),
      ['enormous', 'fine'],
    );
    assert.match(all.profiles[0].problems[0].message, /enormous\.json: .*too large/);
    assert.match(all.problems.map((p) => p.message).join('\n'), /context\.txt: cannot read the file .*not a regular file/);
    assert.equal(all.selected, undefined);
  });

  it('says which nsc:// part is malformed instead of failing with a bare URIError', async () => {
    write('nsc-escape', { creds: 'nsc://OP%zz/APP/alice' });
    const e = await refusal('nsc-escape');
    assert.ok(!(e instanceof URIError), 'not a URIError');
    assert.match(e.message, /"creds": nsc:\/\/OP%zz\/APP\/alice: .*operator.*%/);
  });

  it('never shows the password of a server URL that is malformed or has a "/" in its password', async () => {
    const urls = {
      'bad-port': `nats://alice:${SECRET}@h1:notaport`,
      websocket: `ws://alice:${SECRET}@h1:8080`,
      'http-url': `http://${SECRET}@h1:4222`,
      'no-scheme': `alice:${SECRET}@h1:99999999`,
      'slash-in-password': `nats://alice:Pass/${SECRET}@h1:4222`,
    };
    for (const [name, url] of Object.entries(urls)) write(name, { url });
    write('socks', { socks_proxy: `socks5://me:Pass/${SECRET}@proxy:1080` });
    for (const name of [...Object.keys(urls), 'socks']) {
      const p = await read(name);
      const shown = [describeProfile(p), displayServers(p.servers), ...p.problems.map((x) => x.message)].join('\n');
      assert.doesNotMatch(shown, /hunter2/, `${name}: ${shown}`);
    }
    assert.ok((await read('bad-port')).problems.some((x) => /"nats:\/\/xxxxx@h1:notaport" is not a valid server URL/.test(x.message)));
  });

  it('drops the user and password from a URL that other credentials log in to (Push Account, Diagnose Credentials)', () => {
    assert.equal(urlWithoutUserInfo('nats://admin:hunter2@h1:4222'), 'nats://h1:4222');
    assert.equal(urlWithoutUserInfo('tls://tok/en@with@h2:4443'), 'tls://h2:4443', 'up to the last @');
    assert.equal(urlWithoutUserInfo('admin:hunter2@h3:4222'), 'h3:4222', 'without a scheme');
    assert.equal(urlWithoutUserInfo('nats://h4:4222'), 'nats://h4:4222');
  });

  it('decodes a data: payload wrapped over lines (as base64 wraps it), as the Go decoder does, and names a malformed one without its payload', async () => {
    const text = `-----BEGIN NATS USER JWT-----\n${'e'.repeat(300)}\n------END NATS USER JWT------\n`;
    const wrapped = Buffer.from(text).toString('base64').replace(/(.{76})/g, '$1\r\n');
    write('wrapped', { creds: `data:;base64,${wrapped}` });
    assert.equal((await resolveContextCredentials(await read('wrapped'), options())).creds, text);
    write('garbled', { user: 'app', password: `data:;base64,${SECRET}!` });
    const e = await refusal('garbled');
    assert.match(e.message, /"password": the data: reference's payload is not valid base64/);
    assert.doesNotMatch(e.message, /hunter2/);
  });

  it('warns when a creds, nkey or TLS key file of a context can be read by other users, and still uses it as the nats CLI does', async function () {
    if (process.platform === 'win32') this.skip();
    const secretFile = (name: string, mode: number): string => {
      const file = path.join(root, name);
      fs.writeFileSync(file, 'x');
      fs.chmodSync(file, mode);
      return file;
    };
    write('loose-creds', { creds: secretFile('loose.creds', 0o644) });
    write('loose-nkey', { nkey: `file://${secretFile('loose.nk', 0o640)}` });
    write('loose-key', { cert: secretFile('client.pem', 0o644), key: secretFile('client-key.pem', 0o604) });
    write('tight', { creds: secretFile('tight.creds', 0o600), cert: secretFile('c.pem', 0o644), key: secretFile('k.pem', 0o400) });
    const warnings = async (name: string): Promise<string[]> => (await read(name)).problems.filter((p) => p.severity === 'warning').map((p) => p.message);
    assert.match((await warnings('loose-creds')).join('\n'), /"creds": .*loose\.creds can be read by other users \(mode 644\); the nats CLI uses it anyway; chmod 600/);
    assert.match((await warnings('loose-nkey')).join('\n'), /"nkey": .*loose\.nk can be read by other users \(mode 640\)/);
    assert.match((await warnings('loose-key')).join('\n'), /"key": .*client-key\.pem can be read by other users \(mode 604\)/);
    assert.deepEqual(await warnings('tight'), []);
    assert.equal((await read('loose-creds')).auth.kind, 'creds');
  });

  it('says that NATS_CONTEXT or context.txt names an invalid context name (.., /, \\), as the nats CLI refuses it, and reads no file for it', async () => {
    write('x', {});
    fs.writeFileSync(path.join(root, 'outside.json'), cliContext({ url: 'nats://outside:4222' }));
    fs.writeFileSync(path.join(config, 'nats', 'context.txt'), '../../outside\n');
    const byFile = await readNatsContexts(options());
    assert.equal(byFile.selected, '../../outside');
    assert.match(byFile.problems[0].message, /context\.txt: selects "\.\.\/\.\.\/outside", which is not a valid context name \(the nats CLI refuses a name with "\.\.", "\/" or "\\"\)/);
    assert.deepEqual(
      byFile.profiles.map((p) => [p.name, p.selected ?? false]),
      [['x', false]],
    );
    env.NATS_CONTEXT = 'team/prod';
    assert.match((await readNatsContexts(options())).problems[0].message, /NATS_CONTEXT selects "team\/prod", which is not a valid context name/);
  });

  it('refuses a user_seed that holds no user seed instead of connecting with a bearer JWT, and never names the value', async () => {
    const accountSeed = NKey.generate('account').seed();
    write('seedless', { user_jwt: 'eyJ0eXAiOiJKV1QifQ.e30.sig', user_seed: `not:a-seed-${SECRET}` });
    write('account-seed', { user_jwt: 'eyJ0eXAiOiJKV1QifQ.e30.sig', user_seed: accountSeed });
    env.NKEY_SEED = accountSeed;
    write('env-seed', { user_jwt: 'eyJ0eXAiOiJKV1QifQ.e30.sig', user_seed: 'env://NKEY_SEED' });
    const seedless = await refusal('seedless');
    assert.match(seedless.message, /"user_seed": its value holds no nkey seed/);
    const account = await refusal('account-seed');
    assert.match(account.message, /"user_seed": its value holds an account seed; a user seed \(SU…\) is needed/);
    assert.match((await refusal('env-seed')).message, /"user_seed": environment variable NKEY_SEED holds an account seed/);
    for (const e of [seedless, account]) assert.doesNotMatch(e.message, new RegExp(`hunter2|${accountSeed}`));
  });

  it('reports a context file nested too deeply as a problem of that context (it overflowed the stack and no context was listed), and still lists the others', async () => {
    writeText('deep-array', '['.repeat(500_000));
    writeText('deep-object', `${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}`);
    write('fine', {});
    const all = await readNatsContexts(options());
    assert.deepEqual(
      all.profiles.map((p) => p.name),
      ['deep-array', 'deep-object', 'fine'],
    );
    assert.match(all.profiles[0].problems[0].message, /deep-array\.json: not valid JSON \(nested too deeply\)/);
    assert.deepEqual(all.profiles[2].problems, []);
  });

  it('reads a file whose size the system reports as 0 (as in /proc) to its end, still within the limit', async function () {
    if (process.platform !== 'linux') this.skip();
    const text = (await readBoundedFileAsync('/proc/self/status', 1024 * 1024)).toString('utf8');
    assert.match(text, /^Name:/);
    assert.match(text, /\nPid:\s+\d+/);
    await assert.rejects(readBoundedFileAsync('/proc/self/status', 16), { code: 'EFBIG' });
    const exact = path.join(root, 'exact');
    fs.writeFileSync(exact, 'x'.repeat(16));
    assert.equal((await readBoundedFileAsync(exact, 16)).length, 16);
  });

  it('warns that a relative creds, nkey or TLS path depends on the folder the program runs in', async () => {
    write('relative', { creds: 'keys/app.creds', ca: 'file://certs/ca.pem' });
    write('absolute', { creds: path.join(root, 'app.creds'), ca: '~/ca.pem' });
    const warnings = async (name: string): Promise<string> => (await read(name)).problems.map((p) => p.message).join('\n');
    const relative = await warnings('relative');
    assert.match(relative, /"creds": keys\/app\.creds is a relative path: the nats CLI reads it from the folder it runs in, this connection from .+; give an absolute path or ~\//);
    assert.match(relative, /"ca": certs\/ca\.pem is a relative path/);
    assert.equal(await warnings('absolute'), '');
  });
});
