/**
 * The operator-mode part of a nats-server config: `operator`, `system_account` and the account
 * resolver. It holds no ports and no JetStream block, so it can be `include`d from a config that
 * does. Accounts that fail verification are left out (and reported), never preloaded. Nothing
 * from the store reaches the text except validated public keys, JWTs (base64url and dots) and
 * names and messages written through `confString`.
 */
import { isPublicKey } from './keys';
import { checkName, StoreLocation } from './layout';
import { AccountEntry, OperatorEntry } from './model';
import { Problem, problem, TrustError } from './problems';
import { UNSAFE_CHARACTER } from './quote';
import { readOperatorEntry } from './storeRead';

export interface ServerConfigArgs {
  store: StoreLocation;
  operator: string;
  /**
   * `memory` (default): every valid account preloaded, nothing to push, changes need a restart.
   * `full`: the server keeps account JWTs in `resolverDir` and takes updates pushed to it; only
   * the system account is preloaded.
   */
  resolver?: 'memory' | 'full';
  /** Folder of the full resolver (default `./jwt`, relative to the server's working folder). */
  resolverDir?: string;
  /** Clock for the validity checks (default now). */
  now?: Date;
}

export interface ServerConfigResult {
  text: string;
  /** The accounts written into `resolver_preload`. */
  preloaded: { name: string; publicKey: string }[];
  /** Accounts left out because their JWT fails verification, with why. */
  skipped: { name: string; problems: Problem[] }[];
  /**
   * What is wrong beside the JWTs (a corrupt or mismatched seed, the `.nsc` marker, an unreadable
   * users folder): reported, never a reason to leave an account out, since a config needs no seeds.
   */
  warnings: Problem[];
}

const CONF_ESCAPED = new RegExp(`[\\\\"]|${UNSAFE_CHARACTER.source}`, 'gu');

/**
 * The one way text enters the config other than validated keys and JWTs: a nats-server config
 * string in double quotes. Backslash and quote are escaped; tab, line feed and carriage return as
 * `\t`, `\n`, `\r`; every other unsafe character (quote.ts: control, format, line or paragraph
 * separator, private-use, unassigned or lone surrogate) as `\xXX` bytes of its UTF-8 (the only escapes the
 * server's lexer knows). The result holds no line break of any kind, so it is also what names and
 * messages are written as inside `#` comments, which only a line feed or carriage return ends.
 */
export function confString(text: string): string {
  const escaped = text.replace(CONF_ESCAPED, (c) => {
    switch (c) {
      case '\\':
      case '"':
        return `\\${c}`;
      case '\t':
        return '\\t';
      case '\n':
        return '\\n';
      case '\r':
        return '\\r';
      default:
        return [...Buffer.from(c, 'utf8')].map((b) => `\\x${b.toString(16).padStart(2, '0')}`).join('');
    }
  });
  return `"${escaped}"`;
}

const JWT_TEXT = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/** A JWT as a config value: only base64url parts and dots ever reach the config. */
function jwtValue(jwt: string | undefined, what: string): string {
  if (jwt === undefined || !JWT_TEXT.test(jwt)) throw new TrustError('invalid', `the JWT of ${what} is not plain base64url text: it is not written into a server config`);
  return `"${jwt}"`;
}

/** A public key as a config key or value: only a valid key of that kind ever reaches the config. */
function keyValue(key: string | undefined, kind: 'operator' | 'account', what: string): string {
  if (key === undefined || !isPublicKey(key, kind)) throw new TrustError('invalid', `the public key of ${what} is not a valid ${kind} key: it is not written into a server config`);
  return key;
}

/**
 * The problems that make an entry's JWT unusable: those of the JWT file itself (unreadable,
 * corrupt, tampered, wrong issuer, expired, naming another entity). Seeds, the marker and the
 * users folder play no part in a server config.
 */
function jwtErrors(entry: OperatorEntry | AccountEntry): Problem[] {
  return entry.problems.filter((p) => p.severity === 'error' && p.path === entry.jwtPath);
}

function otherErrors(entry: OperatorEntry | AccountEntry): Problem[] {
  return entry.problems.filter((p) => p.severity === 'error' && p.path !== entry.jwtPath);
}

function preloadBlock(accounts: AccountEntry[]): string[] {
  const lines = ['resolver_preload: {'];
  for (const a of accounts) {
    const what = `account ${confString(a.name)}`;
    lines.push(`  # ${confString(a.name)}`, `  ${keyValue(a.publicKey, 'account', what)}: ${jwtValue(a.jwt, what)}`);
  }
  lines.push('}');
  return lines;
}

/**
 * The config text for an operator of the store, built from its verified JWTs alone; throws a
 * TrustError when the operator is unusable.
 */
export async function serverConfig(args: ServerConfigArgs): Promise<ServerConfigResult> {
  const resolver = args.resolver ?? 'memory';
  checkName(args.operator, 'operator', true);
  const op = await readOperatorEntry(args.store, args.operator, { now: args.now });
  if (!op) throw new TrustError('not-found', `operator '${args.operator}' does not exist in ${args.store.storesDir}`);
  const opErrors = jwtErrors(op);
  if (!op.jwt || opErrors.length) {
    throw new TrustError('invalid', `operator '${op.name}' is not valid: ${opErrors.map((p) => p.message).join('; ') || 'no JWT'}`);
  }
  const valid: AccountEntry[] = [];
  const skipped: ServerConfigResult['skipped'] = [];
  const keys = new Set<string>();
  for (const a of op.accounts) {
    const errors = jwtErrors(a);
    // (checkIdentities already refuses a key held twice; a config must never preload one twice either way)
    if (a.jwt && a.publicKey && !errors.length && !keys.has(a.publicKey)) {
      valid.push(a);
      keys.add(a.publicKey);
    } else {
      skipped.push({ name: a.name, problems: errors.length ? errors : [problem('duplicate-key', `the public key ${String(a.publicKey)} is already preloaded`, a.jwtPath)] });
    }
  }
  const warnings = [op, ...valid].flatMap(otherErrors);
  const system = op.systemAccount ? valid.find((a) => a.publicKey === op.systemAccount) : undefined;
  if (op.systemAccount && !system) {
    throw new TrustError('invalid', `the system account ${op.systemAccount} of operator '${op.name}' is missing from the store or not valid`);
  }
  if (resolver === 'full' && !system) throw new TrustError('invalid', `a full resolver needs a system account, and operator '${op.name}' has none`);

  const opWhat = `operator ${confString(op.name)}`;
  const lines = [
    `# Operator-mode authorization for NATS operator ${confString(op.name)} (${keyValue(op.publicKey, 'operator', opWhat)}).`,
    '# Generated by NATS Workbench. Include it from a server config that holds ports, JetStream and',
    '# clustering, e.g.:  include "auth.conf"',
    `operator: ${jwtValue(op.jwt, opWhat)}`,
  ];
  if (system) lines.push(`# ${confString(system.name)}`, `system_account: ${keyValue(system.publicKey, 'account', `account ${confString(system.name)}`)}`);
  let preloaded: AccountEntry[];
  if (resolver === 'memory') {
    preloaded = valid;
    lines.push('', '# Memory resolver: these account JWTs are all the server knows; regenerate and restart after changes.', 'resolver: MEMORY');
  } else {
    preloaded = system ? [system] : [];
    lines.push(
      '',
      '# Full resolver: the server stores account JWTs in `dir` and accepts updates from the system account.',
      '# After the server starts, push every other account to it: the NATS Workbench command',
      '# "Push Account to Server", or `nsc push -A -u nats://<host>:<port>`. Each push is answered',
      '# {"data":{"code":200,...}}; check that users of the account can then connect.',
      'resolver: {',
      '  type: full',
      `  dir: ${confString(args.resolverDir ?? './jwt')}`,
      '  allow_delete: false',
      '  interval: "2m"',
      '  limit: 1000',
      '}',
      '# The system account is preloaded so that pushes are accepted from the start.',
    );
  }
  lines.push(...preloadBlock(preloaded));
  for (const s of skipped) lines.push(`# Left out: account ${confString(s.name)}: ${confString(s.problems.map((p) => p.message).join('; '))}`);
  return {
    text: lines.join('\n') + '\n',
    preloaded: preloaded.map((a) => ({ name: a.name, publicKey: a.publicKey as string })),
    skipped,
    warnings,
  };
}
