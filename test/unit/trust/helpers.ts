/** Shared by the trust tests: temporary stores, files and signing arbitrary claims. */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { NKey, paths, StoreLocation, storeAt, TrustError } from '../../../src/core/trust';

export function tempRoot(prefix: string): { root: string; store: StoreLocation; remove(): void } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), `nwb-trust-${prefix}-`));
  return { root, store: storeAt(root), remove: () => fs.rmSync(root, { recursive: true, force: true }) };
}

/** Every file and folder below `dir` (relative paths), folders marked with a trailing slash. */
export function walk(dir: string, base = dir): string[] {
  const out: string[] = [];
  for (const item of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, item.name);
    if (item.isDirectory()) out.push(`${path.relative(base, full)}/`, ...walk(full, base));
    else out.push(path.relative(base, full));
  }
  return out.sort();
}

/** A v2 JWT with exactly these claims, signed by `key` (for building JWTs nats-jwt would refuse to). */
export function signClaims(claims: Record<string, unknown>, key: NKey, alg = 'ed25519-nkey'): string {
  const header = Buffer.from(JSON.stringify({ typ: 'JWT', alg })).toString('base64url');
  const body = Buffer.from(JSON.stringify(claims)).toString('base64url');
  const input = alg === 'ed25519-nkey' ? `${header}.${body}` : body;
  return `${header}.${body}.${Buffer.from(key.sign(Buffer.from(input))).toString('base64url')}`;
}

/** Re-encodes a JWT's claims after `change`, keeping the original header and signature. */
export function tamper(jwt: string, change: (claims: Record<string, unknown>) => void): string {
  const [header, body, signature] = jwt.split('.');
  const claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Record<string, unknown>;
  change(claims);
  return `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${signature}`;
}

export const SEED_PATTERN = /S[OAU][A-Z2-7]{56}/;

/** The key pair whose seed the store's keystore holds for `publicKey`. */
export function keyOf(store: StoreLocation, publicKey: string): NKey {
  return NKey.fromSeed(fs.readFileSync(paths.seed(store, publicKey), 'utf8'));
}

/** Awaits `p`, which must reject with a TrustError of `code` whose message matches `message`. */
export async function rejectsWith(p: Promise<unknown>, code: string, message: RegExp): Promise<void> {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(e instanceof TrustError, String(e));
    assert.equal(e.code, code, e.message);
    assert.match(e.message, message);
    return true;
  });
}
