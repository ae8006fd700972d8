/** The super-cluster test helper: 3 regions × 3 servers joined by gateways, one meta group, stopped by PID. */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { httpGetJson } from '../support/natsServer';
import { SuperCluster, startSuperCluster } from '../support/superCluster';

describe('startSuperCluster', function () {
  this.timeout(120_000);
  let sc: SuperCluster | undefined;

  after(async () => {
    await sc?.stop();
  });

  it('starts 3 regions of 3 tagged JetStream servers with gateways and one meta group of 9, then stops them by PID', async () => {
    const started = Date.now();
    sc = await startSuperCluster();
    const readyMs = Date.now() - started;
    assert.deepEqual(sc.regions.map((r) => r.name), ['east', 'west', 'central']);
    assert.equal(new Set(sc.servers.map((s) => s.name)).size, 9, 'unique server names');
    const leaders = new Set<string | undefined>();
    for (const s of sc.servers) {
      const varz = await httpGetJson<{ tags?: string[]; cluster?: { name?: string }; gateway?: { name?: string } }>(`${s.monitorUrl}/varz`);
      const region = s.name.split('-')[0];
      assert.equal(varz.cluster?.name, region);
      assert.equal(varz.gateway?.name, region);
      assert.ok(varz.tags?.includes(`region:${region}`), `${s.name} tagged region:${region}: ${JSON.stringify(varz.tags)}`);
      const jsz = await httpGetJson<{ meta_cluster?: { leader?: string; cluster_size?: number } }>(`${s.monitorUrl}/jsz`);
      assert.equal(jsz.meta_cluster?.cluster_size, 9, `${s.name} counts 9 servers in the meta group`);
      leaders.add(jsz.meta_cluster?.leader);
    }
    assert.equal(leaders.size, 1, 'every server knows the same meta leader');
    const rss = sc.rssBytes();
    console.log(`      super-cluster ready in ${readyMs} ms; resident memory of 9 servers: ${(rss / 2 ** 20).toFixed(1)} MiB`);
    assert.ok(rss > 0);
    const dirs = sc.servers.map((s) => s.dir);
    const pids = sc.servers.map((s) => s.pid() as number);
    await sc.stop();
    sc = undefined;
    for (const pid of pids) assert.throws(() => process.kill(pid, 0), `server ${pid} is gone`);
    for (const dir of dirs) assert.equal(fs.existsSync(dir), false, `${dir} removed`);
  });
});
