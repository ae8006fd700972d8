import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { TrustError } from '../../../src/core/trust';
import { storeLocationFrom } from '../../../src/explorer/operators/storeLocation';

describe('explorer: the store setting (natsWorkbench.store.root)', () => {
  const ctx = { workspaceFolders: ['/ws/app', '/ws/other'], home: '/home/me', env: { XDG_DATA_HOME: '/data' } };

  it('empty means nsc’s default locations (XDG_DATA_HOME, NKEYS_PATH)', () => {
    assert.deepEqual(storeLocationFrom('', ctx), { storesDir: '/data/nats/nsc/stores', keysDir: '/data/nats/nsc/keys' });
    assert.deepEqual(storeLocationFrom(undefined, { ...ctx, env: { XDG_DATA_HOME: '/data', NKEYS_PATH: '/nk' } }), { storesDir: '/data/nats/nsc/stores', keysDir: '/nk' });
  });

  it('a folder holds stores/ and keys/; ${workspaceFolder}, ${userHome}, ~ and relative paths resolve', () => {
    const at = (root: string) => ({ storesDir: path.join(root, 'stores'), keysDir: path.join(root, 'keys') });
    assert.deepEqual(storeLocationFrom('${workspaceFolder}/.nats', ctx), at('/ws/app/.nats'));
    assert.deepEqual(storeLocationFrom('${userHome}/nsc', ctx), at('/home/me/nsc'));
    assert.deepEqual(storeLocationFrom('~/nsc', ctx), at('/home/me/nsc'));
    assert.deepEqual(storeLocationFrom('nats-store', ctx), at('/ws/app/nats-store'));
    assert.deepEqual(storeLocationFrom(' /abs/store ', ctx), at('/abs/store'));
  });

  it('refuses what it cannot resolve, naming the setting', () => {
    const refused = (value: string, folders: string[], text: RegExp) =>
      assert.throws(() => storeLocationFrom(value, { ...ctx, workspaceFolders: folders }), (e: Error) => e instanceof TrustError && /natsWorkbench\.store\.root/.test(e.message) && text.test(e.message));
    refused('${workspaceFolder}/x', [], /needs an open workspace folder/);
    refused('relative', [], /needs an open workspace folder/);
    refused('${env:HOME}/x', ['/ws'], /unknown variable/);
  });
});
