/**
 * Promote Mirror in the extension host, connected to the runner's server where the mirror and its
 * origin run: the question says the promotion is one-way, and the result carries what it gives up
 * with the figures read from the server.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { eventually } from './helpers';
import { TestCluster, openTestCluster, run, scratchFolder, synced } from './explorerHelpers';

const ORIGIN = 'PI_ORIGIN';
const COPY = 'PI_COPY';
const CONNECTION = 'promote-impact';

describe('promoteImpact: Promote Mirror says what promotion gives up', function () {
  this.timeout(90_000);
  const scratch = scratchFolder('promote-impact');
  let cluster: TestCluster | undefined;

  before(async function () {
    cluster = await openTestCluster();
    if (!cluster) return this.skip();
    await cluster.jsm.streams.add({ name: ORIGIN, subjects: ['pi.>'] });
    for (let i = 0; i < 12; i++) await cluster.nc.jetstream().publish(`pi.${i}`, new TextEncoder().encode(`m${i}`));
    await cluster.jsm.streams.add({ name: COPY, mirror: { name: ORIGIN } });
    await eventually('the mirror to catch up', async () => ((await cluster!.jsm.streams.info(COPY)).state.messages === 12 ? true : undefined));
    assert.equal((await run('natsWorkbench.addConnection', { name: CONNECTION, url: cluster.url, connect: true })).ok, true);
  });

  after(async () => {
    if (cluster) {
      for (const name of [COPY, ORIGIN]) await cluster.jsm.streams.delete(name).catch(() => undefined);
      await run('natsWorkbench.disconnect');
      await run('natsWorkbench.removeConnection', { name: CONNECTION, confirm: true });
      await cluster.nc.close();
    }
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    scratch.remove();
  });

  it('asks saying it is for good, changes nothing without a yes, and reports the figures and the overlap with the origin', async () => {
    const uri = scratch.uri('pi-copy.stream.json');
    const mirrorText = `${JSON.stringify({ name: COPY, mirror: { name: ORIGIN } }, null, 2)}\n`;
    fs.writeFileSync(uri.fsPath, mirrorText);
    await synced(uri);
    // Without `confirm` it asks (the workbench refuses modal dialogs under test, naming the question).
    const asked = await run('natsWorkbench.promoteMirror', { file: uri.toString(), subjects: ['pi.>'] });
    assert.equal(asked.ok, false);
    assert.match(asked.error?.message ?? '', /Promote PI_COPY to a writable stream\? It stops copying from PI_ORIGIN for good\./);
    assert.equal(fs.readFileSync(uri.fsPath, 'utf8'), mirrorText, 'the file is as it was');

    const result = await run('natsWorkbench.promoteMirror', { file: uri.toString(), subjects: ['pi.>'], confirm: true });
    assert.equal(result.ok, true, JSON.stringify(result));
    const lines = result.consequences as string[];
    assert.match(lines[0], /^One-way: 'PI_COPY' stops copying from 'PI_ORIGIN' for good/);
    assert.equal(lines[1], `On ${CONNECTION} now: 'PI_COPY' holds 12 messages and is up to date with 'PI_ORIGIN'; what 'PI_ORIGIN' stores after the promotion is not in it.`);
    assert.match(lines[2], /'PI_ORIGIN' still exists on promote-impact with overlapping subjects \('pi\.>'\): nats-server refuses to create the promoted 'PI_COPY' \(10065\)/);
  });
});
