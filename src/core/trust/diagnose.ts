/**
 * Why a login with a `.creds` file would fail ("Authorization Violation" says nothing): every
 * reason the creds themselves, the store's account and its revocations give, each as a sentence
 * that says what to do; and, given a server, what the server says when the creds try to log in,
 * compared with the store's reasons. Validation is the verifier's (verify.ts) and the creds
 * parser's (creds.ts); this module only turns their findings into advice. The seed is never shown.
 */
import type { NatsConnection } from 'nats';
import { AccountLookup, AccountLookupState, lookupAccountOnServer } from './accountLookup';
import { userJwtSizeWarning } from './controlLine';
import { CredsSeedMismatchError, parseCreds } from './creds';
import { describePermissions, PermissionLine } from './describe';
import { checkTries, Tries, triesRefusedByServer, TryVerdict } from './diagnoseTries';
import { JwtClaims, parseJwt } from './jwt';
import type { AccountEntry, OperatorEntry } from './model';
import { Problem, TrustError } from './problems';
import { displayText, quoted } from './quote';
import { anchorOf, revokedAt, verifyJwt } from './verify';
import { redactUrl } from './redact';

export type DiagnosisCode =
  | 'malformed-creds'
  | 'seed-mismatch'
  | 'user-invalid'
  | 'user-expired'
  | 'user-not-yet-valid'
  | 'bad-signature'
  | 'unknown-signer'
  | 'issuer-account-mismatch'
  | 'scoped-user-permissions'
  | 'account-not-in-store'
  | 'account-invalid'
  | 'account-expired'
  | 'user-revoked'
  | 'account-not-pushed'
  | 'server-refused'
  | 'server-expired'
  | 'server-unreachable'
  | 'server-timeout'
  | 'server-error'
  | 'server-accepted-anyway'
  | 'account-missing-on-server'
  | 'account-older-on-server'
  | 'account-newer-on-server'
  | 'account-differs-on-server'
  | 'user-revoked-on-server'
  | 'lookup-unavailable'
  | 'claims-too-large'
  | 'operator-mismatch'
  | 'publish-forbidden'
  | 'subscribe-forbidden'
  | 'server-forbids'
  | 'bearer'
  | 'nonce';

export interface DiagnosisReason {
  code: DiagnosisCode;
  /** One sentence for a person: what is wrong and what to do (untrusted text already escaped). */
  message: string;
}

export interface ServerVerdict {
  url: string;
  /** The login worked. */
  ok: boolean;
  /** What the server said (or why nothing was said), escaped; 'logged in' when ok. */
  said: string;
}

export interface Diagnosis {
  /** The login would work (no reason of failure). */
  ok: boolean;
  /** Every reason the login fails or would fail. */
  reasons: DiagnosisReason[];
  /** What holds but makes no login fail (bearer or nonce, an account changed since its push). */
  notes: DiagnosisReason[];
  /** The user's public key and name and its account's public key, when the JWT is readable. */
  user?: { publicKey: string; name?: string; account: string };
  /** The store's account of the user, when found. */
  account?: { name: string; publicKey: string };
  /**
   * What the user may do once logged in, when its JWT is readable: its permissions and limits (a
   * scoped signing key's template for its users), and JetStream when the store has its account.
   */
  mayDo?: PermissionLine[];
  /** What the user tries (DiagnoseOptions.tries), each with the store's and the server's verdict. */
  tries?: TryVerdict[];
  /** With a server: its verdict on a real login. */
  server?: ServerVerdict;
  /** With a server and a system user: the account JWT the server holds, against the store's. */
  serverAccount?: ServerAccount;
}

export interface ServerAccount {
  state: AccountLookupState;
  /** In words, escaped: which JWT the server holds, or why it could not be asked. */
  said: string;
  issuedAt?: Date;
  storeIssuedAt?: Date;
}

export interface DiagnoseOptions {
  /** The store's operator (readOperatorEntry): the account, its signing keys and revocations. */
  operator?: OperatorEntry;
  /** For messages (e.g. the file name); escaped. */
  where?: string;
  now?: Date;
  /** Subjects to publish to and subscribe to: may the user? (Invalid subjects throw a TrustError.) */
  tries?: Tries;
}

const reason = (code: DiagnosisCode, message: string): DiagnosisReason => ({ code, message: displayText(message) });

/** The account a user JWT belongs to: its issuer_account, else its issuer. */
function userAccountKey(claims: JwtClaims): string {
  return typeof claims.nats.issuer_account === 'string' ? claims.nats.issuer_account : claims.iss;
}

/** The store's account of `key`: by its identity, else one whose signing keys hold it. */
function findAccount(operator: OperatorEntry, key: string): AccountEntry | undefined {
  return operator.accounts.find((a) => a.publicKey === key) ?? operator.accounts.find((a) => a.signingKeys.some((k) => k.publicKey === key));
}

/**
 * The operator of `operators` whose store holds the account of the user in `text` (a `.creds`
 * file's content), if any: the store a diagnosis of that file compares with.
 */
export function operatorOfCreds(operators: OperatorEntry[], text: string): OperatorEntry | undefined {
  let jwt: string;
  try {
    jwt = parseCreds(text).jwt;
  } catch {
    return undefined;
  }
  const parsed = parseJwt(jwt);
  if (!parsed.ok) return undefined;
  const key = userAccountKey(parsed.jwt.claims);
  return operators.find((op) => findAccount(op, key) !== undefined);
}

const when = (d: Date | undefined): string => d?.toISOString() ?? 'an unknown time';

/** A verifier problem of the user JWT as a reason with what to do. */
function userProblemReason(p: Problem, v: { expires?: Date; notBefore?: Date }, user: string): DiagnosisReason {
  switch (p.code) {
    case 'expired':
      return reason('user-expired', `the user JWT expired on ${when(v.expires)}: the server refuses it; give the user a new expiry (nats-workbench user edit --expiry) and write its .creds again`);
    case 'not-yet-valid':
      return reason('user-not-yet-valid', `the user JWT is not valid before ${when(v.notBefore)}: the server refuses it until then; wait, or issue the user again without a start time`);
    case 'bad-signature':
      return reason('bad-signature', `the user JWT's signature does not match its issuer (${p.message}): the file was altered; write the .creds again from the store (nats-workbench user creds)`);
    case 'unknown-issuer':
      return reason('unknown-signer', `${user} ${p.message}: the server refuses it; sign the user again with the account's key or one of its signing keys (or add that key to the account as a signing key and push the account)`);
    case 'issuer-account-mismatch':
      return reason('issuer-account-mismatch', `${user}: ${p.message}; issue the user again from its account`);
    case 'scope-violation':
      return reason('scoped-user-permissions', `${user} is ${p.message}; remove its own permissions and limits (set them on the role instead) or sign it with an unscoped signing key`);
    default:
      return reason('user-invalid', `${user}: ${p.message}; write the .creds again from the store`);
  }
}

/** What the store's account says about the user: the account's own state and its revocations. */
function accountReasons(account: AccountEntry, user: JwtClaims, operator: OperatorEntry, out: Diagnosis): void {
  const name = quoted(account.name);
  out.account = { name: displayText(account.name), publicKey: account.publicKey ?? '' };
  const accountErrors = account.problems.filter((p) => p.severity === 'error' && p.path === account.jwtPath);
  for (const p of accountErrors) {
    if (p.code === 'expired') {
      out.reasons.push(reason('account-expired', `account ${name} expired on ${when(account.expires)}: no user of it can log in; give the account a new expiry, re-sign it with operator ${quoted(operator.name)} and push it`));
    } else {
      out.reasons.push(reason('account-invalid', `account ${name} is not valid in the store (${p.message}): the server refuses its users; repair the account (re-sign it with the operator) and push it`));
    }
  }
  if (account.claims) {
    const revoked = revokedAt(account.claims, user);
    if (revoked) {
      out.reasons.push(reason('user-revoked', `the user is revoked by account ${name} (revocation at ${revoked.toISOString()}, for JWTs issued until then): the server refuses it once the account is pushed; issue new credentials for a new user, or remove the revocation and push the account`));
    }
  }
  if (account.changedSincePush) {
    out.notes.push(reason('account-not-pushed', `account ${name} changed in the store since it was last pushed: a server may still hold the older account JWT; push it (the Push Account to Server command)`));
  }
}

/** The scoped signing key's role that signed the user, when the store's account has one. */
function scopeOf(user: JwtClaims, account: AccountEntry | undefined): { role: string; template: Record<string, unknown> } | undefined {
  return account?.claims ? anchorOf(account.claims).scopes?.get(user.iss) : undefined;
}

/** The user's permissions and limits in words (its scope's template when a scoped key signed it), and JetStream. */
function mayDo(user: JwtClaims, account: AccountEntry | undefined): PermissionLine[] {
  const scope = scopeOf(user, account);
  const lines = describePermissions(scope ? scope.template : user.nats).map((l) => ({ label: l.label, text: displayText(l.text) }));
  if (scope) lines.push({ label: 'Role', text: `${displayText(scope.role)} (the scoped signing key's template applies)` });
  if (account) {
    lines.push({
      label: 'JetStream',
      text: account.jetstream ? `on for account ${quoted(account.name)}` : `off for account ${quoted(account.name)}: streams, key-value and object stores do not answer its users (turn it on with Edit Account)`,
    });
  }
  return lines;
}

/**
 * Every reason, from the creds and (given) the store, that a login with `text` (a `.creds` file's
 * content) fails. Pure: reads nothing, never throws for bad creds (only for an invalid subject in `tries`).
 */
export function diagnoseCreds(text: string, options: DiagnoseOptions = {}): Diagnosis {
  const out: Diagnosis = { ok: false, reasons: [], notes: [] };
  const where = options.where ?? 'the credentials';
  let jwt: string;
  try {
    jwt = parseCreds(text, where).jwt;
  } catch (e) {
    if (!(e instanceof TrustError)) throw e;
    if (e instanceof CredsSeedMismatchError) {
      out.reasons.push(reason('seed-mismatch', `${e.message}: the server refuses a login whose nonce is signed by another key; put the user's own seed in the file (nats-workbench user creds writes both)`));
    } else {
      out.reasons.push(reason('malformed-creds', `${e.message}; write the file again (nats-workbench user creds)`));
    }
    return out; // the parser's message names the line; nothing of the file is repeated

  }
  const parsed = parseJwt(jwt);
  if (!parsed.ok) throw new TrustError('invalid', `${where}: the JWT is not readable`); // parseCreds checked it
  const claims = parsed.jwt.claims;
  const accountKey = userAccountKey(claims);
  out.user = { publicKey: claims.sub, account: accountKey };
  if (typeof claims.name === 'string') out.user.name = displayText(claims.name);
  const user = `user ${claims.name === undefined ? claims.sub : `${quoted(claims.name)} (${claims.sub})`}`;

  const operator = options.operator;
  const account = operator ? findAccount(operator, accountKey) : undefined;
  const v = verifyJwt(jwt, { expect: 'user', issuer: account?.claims ? anchorOf(account.claims) : undefined, now: options.now });
  for (const p of v.problems.filter((x) => x.severity === 'error')) out.reasons.push(userProblemReason(p, v, user));
  if (operator && !account) {
    out.reasons.push(
      reason(
        'account-not-in-store',
        `the user's account ${accountKey} is not in operator ${quoted(operator.name)}'s store: a server of this operator does not know it either unless it was pushed from elsewhere; check --operator, or add and push the account`,
      ),
    );
  } else if (operator && account) {
    accountReasons(account, claims, operator, out);
  }
  out.mayDo = mayDo(claims, account);
  if (options.tries) {
    out.tries = checkTries(scopeOf(claims, account)?.template ?? claims.nats, options.tries);
    for (const t of out.tries.filter((x) => x.forbiddenBy !== undefined)) {
      out.reasons.push(reason(`${t.operation}-forbidden`, `the user may not ${t.operation} to ${quoted(t.subject)}: ${t.forbiddenBy ?? ''}`));
    }
  }
  const tooLarge = userJwtSizeWarning(jwt, typeof claims.name === 'string' ? claims.name : undefined);
  if (tooLarge) out.notes.push(reason('claims-too-large', tooLarge));
  out.notes.push(
    claims.nats.bearer_token === true
      ? reason('bearer', 'the user JWT is a bearer token: the server does not ask for the nonce to be signed, so anyone holding the JWT logs in as this user (keep the file secret)')
      : reason('nonce', "the user JWT is no bearer token: the login signs the server's nonce with the file's seed (a server that sends no nonce is not in operator mode)"),
  );
  out.ok = out.reasons.length === 0;
  return out;
}

/** What a failed login's error says, as the server's verdict and a reason code. */
function verdictOf(e: Error & { code?: string }, url: string, timeoutMs: number): { code: DiagnosisCode; said: string } {
  const code = e.code ?? '';
  const text = `${code} ${e.message}`;
  if (/CONNECTION_REFUSED|ECONNREFUSED|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH/.test(text)) return { code: 'server-unreachable', said: `nothing answers at ${url} (${code || e.message})` };
  if (/AUTHENTICATION_EXPIRED|authentication expired/i.test(text)) return { code: 'server-expired', said: 'User Authentication Expired' };
  if (/AUTHORIZATION_VIOLATION|authorization violation/i.test(text)) return { code: 'server-refused', said: 'Authorization Violation' };
  if (/TIMEOUT/i.test(text)) return { code: 'server-timeout', said: `no login within ${timeoutMs} ms` };
  if (/maximum control line exceeded/i.test(text)) return { code: 'server-error', said: 'Maximum Control Line Exceeded' };
  // The server may close before its -ERR is read (a CONNECT line it refuses to read to the end).
  if (/EPIPE|ECONNRESET/.test(text)) return { code: 'server-error', said: `the server closed the connection during the login (${code || e.message})` };
  return { code: 'server-error', said: e.message };
}

export interface DiagnoseServerOptions extends DiagnoseOptions {
  serverUrl: string;
  /** For the login attempt (default 3000 ms). */
  timeoutMs?: number;
  /**
   * The `.creds` text of a user of the operator's system account (e.g. systemUserCreds of the
   * store): the server is then also asked which JWT of the user's account it holds.
   */
  systemUserCreds?: string;
}

/** What the server's account JWT says, in words (escaped later by `reason`). */
function lookupSaid(l: AccountLookup, url: string): string {
  const at = (d: Date | undefined): string => (d ? `issued ${d.toISOString()}` : 'of unknown issue time');
  switch (l.state) {
    case 'missing':
      return `the server at ${url} does not have the account${l.accountsOnServer === undefined ? '' : ` (its resolver holds ${l.accountsOnServer} other account${l.accountsOnServer === 1 ? '' : 's'})`}`;
    case 'same':
      return `the server at ${url} holds the store's account JWT (${at(l.issuedAt)})`;
    case 'older':
      return `the server at ${url} holds an older account JWT (${at(l.issuedAt)}) than the store's (${at(l.storeIssuedAt)})`;
    case 'newer':
      return `the server at ${url} holds a newer account JWT (${at(l.issuedAt)}) than the store's (${at(l.storeIssuedAt)})`;
    case 'different':
      return `the server at ${url} holds another account JWT than the store's, issued in the same second (${at(l.issuedAt)})`;
    default:
      return `the server at ${url} could not be asked for the account: ${l.why ?? 'no answer'}`;
  }
}

/** The lookup's finding as a reason (or note) with what to do; undefined when the server holds the store's JWT. */
function lookupReason(l: AccountLookup, said: string, account: string): DiagnosisReason | undefined {
  switch (l.state) {
    case 'missing':
      return reason('account-missing-on-server', `${said}: no user of ${account} can log in there; push the account (the Push Account to Server command, or nats-workbench push)`);
    case 'older':
      return reason('account-older-on-server', `${said}: changes made since (revocations, limits, signing keys) do not hold there; push the account`);
    case 'newer':
      return reason('account-newer-on-server', `${said}: it was changed and pushed from elsewhere; pull it into the store (nats-workbench pull) before editing it here, or push the store's to replace it`);
    case 'different':
      return reason('account-differs-on-server', `${said}: push the store's, or pull the server's into the store`);
    case 'unavailable':
      return reason('lookup-unavailable', `${said}; only the login attempt tells`);
    default:
      return undefined;
  }
}

/** The account as the server holds it, when the lookup found one: does it revoke the user the store does not? */
function revokedOnServer(l: AccountLookup, user: JwtClaims, out: Diagnosis, url: string): DiagnosisReason | undefined {
  if (l.jwt === undefined || l.state === 'same' || out.reasons.some((r) => r.code === 'user-revoked')) return undefined;
  const parsed = parseJwt(l.jwt);
  const at = parsed.ok ? revokedAt(parsed.jwt.claims, user) : undefined;
  if (!at) return undefined;
  return reason('user-revoked-on-server', `the account JWT the server at ${url} holds revokes the user (revocation at ${at.toISOString()}), the store's does not: push the store's account, or issue the user again`);
}

/**
 * `diagnoseCreds`, then a real login with the creds at `serverUrl`; the server's verdict is added
 * and, when it refuses, compared with the store's reasons. With a system user's creds the server is
 * first asked which JWT of the account it holds (missing, older or newer than the store's); without
 * them, a refusal the store does not explain most likely means the server lacks the account, or
 * trusts another operator.
 */
export async function diagnoseCredsOnServer(text: string, options: DiagnoseServerOptions): Promise<Diagnosis> {
  const out = diagnoseCreds(text, options);
  const checkedStore = options.operator !== undefined;
  if (out.user === undefined) return out; // unreadable creds: nothing to try
  const timeoutMs = options.timeoutMs ?? 3000;
  const url = displayText(redactUrl(options.serverUrl));
  const userClaims = parseJwt(parseCreds(text).jwt);
  let found: DiagnosisReason[] = [];
  let systemUserRefused = false;
  if (options.systemUserCreds !== undefined) {
    const storeAccount = options.operator?.accounts.find((a) => a.publicKey === out.user?.account);
    const lookup = await lookupAccountOnServer({ serverUrl: options.serverUrl, systemUserCreds: options.systemUserCreds, account: out.user.account, storeJwt: storeAccount?.jwt, timeoutMs });
    systemUserRefused = lookup.systemUserRefused === true;
    const said = lookupSaid(lookup, url);
    out.serverAccount = { state: lookup.state, said: displayText(said), ...(lookup.issuedAt ? { issuedAt: lookup.issuedAt } : {}), ...(lookup.storeIssuedAt ? { storeIssuedAt: lookup.storeIssuedAt } : {}) };
    const account = out.account ? `account ${quoted(out.account.name)}` : `account ${out.user.account}`;
    found = [lookupReason(lookup, said, account), userClaims.ok ? revokedOnServer(lookup, userClaims.jwt.claims, out, url) : undefined].filter((r): r is DiagnosisReason => r !== undefined);
  }
  const nats = await import('nats');
  let nc: NatsConnection | undefined;
  try {
    nc = await nats.connect({
      servers: options.serverUrl,
      authenticator: nats.credsAuthenticator(new TextEncoder().encode(text)),
      timeout: timeoutMs,
      reconnect: false,
      name: 'nats-workbench diagnose',
    });
    await nc.flush();
    out.server = { url, ok: true, said: 'logged in' };
    if (options.tries && out.tries) {
      const refused = await triesRefusedByServer(nc, options.tries);
      for (const t of out.tries) {
        t.server = refused.some((r) => r.operation === t.operation && r.subject === t.subject) ? 'refused' : 'allowed';
        if (t.server === 'refused' && t.forbiddenBy === undefined) {
          out.reasons.push(reason('server-forbids', `the server at ${url} refused to let the user ${t.operation} to ${quoted(t.subject)} (Permissions Violation) though its JWT allows it`));
        }
      }
    }
  } catch (e) {
    const v = verdictOf(e as Error & { code?: string }, options.serverUrl, timeoutMs);
    out.server = { url, ok: false, said: displayText(v.said) };
    // What the lookup found explains the refusal (an unanswered lookup explains nothing).
    out.reasons.push(...found.filter((r) => r.code !== 'lookup-unavailable'));
    out.notes.push(...found.filter((r) => r.code === 'lookup-unavailable'));
    found = [];
    // The operator's own system user is refused too: the server does not trust this operator.
    if (systemUserRefused && v.code === 'server-refused' && options.operator) {
      out.reasons.push(
        reason(
          'operator-mismatch',
          `the server at ${url} refuses operator ${quoted(options.operator.name)}'s system account user as well: it most likely trusts another operator (its config's operator: is not ${options.operator.publicKey ?? 'this operator'}), or it lacks this operator's system account; run it with the config from Generate Server Config`,
        ),
      );
    }
    out.reasons.push(serverReason(v.code, v.said, url, out, checkedStore));
  } finally {
    await nc?.close().catch(() => undefined);
  }
  // Logged in: what the lookup found makes no login fail.
  out.notes.push(...found);
  if (out.server.ok && out.reasons.length > 0) {
    const held = out.serverAccount && out.serverAccount.state !== 'unavailable' ? ` (${out.serverAccount.said})` : '';
    out.notes.push(
      reason(
        'server-accepted-anyway',
        `the server at ${url} let the user in despite the reasons above: it holds an account JWT other than the store's${held} (push the account), or its clock differs`,
      ),
    );
  }
  out.ok = out.reasons.length === 0;
  return out;
}

function serverReason(code: DiagnosisCode, said: string, url: string, out: Diagnosis, checkedStore: boolean): DiagnosisReason {
  const head = `the server at ${url} refused the login (${said})`;
  if (code === 'server-unreachable') return reason(code, `${said}: is the server running, and is the URL its client address?`);
  if (code === 'server-timeout') return reason(code, `the server at ${url} did not let the user in within the time (${said}): a server in operator mode keeps a login it cannot resolve waiting; is it run with the account's operator, and does it have the account (push it)?`);
  if (code === 'server-error' && out.notes.some((n) => n.code === 'claims-too-large')) {
    const surely = /control line/i.test(said);
    if (surely || /closed the connection/.test(said)) {
      return reason(code, `the login at ${url} failed: ${said}: ${surely ? '' : 'most likely because '}the user JWT is larger than the server's max_control_line admits (see the note claims-too-large for the setting)`);
    }
  }
  if (code === 'server-error') return reason(code, `the login at ${url} failed: ${said}`);
  const explained = out.reasons.filter((r) => !r.code.startsWith('server-')).map((r) => r.code);
  if (explained.length > 0) return reason(code, `${head}, as the reasons above explain (${explained.join(', ')})`);
  const account = out.account ? `account ${quoted(out.account.name)} (${out.account.publicKey})` : `account ${out.user?.account ?? ''}`;
  if (out.serverAccount?.state === 'same') {
    return reason(
      code,
      `${head}, though the creds${checkedStore ? ', the store' : ''} and the server's copy of ${account} show nothing wrong: look at what the user JWT limits (connection types, source networks, times) and at the account's connection limit, or run the server with debug: true and read its log`,
    );
  }
  const pushed = out.notes.some((n) => n.code === 'account-not-pushed') ? ' (the store has changed it since its last push)' : '';
  return reason(
    code,
    `${head}, though ${checkedStore ? 'the creds and the store show' : 'the creds show'} nothing wrong: the server most likely does not have ${account}${pushed}, i.e. it was not pushed (push it with the Push Account to Server command), or the server trusts another operator than the account's${checkedStore ? '' : ' (--store and --operator also check the account and its revocations)'}`,
  );
}
