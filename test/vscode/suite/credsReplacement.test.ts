/**
 * Generate User Credentials over an existing .creds file of a user whose seed is in no keystore:
 * the question says that user cannot log in once the file is replaced, and nothing is replaced
 * without a yes.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { encodeUserJwt, formatCreds, NKey } from '../../../src/core/trust';
import { leaveWorkbenchClean, logContaining, runNatsCommand as run, TempStore, trustAccess, useTempStore } from './trustHelpers';

describe('credsReplacement: Generate User Credentials says what the file it replaces holds', function () {
  this.timeout(60_000);
  let tmp: TempStore;

  before(async () => {
    await trustAccess();
    tmp = await useTempStore();
    assert.ok(await run('createOperator', { name: 'REPL' }));
    assert.ok(await run('addAccount', { operator: 'REPL', name: 'APP' }));
    assert.ok(await run('addUser', { operator: 'REPL', account: 'APP', name: 'svc' }));
  });

  after(async () => {
    await tmp?.remove();
    await leaveWorkbenchClean();
  });

  it("asks naming the other user whose only copy it may be, and keeps the file without a yes", async () => {
    const stranger = NKey.generate('user');
    const text = formatCreds(await encodeUserJwt({ name: 'stranger', user: stranger, account: NKey.generate('account') }), stranger);
    const outFile = path.join(tmp.out, 'only-copy.creds');
    fs.writeFileSync(outFile, text, { mode: 0o600 });
    // Without `overwrite` it asks (the workbench refuses modal dialogs under test, naming the question).
    assert.equal(await run('generateUserCreds', { operator: 'REPL', account: 'APP', user: 'svc', outFile, gitignore: false }), undefined);
    await logContaining(await trustAccess(), `already exists. Replace it? It holds the credentials of another user, 'stranger' (${stranger.publicKey}), whose seed is in no keystore here`);
    assert.equal(fs.readFileSync(outFile, 'utf8'), text, 'the file is as it was');
  });
});
