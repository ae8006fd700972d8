import { ConsumerEntry, ConsumerField } from '../consumers/entry';
import { removeConsumerField, setConsumerField, streamOf } from '../consumers/fixes';
import { QuickFix } from '../edits';
import { versionAtLeast } from '../serverVersion';
import { hasWildcardToken, isSubsetMatch, subjectProblem } from '../subjects';
import { MAX_DESCRIPTION_BYTES, descriptionBytesOverLimit } from './descriptionTooLong';
import { ConsumerRule, RuleContext } from './types';
import type { WorkspaceIndex } from '../workspace';

const MS = 1_000_000;
const ACK_POLICIES = new Set(['none', 'all', 'explicit']);
const DELIVER_POLICIES = new Set(['all', 'last', 'new', 'by_start_sequence', 'by_start_time', 'last_per_subject']);
const REPLAY_POLICIES = new Set(['instant', 'original']);

const num = (v: unknown): number => (typeof v === 'number' ? v : 0);
const given = (v: unknown): boolean => v !== undefined && v !== null;

/**
 * The first check of nats-server's `checkConsumerCfg` (and of its JSON reading) that the consumer
 * fails; undefined when it passes them all. The order is the server's.
 */
/** What is wrong, on which setting, and how to fix it when one edit does. */
type Problem = [field: ConsumerField, message: string, fix?: QuickFix];

function firstProblem(consumer: ConsumerEntry, workspace: WorkspaceIndex, context: RuleContext): Problem | undefined {
  const c = consumer.config;
  for (const [field, allowed] of [['ack_policy', ACK_POLICIES], ['deliver_policy', DELIVER_POLICIES], ['replay_policy', REPLAY_POLICIES]] as const) {
    const v = c[field];
    if (typeof v === 'string' && !allowed.has(v)) return [field, `${field} ${JSON.stringify(v)} is not one of ${[...allowed].map((a) => `"${a}"`).join(', ')}: the server refuses the config as invalid JSON (10025)`];
  }
  const version = context.serverVersion;
  if (num(c.num_replicas) < 0) return ['num_replicas', `num_replicas is ${num(c.num_replicas)}: it cannot be negative (10133)`];
  // max_deliver 0 means unlimited (-1); a backoff needs more deliveries than it has steps.
  const steps = Array.isArray(c.backoff) ? c.backoff.length : 0;
  const maxDeliver = num(c.max_deliver) === 0 ? -1 : num(c.max_deliver);
  if (steps > 0) {
    const refused = versionAtLeast(version, 2, 11) ? maxDeliver !== -1 && steps > maxDeliver : maxDeliver <= steps;
    if (refused) {
      const needs = versionAtLeast(version, 2, 11) ? `at least ${steps} (or unlimited)` : `more than ${steps}${maxDeliver === -1 ? ' (unlimited is refused before nats-server 2.11)' : ''}`;
      return [given(c.max_deliver) ? 'max_deliver' : 'backoff', `backoff has ${steps} steps, so max_deliver must be ${needs}, not ${maxDeliver === -1 ? 'unlimited' : maxDeliver} (10116)`];
    }
  }
  const descriptionBytes = typeof c.description === 'string' ? descriptionBytesOverLimit(c.description) : undefined;
  if (descriptionBytes !== undefined) return ['description', `The description is ${descriptionBytes} bytes long (UTF-8): the server allows at most ${MAX_DESCRIPTION_BYTES} (10107)`];
  const deliver = typeof c.deliver_subject === 'string' ? c.deliver_subject : '';
  if (deliver !== '') {
    if (hasWildcardToken(deliver)) return ['deliver_subject', `deliver_subject ${JSON.stringify(deliver)} holds a wildcard: a push consumer delivers to one subject (10079)`];
    const problem = subjectProblem(deliver);
    if (problem) return ['deliver_subject', `deliver_subject ${JSON.stringify(deliver)} ${problem} (10112)`];
    const stream = streamOf(consumer, workspace);
    const loop = stream?.config.subjects.find((s) => subjectProblem(s) === undefined && isSubsetMatch(deliver, s));
    if (loop !== undefined) return ['deliver_subject', `deliver_subject ${JSON.stringify(deliver)} is stored by the stream itself (its subject ${JSON.stringify(loop)}): the consumer would feed the stream it reads (10081)`];
    if (num(c.max_waiting) !== 0) return ['max_waiting', 'max_waiting is for pull consumers: a push consumer (deliver_subject) may not set it (10080)', removeConsumerField(consumer, 'max_waiting', 'Remove max_waiting', true)];
    if (num(c.max_ack_pending) > 0 && c.ack_policy === 'none') return ['max_ack_pending', 'max_ack_pending limits unacknowledged messages, but ack_policy is "none" (10082)'];
    const heartbeat = num(c.idle_heartbeat);
    if (heartbeat > 0 && heartbeat < 100 * MS) return ['idle_heartbeat', `idle_heartbeat is ${heartbeat} ns: at least 100 ms (100000000) (10083)`];
  } else {
    if (num(c.rate_limit_bps) > 0) return ['rate_limit_bps', 'rate_limit_bps is for push consumers: a pull consumer (no deliver_subject) may not set it (10086)', removeConsumerField(consumer, 'rate_limit_bps', 'Remove rate_limit_bps', true)];
    if (num(c.max_waiting) < 0) return ['max_waiting', `max_waiting is ${num(c.max_waiting)}: it must be positive (10087)`];
    if (num(c.idle_heartbeat) > 0) return ['idle_heartbeat', 'idle_heartbeat is for push consumers (a pull request sets its own heartbeat): set deliver_subject or remove it (10088)', removeConsumerField(consumer, 'idle_heartbeat', 'Remove idle_heartbeat', true)];
    if (c.flow_control === true) return ['flow_control', 'flow_control is for push consumers: set deliver_subject or remove it (10089)', removeConsumerField(consumer, 'flow_control', 'Remove flow_control', true)];
    const modern = versionAtLeast(version, 2, 12);
    if (!modern && num(c.max_batch) < 0) return ['max_batch', `max_batch is ${num(c.max_batch)}: it cannot be negative before nats-server 2.12 (10114)`];
    const expires = num(c.max_expires);
    if (expires !== 0 && expires < MS && !(modern && expires < 0)) return ['max_expires', `max_expires is ${expires} ns: at least 1 ms (1000000) (10115)`];
  }
  const policy = typeof c.deliver_policy === 'string' ? c.deliver_policy : 'all';
  const seq = num(c.opt_start_seq);
  const time = given(c.opt_start_time);
  if (policy === 'by_start_sequence') {
    if (seq === 0) return ['deliver_policy', 'deliver_policy "by_start_sequence" needs opt_start_seq (10094)'];
    if (time) return ['opt_start_time', 'deliver_policy "by_start_sequence" takes opt_start_seq, not opt_start_time too (10094)'];
  } else if (policy === 'by_start_time') {
    if (!time) return ['deliver_policy', 'deliver_policy "by_start_time" needs opt_start_time (10094)'];
    if (seq !== 0) return ['opt_start_seq', 'deliver_policy "by_start_time" takes opt_start_time, not opt_start_seq too (10094)'];
  } else {
    if (seq > 0) return ['opt_start_seq', `opt_start_seq is set, but deliver_policy is "${policy}": use "by_start_sequence" (10094)`, setConsumerField(consumer, 'deliver_policy', '"by_start_sequence"', 'Set deliver_policy to "by_start_sequence"', true)];
    if (time) return ['opt_start_time', `opt_start_time is set, but deliver_policy is "${policy}": use "by_start_time" (10094)`, setConsumerField(consumer, 'deliver_policy', '"by_start_time"', 'Set deliver_policy to "by_start_time"', true)];
    if (policy === 'last_per_subject' && !(typeof c.filter_subject === 'string' && c.filter_subject !== '') && !(Array.isArray(c.filter_subjects) && c.filter_subjects.length > 0)) {
      return ['deliver_policy', 'deliver_policy "last_per_subject" needs a filter_subject (10094)'];
    }
  }
  if (typeof c.sample_freq === 'string' && c.sample_freq !== '') {
    const n = c.sample_freq.endsWith('%') ? c.sample_freq.slice(0, -1) : c.sample_freq;
    if (!/^[+-]?\d+$/.test(n) || Number(n) < 0) return ['sample_freq', `sample_freq ${JSON.stringify(c.sample_freq)} is not a whole percentage such as "50%" (10095)`];
  }
  const durable = typeof c.durable_name === 'string' ? c.durable_name : '';
  const name = typeof c.name === 'string' ? c.name : '';
  if (durable !== '' && name !== '' && durable !== name) return ['name', `name ${JSON.stringify(name)} and durable_name ${JSON.stringify(durable)} differ: when both are given they must be equal (10132)`];
  return undefined;
}

export const consumerInvalidSettings: ConsumerRule = {
  id: 'consumer-invalid-settings',
  severity: 'error',
  scope: 'consumer',
  title: 'Consumer settings the server refuses',
  anchor: 'the setting',
  serverCheck: { error: 'the checks of nats-server\'s consumer config: 10025, 10079–10083, 10086–10089, 10094, 10095, 10107, 10112, 10114–10116, 10132, 10133' },
  explanation:
    'nats-server checks a consumer config before it makes the consumer, and refuses it for: an ' +
    '`ack_policy`, `deliver_policy` or `replay_policy` it does not know; negative `num_replicas`; a ' +
    '`backoff` with more steps than `max_deliver` allows; a `description` over 4096 bytes; for push ' +
    'consumers (`deliver_subject`) a delivery subject with wildcards, invalid, or stored by the ' +
    'stream itself, `max_waiting`, `max_ack_pending` with `ack_policy` "none", or an ' +
    '`idle_heartbeat` under 100 ms; for pull consumers `rate_limit_bps`, a negative `max_waiting`, ' +
    '`idle_heartbeat`, `flow_control`, or a `max_expires` under 1 ms; a start position that does not ' +
    'fit `deliver_policy` (`opt_start_seq` needs "by_start_sequence", "last_per_subject" needs a ' +
    'filter); a `sample_freq` that is no percentage; and a `name` that differs from `durable_name`. ' +
    'One finding per consumer: the first the server would name. Checks that changed between server ' +
    'versions (`backoff` with unlimited deliveries is allowed from 2.11; a negative `max_batch` ' +
    'or `max_expires` is taken as 0 from 2.12) follow `natsWorkbench.serverVersion`.',
  check(consumer, workspace, report, context) {
    const problem = firstProblem(consumer, workspace, context);
    if (!problem) return;
    const [field, message, fix] = problem;
    report({ span: consumer.keySpan(field), message, fixes: fix ? [fix] : [] });
  },
};
