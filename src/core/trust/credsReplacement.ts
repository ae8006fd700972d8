/**
 * What writing a user's `.creds` over an existing file gives up, said before it is replaced: a
 * `.creds` file holds a user's seed, and one of another user whose seed is in no keystore here is
 * that user's only way in that we know of.
 */
import { parseCreds } from './creds';
import { parseJwt } from './jwt';
import { readFileText } from './files';
import { paths, StoreLocation } from './layout';
import { displayText } from './quote';
import { loadSeed } from './storeWrite';

/** Files larger than this are not read to describe them. */
const MAX_CREDS_BYTES = 64 * 1024;

/**
 * A line on what replacing `file` with the credentials of `user` (of `operator`/`account` in
 * `store`) gives up; undefined when the file is no readable `.creds` file (nothing more to say).
 */
export function credsReplacement(file: string, store: StoreLocation, operator: string, account: string, user: string): string | undefined {
  let existing: ReturnType<typeof parseCreds>;
  try {
    const text = readFileText(file);
    if (text.length > MAX_CREDS_BYTES) return undefined;
    existing = parseCreds(text, file);
  } catch {
    return undefined;
  }
  let next: string | undefined;
  try {
    const parsed = parseJwt(readFileText(paths.userJwt(store, operator, account, user)).trim());
    next = parsed.ok ? parsed.jwt.claims.sub : undefined;
  } catch {
    next = undefined;
  }
  if (existing.publicKey === next) return `It holds credentials of the same user (${existing.publicKey}): only its JWT is replaced, the seed stays the same.`;
  const claims = parseJwt(existing.jwt);
  const name = claims.ok && typeof claims.jwt.claims.name === 'string' ? `'${displayText(claims.jwt.claims.name)}' ` : '';
  const kept = loadSeed(store, existing.publicKey) !== undefined;
  return kept
    ? `It holds the credentials of another user, ${name}(${existing.publicKey}); its seed is in the keystore, so they can be written again.`
    : `It holds the credentials of another user, ${name}(${existing.publicKey}), whose seed is in no keystore here: once replaced, that user cannot log in unless a copy is kept elsewhere.`;
}
