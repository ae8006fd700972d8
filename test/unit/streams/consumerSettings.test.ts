import * as assert from 'node:assert/strict';
import { analyzeWorkspace, applyEdits } from '../../../src/core/streams';

function finding(config: Record<string, unknown>, serverVersion?: string) {
  const text = JSON.stringify({ stream_name: 'S', config: { durable_name: 'C', ack_policy: 'explicit', ...config } }, null, 2);
  const found = analyzeWorkspace([{ uri: '/w/c.json', text }], { serverVersion }).documents[0].findings.filter((f) => f.rule === 'consumer-invalid-settings');
  return { text, found };
}

describe('consumer-invalid-settings', () => {
  it('fixes what one edit fixes, and the fixed config passes', () => {
    for (const [config, title] of [
      [{ opt_start_seq: 1000 }, 'Set deliver_policy to "by_start_sequence"'],
      [{ opt_start_time: '2024-01-01T00:00:00Z', deliver_policy: 'new' }, 'Set deliver_policy to "by_start_time"'],
      [{ idle_heartbeat: 5e9 }, 'Remove idle_heartbeat'],
      [{ rate_limit_bps: 100 }, 'Remove rate_limit_bps'],
      [{ deliver_subject: 'out.d', max_waiting: 5 }, 'Remove max_waiting'],
    ] as [Record<string, unknown>, string][]) {
      const { text, found } = finding(config);
      assert.equal(found.length, 1, JSON.stringify(config));
      assert.deepEqual(found[0].fixes.map((f) => f.title), [title]);
      const fixed = applyEdits(text, found[0].fixes[0].edits);
      const again = analyzeWorkspace([{ uri: '/w/c.json', text: fixed }]).documents[0].findings.filter((f) => f.rule === 'consumer-invalid-settings');
      assert.deepEqual(again, [], fixed);
    }
  });

  it('names one problem per consumer, the first the server names, in its order', () => {
    const { found } = finding({ idle_heartbeat: 5e9, flow_control: true, rate_limit_bps: 5, opt_start_seq: 3 });
    assert.equal(found.length, 1);
    assert.match(found[0].message, /^rate_limit_bps is for push consumers/);
  });

  it('follows the server version where the server changed its mind', () => {
    assert.equal(finding({ backoff: [1e9, 2e9] }, '2.10').found.length, 1, 'unlimited deliveries with a backoff: refused before 2.11');
    assert.equal(finding({ backoff: [1e9, 2e9] }, '2.11.0').found.length, 0);
    assert.equal(finding({ backoff: [1e9, 2e9], max_deliver: 2 }, '2.9.10').found.length, 1, 'equal: refused before 2.11');
    assert.equal(finding({ backoff: [1e9, 2e9], max_deliver: 2 }).found.length, 0);
    assert.equal(finding({ max_batch: -1, max_expires: -5 }, '2.11').found.length, 1);
    assert.equal(finding({ max_batch: -1, max_expires: -5 }, '2.12').found.length, 0, 'negative: taken as 0 from 2.12');
    assert.equal(finding({ max_expires: 5 }, '2.12').found.length, 1, 'under 1 ms: refused in every version');
  });
});
