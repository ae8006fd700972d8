/**
 * User `.creds` files in the standard format (as the Go `jwt` library and nsc write them): the
 * user JWT between `-----BEGIN NATS USER JWT-----` and `------END NATS USER JWT------`, then a
 * warning and the user's seed between `-----BEGIN USER NKEY SEED-----` and
 * `------END USER NKEY SEED------` (five dashes opening, six closing).
 */
import { NKey } from './keys';
import { parseJwt } from './jwt';
import { article, TrustError } from './problems';

/** The text of a `.creds` file for a user JWT and the user's key pair (which must be the JWT's subject). */
export function formatCreds(jwt: string, user: NKey): string {
  if (user.kind !== 'user') throw new TrustError('invalid-argument', `a .creds file holds a user seed, not ${article(user.kind)} seed`);
  const parsed = parseJwt(jwt);
  if (!parsed.ok) throw new TrustError('invalid-argument', `the user JWT is not readable: ${parsed.reason}`);
  if (parsed.jwt.claims.sub !== user.publicKey) {
    throw new TrustError('invalid-argument', `the seed belongs to ${user.publicKey}, but the JWT is for ${parsed.jwt.claims.sub}`);
  }
  return [
    '-----BEGIN NATS USER JWT-----',
    jwt.trim(),
    '------END NATS USER JWT------',
    '',
    '************************* IMPORTANT *************************',
    'NKEY Seed printed below can be used to sign and prove identity.',
    'NKEYs are sensitive and should be treated as secrets.',
    '',
    '-----BEGIN USER NKEY SEED-----',
    user.seed(),
    '------END USER NKEY SEED------',
    '',
    '*************************************************************',
    '',
  ].join('\n');
}

/** The seed of a `.creds` file belongs to another user than its JWT (a TrustError of code `invalid`). */
export class CredsSeedMismatchError extends TrustError {}

export interface ParsedCreds {
  jwt: string;
  /** The user's public key (the JWT's `sub`, which the seed matches). */
  publicKey: string;
  /** The user key pair from the seed section (its `publicKey` equals the JWT's `sub`). */
  key: NKey;
}

interface Section {
  body: string;
  line: number;
}

/** Finds `-----BEGIN <what>-----` … `------END <what>------` (3 or more dashes accepted, like the Go parser). */
function section(lines: string[], what: string, from: number, where: string): Section | undefined {
  const begin = new RegExp(`^\\s*-{3,}\\s*BEGIN ${what}\\s*-{3,}\\s*$`);
  const end = new RegExp(`^\\s*-{3,}\\s*END ${what}\\s*-{3,}\\s*$`);
  const start = lines.findIndex((l, i) => i >= from && begin.test(l));
  if (start === -1) return undefined;
  const stop = lines.findIndex((l, i) => i > start && end.test(l));
  if (stop === -1) throw new TrustError('invalid', `${where}: the "BEGIN ${what}" line (line ${start + 1}) has no matching "END ${what}" line`);
  const body = lines.slice(start + 1, stop).map((l) => l.trim()).join('');
  if (body === '') throw new TrustError('invalid', `${where}: the ${what} section (line ${start + 1}) is empty`);
  return { body, line: start + 2 };
}

/**
 * Reads a `.creds` file's text. Throws a TrustError naming the problem (and `where`, e.g. the file
 * name): missing or unterminated sections, an unreadable JWT, a JWT that is not a user JWT, a seed
 * that is not a user seed or does not belong to the JWT's user.
 */
export function parseCreds(text: string, where = 'the credentials'): ParsedCreds {
  if (typeof text !== 'string' || text.trim() === '') throw new TrustError('invalid', `${where}: the file is empty`);
  const lines = text.split(/\r?\n/);
  const jwtSection = section(lines, 'NATS USER JWT', 0, where);
  if (!jwtSection) throw new TrustError('invalid', `${where}: no "-----BEGIN NATS USER JWT-----" line: this is not a .creds file`);
  const parsed = parseJwt(jwtSection.body);
  if (!parsed.ok) throw new TrustError('invalid', `${where}: the JWT (line ${jwtSection.line}) is not readable: ${parsed.reason}`);
  if (parsed.jwt.type !== 'user') throw new TrustError('invalid', `${where}: the JWT (line ${jwtSection.line}) is ${article(parsed.jwt.type ?? 'untyped')} JWT, not a user JWT`);
  const seedSection = section(lines, 'USER NKEY SEED', 0, where);
  if (!seedSection) throw new TrustError('invalid', `${where}: no "-----BEGIN USER NKEY SEED-----" line: the user seed is missing`);
  let key: NKey;
  try {
    key = NKey.fromSeed(seedSection.body, 'user');
  } catch (e) {
    throw new TrustError('invalid', `${where}: the seed (line ${seedSection.line}) is not usable: ${(e as Error).message}`);
  }
  if (key.publicKey !== parsed.jwt.claims.sub) {
    throw new CredsSeedMismatchError('invalid', `${where}: the seed belongs to user ${key.publicKey}, but the JWT is for ${parsed.jwt.claims.sub}`);
  }
  return { jwt: jwtSection.body, publicKey: key.publicKey, key };
}
