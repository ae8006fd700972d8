import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { httpGetJson, startCluster, startServer } from '../support/natsServer';

describe('test servers (real nats-server)', () => {
  it('starts a standalone JetStream server on 127.0.0.1 and stops it by PID', async () => {
    const server = await startServer();
    const pid = server.pid();
    assert.ok(pid);
    const varz = await httpGetJson<{ host: string; port: number; jetstream?: unknown }>(`${server.monitorUrl}/varz`);
    assert.equal(varz.host, '127.0.0.1');
    assert.equal(varz.port, server.port);
    await server.stop();
    assert.throws(() => process.kill(pid, 0), /ESRCH/);
    assert.equal(fs.existsSync(server.dir), false);
  });

  it('starts a 3-node cluster with a meta leader, survives a killed node and restarts it', async function () {
    this.timeout(60_000);
    const cluster = await startCluster();
    try {
      const leader = await cluster.waitForMetaLeader();
      assert.ok(cluster.servers.some((s) => s.name === leader));
      const victim = cluster.servers[0];
      await victim.kill();
      assert.equal(victim.running(), false);
      await victim.start();
      assert.equal(victim.running(), true);
    } finally {
      await cluster.stop();
    }
    for (const s of cluster.servers) assert.equal(s.running(), false);
  });
});
