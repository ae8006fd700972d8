/**
 * The workspace `.gitignore` line for `.creds` files, on the `.gitignore` files a repository can
 * really hold: a link to a device or elsewhere, a named pipe, no final newline.
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { addGitignoreEntry, gitignoreHas } from '../../../src/core/trust';

describe('trust: the workspace .gitignore line', () => {
  let dir: string;
  let file: string;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nwb-gitignore-'));
    file = path.join(dir, '.gitignore');
  });

  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('is appended once to a file without a final newline, keeping its lines and its mode', () => {
    fs.writeFileSync(file, 'node_modules/\ndist', { mode: 0o640 });
    fs.chmodSync(file, 0o640);
    assert.equal(gitignoreHas(dir, '*.creds'), false);
    assert.equal(addGitignoreEntry(dir, '*.creds'), true);
    assert.equal(fs.readFileSync(file, 'utf8'), 'node_modules/\ndist\n*.creds\n');
    assert.equal(fs.statSync(file).mode & 0o777, 0o640);
    assert.equal(gitignoreHas(dir, '*.creds'), true);
    assert.equal(addGitignoreEntry(dir, '*.creds'), false);
    assert.equal(fs.readFileSync(file, 'utf8'), 'node_modules/\ndist\n*.creds\n');
  });

  it('makes a new file 0644 when there is none', () => {
    assert.equal(addGitignoreEntry(dir, '*.creds'), true);
    assert.equal(fs.readFileSync(file, 'utf8'), '*.creds\n');
    assert.equal(fs.statSync(file).mode & 0o777, 0o644);
  });

  it('reads no device behind a link (reading /dev/zero never ends) and replaces no link', () => {
    fs.symlinkSync('/dev/zero', file);
    assert.equal(gitignoreHas(dir, '*.creds'), false);
    assert.throws(() => addGitignoreEntry(dir, '*.creds'), (e: Error) => e.name === 'TrustError' && /\.gitignore is a symbolic link \(to \/dev\/zero\): add the line \*\.creds where it points yourself/.test(e.message));
    assert.equal(fs.readlinkSync(file), '/dev/zero');
  });

  it('leaves a link to a shared ignore file a link, its target untouched', () => {
    const shared = path.join(dir, 'shared-ignore');
    fs.writeFileSync(shared, 'build/\n');
    fs.symlinkSync(shared, file);
    assert.equal(gitignoreHas(dir, '*.creds'), false, 'the target is read for the question');
    assert.throws(() => addGitignoreEntry(dir, '*.creds'), /is a symbolic link/);
    assert.equal(fs.readlinkSync(file), shared);
    assert.equal(fs.readFileSync(shared, 'utf8'), 'build/\n');
  });

  it('does not wait on a named pipe, and leaves it in place', () => {
    execFileSync('mkfifo', [file]);
    // Opening a pipe for reading waits for a writer: these return at once or the test times out.
    assert.equal(gitignoreHas(dir, '*.creds'), false);
    assert.throws(() => addGitignoreEntry(dir, '*.creds'), (e: Error) => e.name === 'TrustError' && /cannot read .*\.gitignore: not a regular file \(a pipe, device or socket\) \(ENOTREG\)/.test(e.message));
    assert.ok(fs.lstatSync(file).isFIFO());
  });

  it('does not replace a folder named .gitignore', () => {
    fs.mkdirSync(file);
    assert.equal(gitignoreHas(dir, '*.creds'), false);
    assert.throws(() => addGitignoreEntry(dir, '*.creds'), /cannot read .*\.gitignore: it is a folder, not a file \(EISDIR\)/);
    assert.ok(fs.statSync(file).isDirectory());
  });
});
