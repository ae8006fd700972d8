/**
 * Stream config analysis speed (issue 3): a typical config (goal: median ≤ 0.2 ms), a file of
 * 2,000 configs of about 3 MB (goal: ≤ 50 ms and ≤ 3× jsonc-parser's parseTree alone on the same
 * text, measured here in the same run), and content detection on a non-stream JSON file.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseTree } from 'jsonc-parser';
import { analyzeDocument, looksLikeStreamConfig } from '../../src/core/streams';
import { Bench, collectGarbage, time } from './framework';

const ROOT = path.resolve(__dirname, '../../..');

/** A production-like stream config, about 1.5 KB pretty-printed. */
export function streamConfig(i: number): Record<string, unknown> {
  return {
    name: `ORDERS_${i}`,
    description: `Order events of shop ${i}: created, paid, shipped and cancelled, kept for thirty days for replay and audits`,
    subjects: [`shop.${i}.orders.>`, `shop.${i}.payments.*`],
    retention: 'limits',
    max_consumers: -1,
    max_msgs: 10_000_000,
    max_bytes: 10_737_418_240,
    max_age: 2_592_000_000_000_000,
    max_msgs_per_subject: -1,
    max_msg_size: 1_048_576,
    discard: 'old',
    storage: i % 10 === 0 ? 'memory' : 'file',
    num_replicas: i % 7 === 0 ? 2 : 3,
    duplicate_window: 120_000_000_000,
    placement: { cluster: i % 2 ? 'east' : 'west', tags: ['ssd', `az-${i % 3}`] },
    sources: i % 5 === 0 ? [{ name: `ORDERS_${i - 1}`, filter_subject: `shop.${i - 1}.orders.created` }] : undefined,
    sealed: false,
    deny_delete: false,
    deny_purge: false,
    allow_rollup_hdrs: false,
    allow_direct: true,
    mirror_direct: false,
    republish: { src: `shop.${i}.orders.>`, dest: `audit.${i}.orders.>`, headers_only: true },
    consumer_limits: { inactive_threshold: 3_600_000_000_000, max_ack_pending: 10_000 },
    metadata: {
      team: `team-${i % 12}`,
      owner: 'orders-platform@example.com',
      tier: i % 3 ? 'gold' : 'silver',
      cost_center: `cc-${1000 + i}`,
      runbook: `https://runbooks.example.com/streams/orders/${i}/recovery-and-replay-procedures`,
      created_by: 'terraform (module streams/orders, workspace production-eu-west)',
    },
  };
}

/**
 * Median CPU time (user + system) of the process while `fn` runs, in milliseconds: not counting
 * time the machine gave to others, but counting every thread (the collector's helpers too).
 */
function cpuTime(fn: () => unknown, samples: number, warmup: number): number {
  collectGarbage();
  for (let i = 0; i < warmup; i++) fn();
  const times: number[] = [];
  for (let i = 0; i < samples; i++) {
    const start = process.cpuUsage();
    fn();
    const used = process.cpuUsage(start);
    times.push((used.user + used.system) / 1000);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

export async function run(bench: Bench): Promise<void> {
  const typical = JSON.stringify(streamConfig(7), null, 2);
  const oneParse = await time(() => parseTree(typical), 2000, 200);
  const one = await time(() => analyzeDocument(typical, { uri: 'streams/orders.json' }), 2000, 200);
  bench.report(`streams: typical config (${typical.length} bytes) analysed, median`, one.median, 'ms', oneParse.median);

  const configs = Array.from({ length: 2000 }, (_, i) => streamConfig(i));
  const big = JSON.stringify(configs, null, 2);
  const findings = analyzeDocument(big, { uri: 'streams/all.json' }).findings.length;
  console.error(`# ${configs.length} configs, ${(big.length / 1e6).toFixed(2)} MB, ${findings} findings`);
  const bigParse = await time(() => parseTree(big), 15, 10);
  const bigAnalysis = await time(() => analyzeDocument(big, { uri: 'streams/all.json' }), 15, 10);
  bench.report(`streams: ${configs.length} configs (${(big.length / 1e6).toFixed(1)} MB) analysed, median (baseline: parseTree alone)`, bigAnalysis.median, 'ms', bigParse.median);
  const cpuParse = cpuTime(() => parseTree(big), 9, 3);
  const cpuAnalysis = cpuTime(() => analyzeDocument(big, { uri: 'streams/all.json' }), 9, 3);
  bench.report(`streams: ${configs.length} configs analysed, median process CPU time, all threads (baseline: parseTree alone)`, cpuAnalysis, 'ms', cpuParse);

  const packageJson = fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8');
  const detect = await time(() => looksLikeStreamConfig(packageJson), 5000, 500);
  bench.report('streams: looksLikeStreamConfig(package.json), median', detect.median * 1000, 'µs', null);
}
