/**
 * Stream names nats-server 2.9.10 accepts but no file name should show (an escape sequence, a
 * bidirectional override that makes a name read backwards): Pull Stream Config saves such a stream
 * under a safe file name. (NUL is accepted too, in a single server's memory stream only.)
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { workspaceFile } from './helpers';
import { TestCluster, openTestCluster, run } from './explorerHelpers';

const CONNECTION = 'hostile-names';
const STREAM = 'HOSTILE\u001b[31m\u202eNOSJ';

describe('hostile stream names: files named after streams from a server', function () {
  this.timeout(120_000);
  let cluster: TestCluster | undefined;

  before(async function () {
    cluster = await openTestCluster();
    if (!cluster) return this.skip();
    const reply = JSON.parse(new TextDecoder().decode((await cluster.nc.request(`$JS.API.STREAM.CREATE.${STREAM}`, JSON.stringify({ name: STREAM, subjects: ['hostile.names.>'], storage: 'memory' }), { timeout: 20_000 })).data)) as { error?: unknown };
    assert.equal(reply.error, undefined, `the server accepts the name: ${JSON.stringify(reply.error)}`);
    assert.equal((await run('natsWorkbench.addConnection', { name: CONNECTION, url: cluster.url, connect: true })).ok, true);
  });

  after(async () => {
    if (cluster) {
      await cluster.nc.request(`$JS.API.STREAM.DELETE.${STREAM}`, '', { timeout: 10_000 }).catch(() => undefined);
      await run('natsWorkbench.disconnect');
      await run('natsWorkbench.removeConnection', { name: CONNECTION, confirm: true });
      await cluster.nc.close();
    }
  });

  it('Pull Stream Config saves a stream named with an escape and a bidi override as a file with a safe name', async () => {
    const expected = workspaceFile('streams', 'HOSTILE_[31m_NOSJ.stream.json');
    try {
      const pulled = await run('natsWorkbench.pullStreamConfig', { stream: STREAM, into: 'new' });
      assert.equal(pulled.ok, true, JSON.stringify(pulled));
      assert.equal(pulled.file, expected.fsPath);
      assert.equal(JSON.parse(fs.readFileSync(expected.fsPath, 'utf8')).name, STREAM, 'the config keeps the real name');
      assert.deepEqual(fs.readdirSync(path.dirname(expected.fsPath)).filter((f) => /[\u0000-\u001f\u202e]/.test(f)), []);
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      const folder = path.dirname(expected.fsPath);
      for (const f of fs.readdirSync(folder).filter((n) => n.startsWith('HOSTILE'))) fs.rmSync(path.join(folder, f), { force: true });
    }
  });
});
