/**
 * Verification of operator, account and user JWTs, which `nats-jwt`'s `decode()` does not do:
 * the signature, the key type of every key, the claim type, the issuer (the operator or account,
 * or one of its signing keys), `issuer_account`, and `exp`/`nbf` against a given clock. Bad data
 * never throws: every finding is a `Problem`.
 */
import { isPublicKey, KeyKind, publicKeyKind, verifySignature } from './keys';
import { JwtClaims, parseJwt, SigningKeyScope, signingKeyScopes, signingKeysOf, USER_SCOPE_KIND, userPermissionFieldsSet } from './jwt';
import { article, Problem, problem } from './problems';

/** Who may sign a JWT one level down: an operator (for accounts) or an account (for users). */
export interface TrustAnchor {
  publicKey: string;
  signingKeys: string[];
  /** For messages only. */
  name?: string;
  /** The scoped signing keys (account anchors only), by public key; absent when there are none. */
  scopes?: Map<string, SigningKeyScope>;
}

export interface VerifyOptions {
  /** The claim type the JWT must have. */
  expect?: KeyKind;
  /**
   * The operator that must have signed an account JWT, or the account that must have signed a
   * user JWT. Without it the chain is not checked (operators are always checked: self-signed).
   */
  issuer?: TrustAnchor;
  /** The clock for `exp`/`nbf` (default: now). */
  now?: Date;
  /** A file name to attach to the problems. */
  path?: string;
}

export interface Verification {
  /** No problem of severity error. */
  ok: boolean;
  /** The decoded claims, present whenever the text could be decoded (even if invalid). */
  claims?: JwtClaims;
  /** The claim type found (`operator`, `account`, `user`, …). */
  type?: string;
  /** `identity` when signed by the issuer's own key, `signing-key` when by one of its signing keys. */
  signedBy?: 'identity' | 'signing-key';
  expires?: Date;
  notBefore?: Date;
  problems: Problem[];
}

/** The anchor that an operator or account JWT's claims describe (its key and its signing keys). */
export function anchorOf(claims: JwtClaims): TrustAnchor {
  const anchor: TrustAnchor = { publicKey: claims.sub, signingKeys: signingKeysOf(claims.nats), name: claims.name };
  const scopes = signingKeyScopes(claims.nats);
  if (scopes.size > 0) anchor.scopes = scopes;
  return anchor;
}

// --- revocations (an account's `revocations`, see revocations.ts) ---

/** `revocations` key that covers every user of the account (jwt v2 `All`). */
export const ALL_USERS = '*';

export function revocationsOf(account: JwtClaims): Record<string, number> {
  const r = account.nats.revocations;
  if (!r || typeof r !== 'object' || Array.isArray(r)) return {};
  return Object.fromEntries(Object.entries(r as Record<string, unknown>).filter((e): e is [string, number] => typeof e[1] === 'number'));
}

/** When a user JWT is revoked by its account (its own entry or `*`), or undefined. */
export function revokedAt(account: JwtClaims, user: JwtClaims): Date | undefined {
  const r = revocationsOf(account);
  const iat = user.iat ?? 0;
  const times = [r[user.sub], r[ALL_USERS]].filter((t): t is number => t !== undefined && t >= iat);
  return times.length ? new Date(Math.max(...times) * 1000) : undefined;
}

const ISSUER_KIND: Record<KeyKind, KeyKind> = { operator: 'operator', account: 'operator', user: 'account' };

function label(anchor: TrustAnchor): string {
  return anchor.name ? `'${anchor.name}' (${anchor.publicKey})` : anchor.publicKey;
}

/** Verifies one JWT; see `VerifyOptions` for what is checked against what. */
export function verifyJwt(text: string, options: VerifyOptions = {}): Verification {
  const { path } = options;
  const parsed = parseJwt(text);
  if (!parsed.ok) {
    return { ok: false, problems: [problem('corrupt-jwt', `not a readable NATS JWT: ${parsed.reason}`, path)] };
  }
  const { claims, type, signingInput, signature, version } = parsed.jwt;
  const problems: Problem[] = [];
  const add = (p: Problem): void => void problems.push(p);
  if (parsed.jwt.lossyText) {
    add(problem('not-utf8', 'its claims are not valid UTF-8 text (written by a Latin-1 encoder, as earlier versions of nats-workbench did for names and subjects beyond ASCII): nats-server and nsc read U+FFFD there, so its names and subjects are not what they say; create it again', path));
  }
  const kind = (['operator', 'account', 'user'] as KeyKind[]).find((k) => k === type);

  if (options.expect && type !== options.expect) {
    add(problem('wrong-claim-type', `expected ${article(options.expect)} JWT, found ${type ? article(type) : 'an untyped'} JWT`, path));
  }
  if (version === 1) add(problem('old-jwt-version', 'this is a version 1 JWT; current servers expect version 2', path, 'warning'));

  // Key types: the subject matches the claim type, the issuer is of the kind that signs it.
  if (kind && !isPublicKey(claims.sub, kind)) {
    add(problem('wrong-key-type', `the subject ${claims.sub} is not a valid ${kind} public key`, path));
  }
  const issuerKind = kind ? ISSUER_KIND[kind] : undefined;
  if (issuerKind && !isPublicKey(claims.iss, issuerKind)) {
    add(problem('wrong-key-type', `the issuer ${claims.iss} is not a valid ${issuerKind} public key`, path));
  }
  const issuerAccount = typeof claims.nats.issuer_account === 'string' ? claims.nats.issuer_account : undefined;
  if (issuerAccount !== undefined && !isPublicKey(issuerAccount, 'account')) {
    add(problem('wrong-key-type', `issuer_account ${issuerAccount} is not a valid account public key`, path));
  }

  if (kind === 'operator' || kind === 'account') signingKeyEntryProblems(claims, kind, add, path);

  // Signature against the issuer's key.
  if (!publicKeyKind(claims.iss) || !verifySignature(claims.iss, signingInput, signature)) {
    add(problem('bad-signature', `the signature does not match the issuer ${claims.iss}: the JWT was altered or signed by another key`, path));
  }

  // Chain: who signed it.
  let signedBy: Verification['signedBy'];
  if (kind === 'operator') {
    if (claims.iss === claims.sub) signedBy = 'identity';
    else add(problem('unknown-issuer', `an operator JWT must be signed by the operator itself, this one was signed by ${claims.iss}`, path));
  } else if (kind && options.issuer && (!options.expect || options.expect === kind)) {
    // (the issuer given is the one of the expected type: meaningless for a JWT of another type)
    signedBy = checkIssuer(claims, kind, issuerAccount, options.issuer, add, path);
  }

  // Time.
  const nowSeconds = Math.floor((options.now ?? new Date()).getTime() / 1000);
  const expires = claims.exp ? new Date(claims.exp * 1000) : undefined;
  const notBefore = claims.nbf ? new Date(claims.nbf * 1000) : undefined;
  if (claims.exp && nowSeconds > claims.exp) add(problem('expired', `expired on ${expires?.toISOString()}`, path));
  if (claims.nbf && nowSeconds < claims.nbf) add(problem('not-yet-valid', `not valid before ${notBefore?.toISOString()}`, path));

  const result: Verification = { ok: !problems.some((p) => p.severity === 'error'), claims, type, problems };
  if (signedBy) result.signedBy = signedBy;
  if (expires) result.expires = expires;
  if (notBefore) result.notBefore = notBefore;
  return result;
}

function checkIssuer(
  claims: JwtClaims,
  kind: KeyKind,
  issuerAccount: string | undefined,
  anchor: TrustAnchor,
  add: (p: Problem) => void,
  path: string | undefined,
): Verification['signedBy'] {
  const bySigningKey = anchor.signingKeys.includes(claims.iss);
  const byIdentity = claims.iss === anchor.publicKey;
  const owner = kind === 'account' ? 'operator' : 'account';
  if (kind === 'user') {
    if (issuerAccount !== undefined && issuerAccount !== anchor.publicKey) {
      add(problem('issuer-account-mismatch', `issuer_account is ${issuerAccount}, but the user belongs to account ${label(anchor)}`, path));
      return undefined;
    }
    if (bySigningKey && issuerAccount === undefined && !byIdentity) {
      add(problem('issuer-account-mismatch', `signed by a signing key of account ${label(anchor)} but without issuer_account: the server cannot find the account`, path));
      return undefined;
    }
  } else if (issuerAccount !== undefined) {
    add(problem('issuer-account-mismatch', `${article(kind)} JWT must not carry issuer_account`, path));
  }
  if (byIdentity) return 'identity';
  if (bySigningKey) {
    const scope = anchor.scopes?.get(claims.iss);
    if (scope) checkScopedUser(claims, kind, scope, add, path);
    return 'signing-key';
  }
  add(problem('unknown-issuer', `signed by ${claims.iss}, which is neither ${owner} ${label(anchor)} nor one of its signing keys`, path));
  return undefined;
}

/**
 * A JWT signed by a scoped signing key: only users, and without permissions or limits of their own
 * (nats-server 2.9.10 refuses the login, nats-io/jwt: "scoped users require no permissions or
 * limits set"); the scope's template is what applies.
 */
function checkScopedUser(claims: JwtClaims, kind: KeyKind, scope: SigningKeyScope, add: (p: Problem) => void, path: string | undefined): void {
  const signer = `the scoped signing key ${claims.iss} (role '${scope.role}')`;
  if (kind !== 'user') {
    add(problem('scope-violation', `signed by ${signer}, which may sign only users`, path));
    return;
  }
  const fields = userPermissionFieldsSet(claims.nats);
  if (fields.length === 0) return;
  add(
    problem(
      'scope-violation',
      `signed by ${signer} but carries its own permissions or limits (${fields.join(', ')}): nats-server refuses this user, as scoped users must carry none; the role's template is what applies`,
      path,
    ),
  );
}

/**
 * `signing_keys` entries nats-server cannot read: an operator's are plain keys only; an account's
 * are plain keys or `user_scope` objects (any other kind makes nats-io/jwt refuse the whole JWT).
 */
function signingKeyEntryProblems(claims: JwtClaims, kind: 'operator' | 'account', add: (p: Problem) => void, path: string | undefined): void {
  const list = claims.nats.signing_keys;
  if (!Array.isArray(list)) return;
  for (const entry of list as unknown[]) {
    if (typeof entry === 'string') continue;
    const e = (typeof entry === 'object' && entry !== null ? entry : {}) as Record<string, unknown>;
    const what = `the signing key entry ${JSON.stringify(entry).slice(0, 120)}`;
    if (kind === 'operator') add(problem('unknown-scope', `${what} is not a plain public key: operator signing keys cannot be scoped, nats-server cannot read this JWT`, path));
    else if (e.kind !== USER_SCOPE_KIND || typeof e.key !== 'string') {
      add(problem('unknown-scope', `${what} is neither a public key nor a scope of kind "${USER_SCOPE_KIND}" with a key: nats-server cannot read this JWT`, path));
    }
  }
}
