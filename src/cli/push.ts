/**
 * `nats-workbench push` and `nats-workbench pull`: accounts to a full-resolver cluster through the
 * system account, with the result per server; and what the cluster holds compared with the store.
 */
import { ClusterAccountPush, displayText as shown, PlannedAccountPush, planPushToCluster, PullFromClusterResult, pullFromCluster, pushImpactIsSerious, PushToClusterResult, pushToCluster } from '../core/trust';
import { readCreds } from './diagnose';
import { CliCommand, CliIo, optionValue, parseArgs, ParsedArgs, requiredOption, UsageError } from './framework';
import { formatOption, output, unconfirmed } from './lifecycleOptions';
import { entityOption, runTrust, storeOption } from './trustCommon';

const COMMON = ['store', 'operator', 'server', 'sys-creds', 'system-user', 'format', 'timeout'];

/** What push and pull share: the store, the operator, the cluster and the system user's creds. */
async function clusterOptions(parsed: ParsedArgs, io: CliIo) {
  const store = storeOption(parsed, io);
  const operator = entityOption(parsed, io, 'operator');
  const serverUrl = requiredOption(parsed, 'server');
  const credsFile = optionValue(parsed, 'sys-creds');
  if (credsFile === '') throw new UsageError('--sys-creds needs a file');
  const systemUserCreds = credsFile === undefined ? undefined : await readCreds(credsFile, io, '--sys-creds');
  const timeout = optionValue(parsed, 'timeout');
  if (timeout !== undefined && !/^[1-9]\d{0,6}$/.test(timeout)) throw new UsageError(`--timeout takes milliseconds (1 to 9999999), not '${timeout}'`);
  const systemUser = optionValue(parsed, 'system-user');
  return { store, operator, serverUrl, systemUserCreds, systemUser, timeoutMs: timeout === undefined ? undefined : Number(timeout), format: formatOption(parsed) };
}

const list = (names: string[]): string => (names.length ? names.map((n) => shown(n)).join(', ') : 'none');

function accountLines(a: ClusterAccountPush, total: number): string[] {
  const head = `${a.accepted ? 'stored' : 'NOT stored'}: account '${shown(a.name)}' ${a.publicKey}${a.changedSincePush ? ' (changed since last push)' : ''}`;
  const lines = [head, `  stored by ${a.stored.length} of ${total}: ${list(a.stored)}`];
  if (a.missing.length) lines.push(`  no reply from: ${list(a.missing)}`);
  for (const r of a.replies.filter((x) => x.code !== 200)) lines.push(`  ${shown(r.server ?? 'a server')} refused it: ${r.code} ${shown(r.message)}`);
  if (a.check !== undefined) lines.push(`  login check: ${a.works === false ? 'FAILED: ' : ''}${shown(a.check)}`);
  for (const p of a.problems.filter((x) => x.code !== 'push-failed' && x.code !== 'account-unusable')) lines.push(`  ${shown(p.message)}`);
  return lines;
}

export function pushLines(r: PushToClusterResult): string[] {
  const lines = [`Servers of the cluster: ${list(r.servers)}`];
  for (const a of r.accounts) lines.push(...accountLines(a, r.servers.length));
  lines.push(r.ok ? `Every account was stored by every server and works.` : `Some accounts were not stored by every server or do not work (see above).`);
  return lines;
}

/** What pushing each account does to its running clients, for --dry-run and the refusal without --yes. */
export function planLines(plans: readonly PlannedAccountPush[], all: boolean): string[] {
  const lines: string[] = [];
  for (const p of plans) {
    const serious = pushImpactIsSerious(p.impact);
    if (!serious && !all) continue;
    lines.push(`account '${shown(p.name)}' ${p.publicKey}: ${serious ? p.impact.summary : `disconnects nobody (${p.impact.open} connections open) and keeps JetStream as it is`}`);
    if (serious) lines.push(...p.impact.lines.map((l) => `  ${l}`));
  }
  return lines;
}

const WORDS: Record<string, string> = {
  same: 'same as the store',
  'missing-on-server': 'missing on the cluster (push it)',
  'older-on-server': 'older on the cluster than in the store (push it)',
  'newer-on-server': 'newer on the cluster than in the store (pushed from elsewhere)',
  differs: 'another JWT of the same second on the cluster',
  'unknown-on-server': 'on the cluster, unknown to the store',
};

export function pullLines(r: PullFromClusterResult): string[] {
  const lines = [`Servers of the cluster: ${list(r.servers)}`];
  for (const a of r.accounts) {
    lines.push(`${a.name === undefined ? '(no name)' : `'${shown(a.name)}'`} ${a.publicKey}: ${WORDS[a.status]}`);
    if (a.missingOn.length && a.servers.length) lines.push(`  not on: ${list(a.missingOn)}`);
    if (a.inconsistent) lines.push(`  the servers hold ${a.serverJwts.length} different JWTs of it`);
  }
  lines.push(r.inSync ? 'The cluster holds exactly the store\'s accounts.' : 'The cluster differs from the store.');
  return lines;
}

export const pushCommand: CliCommand = {
  summary: 'Push accounts to a cluster with full resolvers, naming the servers that stored each',
  usage: [
    'Usage: nats-workbench push [--store DIR] [--operator O] --server URL[,URL…] [--account A]…',
    '         [--sys-creds FILE | --system-user NAME] [--timeout MS] [--dry-run] [--yes] [--format text|json]',
    '',
    "Sends each account's JWT (default: every account of operator O, those changed since their last",
    'push first) on $SYS.REQ.CLAIMS.UPDATE as a user of the system account (default: the store\'s',
    'system user with its seed in the keystore; or the .creds file FILE), waits for a reply from every',
    'server that answers $SYS.REQ.SERVER.PING, and then logs in as a temporary user of each account',
    '(when a key of it is in the keystore). Exit 0 when every server stored every account and every',
    'check passed, 1 otherwise.',
    '',
    "First it reads each account's clients on the cluster: a push that disconnects running clients",
    '(users it revokes, connections over a lower conn limit), stops JetStream for the account, or ends',
    "other accounts' imports (an export removed or made private; their connected users counted) is",
    'refused, naming who and how many, unless --yes is given. --dry-run says what each push would do',
    'and pushes nothing (exit 0).',
  ].join('\n'),
  async run(args, io) {
    const parsed = parseArgs(args, { values: [...COMMON, 'account'], flags: ['dry-run', 'yes'] });
    const o = await clusterOptions(parsed, io);
    const accounts = parsed.options.get('account');
    if (accounts?.some((a) => a === '')) throw new UsageError('--account needs an account name');
    const dryRun = parsed.flags.has('dry-run');
    return runTrust('push', io, async () => {
      if (dryRun || !parsed.flags.has('yes')) {
        const plans = await planPushToCluster({ ...o, accounts });
        if (dryRun) {
          output(io, o.format, ['Would push (--dry-run: nothing is sent):', ...planLines(plans, true)], { dryRun: true, accounts: plans });
          return 0;
        }
        const refused = plans.some((p) => pushImpactIsSerious(p.impact)) ? unconfirmed(io, parsed, 'push', planLines(plans, false)) : undefined;
        if (refused !== undefined) return refused;
      }
      const r = await pushToCluster({ ...o, accounts });
      output(io, o.format, pushLines(r), r);
      return r.ok ? 0 : 1;
    });
  },
};

export const pullCommand: CliCommand = {
  summary: "Compare the account JWTs a cluster holds with the store's",
  usage: [
    'Usage: nats-workbench pull [--store DIR] [--operator O] --server URL[,URL…] [--sys-creds FILE | --system-user NAME]',
    '         [--timeout MS] [--format text|json]',
    '',
    'Asks every server for the accounts it stores ($SYS.REQ.CLAIMS.LIST) and each account\'s JWT',
    '($SYS.REQ.ACCOUNT.<key>.CLAIMS.LOOKUP), as a system account user, and says for each account',
    'whether the cluster has the same JWT as the store, an older or newer one, none (missing), or one',
    'the store does not know, and which servers lack it. Changes nothing. Exit 0 when in sync, 1 not.',
  ].join('\n'),
  async run(args, io) {
    const o = await clusterOptions(parseArgs(args, { values: COMMON }), io);
    return runTrust('pull', io, async () => {
      const r = await pullFromCluster(o);
      output(io, o.format, pullLines(r), r);
      return r.inSync ? 0 : 1;
    });
  },
};
