/** `nats-workbench user edit`, `user revoke` and `user delete`. */
import { deleteUser, displayText as shown, editUser, parseExpiry, parsePastTime, PermissionList, revokeUsers, userDeletionImpact, userJwtSizeWarning, userPublicKeyProblem } from '../core/trust';
import { CliIo, optionValue, parseArgs, requiredOption, UsageError } from './framework';
import { countOption, formatOption, listEditOption, onOffOption, output, sizeOption, unconfirmed } from './lifecycleOptions';
import { entityOption, runTrust, storeOption } from './trustCommon';

const LISTS: readonly PermissionList[] = ['allow-pub', 'allow-sub', 'deny-pub', 'deny-sub'];
const COMMON = ['store', 'operator', 'account', 'format'];

export const userLifecycleUsage = [
  'Usage: nats-workbench user edit [--store DIR] [--operator O] [--account A] --name U',
  '         [--allow-pub S]... [--rm-allow-pub S]... [--allow-sub S]... [--rm-allow-sub S]...',
  '         [--deny-pub S]... [--rm-deny-pub S]... [--deny-sub S]... [--rm-deny-sub S]...',
  '         [--allow-pub-response N] [--rm-response-perms] [--expiry DURATION|never] [--bearer on|off]',
  '         [--conn-type T]... [--rm-conn-type T]... [--src CIDR]... [--rm-src CIDR]... [--tag T]... [--rm-tag T]...',
  '         [--subs N] [--data BYTES] [--payload BYTES] [--format text|json]',
  '',
  'Changes user U and re-signs it with the key that signed it; the .creds in the keystore',
  "(keys/creds/O/A/U.creds) is rewritten. Servers read a user's JWT at login: the change applies at",
  'its next connection, without a push. Copies of its .creds written elsewhere keep the old JWT',
  '(write them again with `user creds --force`). A user signed by a scoped signing key gets its',
  "permissions and limits from the role's template: only its expiry and tags can be edited.",
  'N and BYTES take -1 for no limit; BYTES also 1GiB, 500MB, 512K.',
  '',
  'Usage: nats-workbench user revoke [--store DIR] [--operator O] [--account A]',
  '         (--name U... | --public-key KEY... | --before DATE|now) [--format text|json]',
  '',
  'Revokes users in the account JWT: their JWTs issued until now (--before: every user JWT issued',
  'before DATE) are refused. Servers learn of it when the account is pushed: they then refuse new',
  'logins with these credentials and close open connections. DATE is a past date (2024-01-31:',
  '00:00 UTC that day) or a date-time with a zone (2024-01-31T12:00:00Z, 2024-01-31T12:00:00+02:00).',
  '',
  'Usage: nats-workbench user delete [--store DIR] [--operator O] [--account A] --name U [--revoke]',
  '         [--rm-creds] [--rm-nkey] [--yes] [--format text|json]',
  '',
  'Removes user U from the store. Without --revoke its credentials keep working on servers until',
  'they expire; with --revoke it is revoked first (push the account). Its seed and keystore .creds',
  'stay unless --rm-nkey / --rm-creds. Without --yes, says what would stop working and changes nothing.',
].join('\n');

async function edit(args: string[], io: CliIo): Promise<number> {
  const lists = [...LISTS, 'conn-type', 'src', 'tag'];
  const parsed = parseArgs(args, {
    values: [...COMMON, 'name', ...lists, ...lists.map((l) => `rm-${l}`), 'allow-pub-response', 'expiry', 'bearer', 'subs', 'data', 'payload'],
    flags: ['rm-response-perms'],
  });
  const store = storeOption(parsed, io);
  const operator = entityOption(parsed, io, 'operator');
  const account = entityOption(parsed, io, 'account');
  const name = requiredOption(parsed, 'name');
  const format = formatOption(parsed);
  const responses = optionValue(parsed, 'allow-pub-response');
  if (responses !== undefined && parsed.flags.has('rm-response-perms')) throw new UsageError('--allow-pub-response and --rm-response-perms contradict each other');
  if (responses !== undefined && !/^([1-9]\d{0,8}|-1)$/.test(responses)) throw new UsageError(`--allow-pub-response takes a whole number of replies (1 or more, or -1 for any number), not '${responses}'`);
  return runTrust('user edit', io, async () => {
    const expiry = optionValue(parsed, 'expiry');
    const permissions = Object.fromEntries(LISTS.map((l) => [l, listEditOption(parsed, l)]).filter(([, e]) => e !== undefined));
    const limits = { subscriptions: countOption(parsed, 'subs'), data: sizeOption(parsed, 'data'), payload: sizeOption(parsed, 'payload') };
    const r = await editUser({
      store,
      operator,
      account,
      name,
      permissions,
      responses: parsed.flags.has('rm-response-perms') ? false : responses === undefined ? undefined : { max: Number(responses) },
      expires: expiry === undefined ? undefined : expiry.trim() === 'never' ? null : parseExpiry(expiry),
      bearer: onOffOption(parsed, 'bearer'),
      connectionTypes: listEditOption(parsed, 'conn-type'),
      sourceNetworks: listEditOption(parsed, 'src'),
      tags: listEditOption(parsed, 'tag'),
      limits: Object.values(limits).some((v) => v !== undefined) ? limits : undefined,
    });
    const lines = [`Edited user '${shown(name)}' ${r.publicKey} of account '${shown(account)}', re-signed by ${r.issuer}:`, ...r.changes.map((c) => `  ${shown(c)}`), `  jwt:   ${shown(r.jwtPath)}`];
    if (r.credsRewritten) lines.push(`  creds: ${shown(r.credsRewritten)} rewritten`);
    if (r.credsStale) lines.push(`  creds: ${shown(r.credsStale)} still holds the old JWT (the user's seed is not in the keystore)`);
    lines.push('Takes effect at its next login; .creds copies written elsewhere hold the old JWT (user creds --force writes them again).');
    output(io, format, lines, r);
    const tooLarge = userJwtSizeWarning(r.jwt, name);
    if (tooLarge) io.stderr.write(`nats-workbench user edit: warning: ${shown(tooLarge)}\n`);
    return 0;
  });
}

async function revoke(args: string[], io: CliIo): Promise<number> {
  const parsed = parseArgs(args, { values: [...COMMON, 'name', 'public-key', 'before'] });
  const store = storeOption(parsed, io);
  const operator = entityOption(parsed, io, 'operator');
  const account = entityOption(parsed, io, 'account');
  const format = formatOption(parsed);
  const users = [...(parsed.options.get('name') ?? []), ...(parsed.options.get('public-key') ?? [])];
  const before = optionValue(parsed, 'before');
  if (users.length === 0 && before === undefined) throw new UsageError('give --name, --public-key or --before');
  if (users.some((u) => u === '')) throw new UsageError('--name and --public-key need a value');
  for (const key of parsed.options.get('public-key') ?? []) {
    const problem = userPublicKeyProblem(key);
    if (problem) throw new UsageError(`--public-key ${problem}`);
  }
  return runTrust('user revoke', io, async () => {
    const allIssuedBefore = before === undefined ? undefined : parsePastTime(before);
    const r = await revokeUsers({ store, operator, account, users, allIssuedBefore });
    const lines = [
      ...r.revoked.map((u) => `Revoked ${u.name !== undefined ? `user '${shown(u.name)}' ` : ''}${u.publicKey} (JWTs issued until ${u.at.toISOString()})`),
      ...(r.allIssuedBefore ? [`Revoked every user JWT of account '${shown(account)}' issued until ${r.allIssuedBefore.toISOString()}`] : []),
      `  account jwt: ${shown(r.jwtPath)} (re-signed by ${r.issuer})`,
      ...r.warnings.map((w) => `Warning: ${shown(w)}`),
      `Push account '${shown(account)}' for servers to refuse these credentials and close their connections.`,
    ];
    output(io, format, lines, r);
    return 0;
  });
}

async function remove(args: string[], io: CliIo): Promise<number> {
  const parsed = parseArgs(args, { values: [...COMMON, 'name'], flags: ['revoke', 'rm-creds', 'rm-nkey', 'yes'] });
  const store = storeOption(parsed, io);
  const operator = entityOption(parsed, io, 'operator');
  const account = entityOption(parsed, io, 'account');
  const name = requiredOption(parsed, 'name');
  const format = formatOption(parsed);
  const revokeFirst = parsed.flags.has('revoke');
  const refused = unconfirmed(io, parsed, 'user delete', userDeletionImpact(shown(account), shown(name), revokeFirst));
  if (refused !== undefined) return refused;
  return runTrust('user delete', io, async () => {
    const r = await deleteUser({ store, operator, account, name, revoke: revokeFirst, removeCreds: parsed.flags.has('rm-creds'), removeSeed: parsed.flags.has('rm-nkey') });
    const lines = [`Deleted user '${shown(name)}' of account '${shown(account)}'`, ...r.removed.map((f) => `  removed ${shown(f)}`)];
    lines.push(r.revokedIn ? `Revoked in ${shown(r.revokedIn)}: push account '${shown(account)}' to lock it out.` : 'Its credentials still log in until they expire (it was not revoked).');
    output(io, format, lines, r);
    return 0;
  });
}

/** Runs `user edit|revoke|delete`, or returns undefined for another subcommand. */
export function userLifecycle(args: string[], io: CliIo): Promise<number> | undefined {
  const [sub, ...rest] = args;
  if (sub === 'edit') return edit(rest, io);
  if (sub === 'revoke') return revoke(rest, io);
  if (sub === 'delete') return remove(rest, io);
  return undefined;
}
