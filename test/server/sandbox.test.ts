/** Keeps the README's first quick-start command true: the sandbox starts, answers and stops cleanly. */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../../..');

function natsServerPids(): string[] {
  const res = spawnSync('pgrep', ['-f', 'nwb-sandbox'], { encoding: 'utf8' });
  return res.stdout.split('\n').filter(Boolean);
}

describe('npm run sandbox', function () {
  this.timeout(120_000);

  it('starts a 3-node cluster and the workbench with the example workspace, then stops everything', () => {
    const before = natsServerPids();
    const res = spawnSync(process.execPath, [path.join(ROOT, 'out/scripts/sandbox.js'), '--smoke'], { cwd: ROOT, encoding: 'utf8', timeout: 110_000 });
    assert.equal(res.status, 0, `sandbox failed:\n${res.stdout}\n${res.stderr}`);
    assert.match(res.stdout, /sandbox-n1: nats:\/\/127\.0\.0\.1:\d+/);
    assert.match(res.stdout, /stream ORDERS: created/);
    assert.match(res.stdout, /stream SESSIONS: created/);
    assert.match(res.stdout, /smoke check passed: workbench HTTP 200, cluster sandbox with 3 nodes/);
    assert.deepEqual(natsServerPids().filter((p) => !before.includes(p)), [], 'no sandbox process is left behind');
  });
});
