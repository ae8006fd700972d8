/** `nats-workbench drill`: usage errors exit 2 before connecting; no connection exits 2 with the reason. */
import * as assert from 'node:assert/strict';
import { cli } from './run';

describe('cli: drill usage', function () {
  this.timeout(20_000);
  const cases: [string, string[], RegExp][] = [
    ['no --lose or --lose-cluster', ['--server', 'nats://127.0.0.1:1'], /--lose SERVER or --lose-cluster NAME is required/],
    ['no --server or --context', ['--lose', 'a'], /--server URL or --context NAME is required/],
    ['both --server and --context', ['--server', 'nats://127.0.0.1:1', '--context', 'x', '--lose', 'a'], /give --server or --context, not both/],
    ['a bad mode', ['--server', 'nats://127.0.0.1:1', '--lose', 'a', '--mode', 'flood'], /--mode must be outage or loss, not 'flood'/],
    ['an empty name in a list', ['--server', 'nats://127.0.0.1:1', '--lose', 'a,,b'], /--lose takes names separated by commas/],
    ['a bad format', ['--server', 'nats://127.0.0.1:1', '--lose', 'a', '--format', 'xml'], /--format must be text or json/],
    ['a monitoring URL that is not http', ['--server', 'nats://127.0.0.1:1', '--lose', 'a', '--monitoring', 'ftp://x'], /--monitoring takes an http\(s\) URL/],
    ['a context that does not exist', ['--context', 'nope', '--lose', 'a'], /no nats context named 'nope'/],
  ];
  for (const [what, args, message] of cases) {
    it(`exits 2 on ${what}`, async () => {
      const r = await cli(process.cwd(), 'drill', ...args);
      assert.equal(r.code, 2, r.out + r.err);
      assert.match(r.err, message);
      assert.equal(r.out, '');
    });
  }

  it('exits 2 with the reason when nothing answers at --server', async () => {
    const r = await cli(process.cwd(), 'drill', '--server', 'nats://127.0.0.1:1', '--lose', 'a', '--timeout', '1000');
    assert.equal(r.code, 2);
    assert.match(r.err, /drill: cannot connect/);
  });
});
