/**
 * Writing a user's .creds over an existing file says what the file held: the same user (only the
 * JWT changes), another user whose seed the keystore keeps, or another user whose seed it does not
 * (that user's only way in). Nothing is replaced without --force.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { credsReplacement, encodeUserJwt, formatCreds, NKey, storeAt } from '../../../src/core/trust';
import { tempRoot } from '../trust/helpers';
import { cli } from './run';

describe('trust CLI: user creds over an existing .creds file says what it held', function () {
  this.timeout(60_000);
  const tmp = tempRoot('creds-replace');
  const cwd = tmp.root;
  const store = storeAt(path.join(cwd, 'nats'));
  const common = ['--store', 'nats', '--operator', 'OP', '--account', 'APP'];
  const refusal = async (file: string): Promise<string> => {
    const r = await cli(cwd, 'user', 'creds', ...common, '--name', 'svc', '--creds', file);
    assert.equal(r.code, 1, r.out);
    return r.err;
  };

  before(async () => {
    assert.equal((await cli(cwd, 'init', '--store', 'nats', '--operator', 'OP')).code, 0);
    assert.equal((await cli(cwd, 'account', 'add', '--store', 'nats', '--operator', 'OP', '--name', 'APP')).code, 0);
    for (const name of ['svc', 'other']) assert.equal((await cli(cwd, 'user', 'add', ...common, '--name', name, '--creds', `${name}.creds`)).code, 0);
  });
  after(() => tmp.remove());

  it('the same user: only its JWT is replaced', async () => {
    fs.copyFileSync(path.join(cwd, 'svc.creds'), path.join(cwd, 'same.creds'));
    assert.match(await refusal('same.creds'), /same\.creds already exists; use --force to replace it\. It holds credentials of the same user \(U[A-Z2-7]{55}\): only its JWT is replaced/);
  });

  it("another user of the store: its seed is in the keystore, so it can be written again", async () => {
    fs.copyFileSync(path.join(cwd, 'other.creds'), path.join(cwd, 'taken.creds'));
    assert.match(await refusal('taken.creds'), /It holds the credentials of another user, 'other' \(U[A-Z2-7]{55}\); its seed is in the keystore/);
    const add = await cli(cwd, 'user', 'add', ...common, '--name', 'fresh', '--creds', 'taken.creds');
    assert.equal(add.code, 1);
    assert.match(add.err, /taken\.creds already exists; use --force to replace it\. It holds the credentials of another user, 'other'.*\(no user was created\)/);
  });

  it('a user whose seed is in no keystore here: says that user cannot log in once it is replaced, and keeps the file without --force', async () => {
    const account = NKey.generate('account');
    const stranger = NKey.generate('user');
    const text = formatCreds(await encodeUserJwt({ name: 'stranger\u001b[2J', user: stranger, account }), stranger);
    const file = path.join(cwd, 'only-copy.creds');
    fs.writeFileSync(file, text, { mode: 0o600 });
    const err = await refusal('only-copy.creds');
    assert.ok(err.includes(`another user, 'stranger`) && err.includes(`(${stranger.publicKey}), whose seed is in no keystore here: once replaced, that user cannot log in unless a copy is kept elsewhere`), err);
    assert.ok(!err.includes('\u001b'), 'the name from the file is shown inert');
    assert.equal(fs.readFileSync(file, 'utf8'), text, 'the file is as it was');
    assert.equal(credsReplacement(path.join(cwd, 'nope.creds'), store, 'OP', 'APP', 'svc'), undefined, 'no file: nothing to say');
    fs.writeFileSync(path.join(cwd, 'junk.creds'), 'junk');
    assert.equal(credsReplacement(path.join(cwd, 'junk.creds'), store, 'OP', 'APP', 'svc'), undefined, 'no .creds: nothing more to say');
  });
});
