import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';

describe('cluster: nats.js loads with the first connection only', () => {
  it('loading the cluster core (and reading profiles) does not load nats', () => {
    const core = path.resolve(__dirname, '../../../src/core/cluster/index.js');
    const script = `
      const core = require(${JSON.stringify(core)});
      core.profileFromSettings({ name: 'x', url: 'nats://127.0.0.1:1' }, 0);
      const loaded = () => Object.keys(require.cache).some((k) => k.includes('/node_modules/nats/'));
      const before = loaded();
      core.Connection.open(core.profileFromSettings({ name: 'x', url: 'nats://127.0.0.1:1' }, 0), { timeoutMs: 500 })
        .catch(() => undefined)
        .then(() => console.log(JSON.stringify({ before, after: loaded(), flag: core.isNatsLoaded() })));
    `;
    const out = JSON.parse(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' })) as { before: boolean; after: boolean; flag: boolean };
    assert.deepEqual(out, { before: false, after: true, flag: true });
  });
});
