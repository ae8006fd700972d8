/**
 * User permissions in plain words: one wording for the Add User summary, the decoded JWT page,
 * scoped signing keys' templates and the Operators tree's tooltips.
 *
 * The meaning follows nats-server 2.9.10: a missing or empty allow list allows every subject, a
 * deny list removes subjects from that; `resp` lets a user reply to requests it received even where
 * its publish permissions do not reach, and a `max` or `ttl` of 0 is the server's default of 1 reply
 * within 2 minutes (`validateResponsePermissions` in server/auth.go), -1 no limit.
 */
import { userClaims, UserPermissionsInput } from './claims';
import type { SigningKeyScope } from './jwt';
import { plural } from '../plural';

/** One line of a description: `Publish`, `Subscribe`, `Replies`… and what it allows, in words. */
export interface PermissionLine {
  label: string;
  text: string;
}

/** The server's defaults for a `resp` `max` / `ttl` of 0. */
export const DEFAULT_REPLIES = 1;
export const DEFAULT_REPLY_MS = 120_000;

const NANOS_PER_MS = 1_000_000;

function list(value: unknown): string[] {
  return Array.isArray(value) ? value.map(String).filter((s) => s !== '') : [];
}

/** `orders.>` or, for a subscribe subject with a queue group, `orders.> (queue group workers)`. */
function subjectWords(subject: string): string {
  const [name, queue] = subject.split(' ');
  return queue ? `${name} (queue group ${queue})` : subject;
}

/**
 * A publish or subscribe permission (`{ allow, deny }`) in words: `any subject`,
 * `only a, b`, `any subject except c`, `only a, b except c`.
 */
export function subjectPermissionText(perm: unknown): string {
  const p = (typeof perm === 'object' && perm !== null ? perm : {}) as { allow?: unknown; deny?: unknown };
  const allow = list(p.allow).map(subjectWords);
  const deny = list(p.deny).map(subjectWords);
  return `${allow.length ? `only ${allow.join(', ')}` : 'any subject'}${deny.length ? ` except ${deny.join(', ')}` : ''}`;
}

/** `1 reply`, `3 replies`, `any number of replies` for a `resp.max`. */
export function replyCountText(max: unknown): string {
  const n = typeof max === 'number' && max !== 0 ? max : DEFAULT_REPLIES;
  return n < 0 ? 'any number of replies' : plural(n, 'reply', 'replies');
}

function durationText(ms: number): string {
  for (const [unit, size] of [['hour', 3_600_000], ['minute', 60_000], ['second', 1000]] as const) {
    if (ms >= size && ms % size === 0) return plural(ms / size, unit);
  }
  return `${ms} ms`;
}

/** `within 2 minutes`, `without time limit` for a `resp.ttl` (nanoseconds). */
export function replyTimeText(ttl: unknown): string {
  const ns = typeof ttl === 'number' ? ttl : 0;
  if (ns < 0) return 'without time limit';
  return `within ${durationText(ns === 0 ? DEFAULT_REPLY_MS : ns / NANOS_PER_MS)}`;
}

/** `1 reply each, within 2 minutes` for a `resp` (`{}`: the server's defaults). */
export function replyLimitText(resp: { max?: unknown; ttl?: unknown }): string {
  return `${replyCountText(resp.max)} each, ${replyTimeText(resp.ttl)}`;
}

/** A `resp` permission in words, or the absence of one (publish restricted or not). */
export function repliesText(resp: unknown, publishRestricted: boolean): string {
  if (typeof resp === 'object' && resp !== null) return `may reply to each request it receives (${replyLimitText(resp)}), even outside its publish permissions`;
  return publishRestricted ? 'only to subjects its publish permissions allow' : 'to any request (publishing is not restricted)';
}

/**
 * The permissions and limits of a user's claims (the `nats` part of a user JWT, or a scoped
 * signing key's template) in words, one line each; limits only when set.
 */
export function describePermissions(nats: Record<string, unknown>): PermissionLine[] {
  const pub = nats.pub as { allow?: unknown; deny?: unknown } | undefined;
  const publishRestricted = list(pub?.allow).length > 0 || list(pub?.deny).length > 0;
  const lines: PermissionLine[] = [
    { label: 'Publish', text: subjectPermissionText(nats.pub) },
    { label: 'Subscribe', text: subjectPermissionText(nats.sub) },
    { label: 'Replies', text: repliesText(nats.resp, publishRestricted) },
  ];
  if (nats.bearer_token === true) lines.push({ label: 'Bearer token', text: 'yes: the JWT alone logs in (no seed signature)' });
  for (const [field, label] of [['subs', 'Subscriptions'], ['data', 'Data (bytes)'], ['payload', 'Payload (bytes)']] as const) {
    if (typeof nats[field] === 'number' && nats[field] !== -1) lines.push({ label, text: `at most ${String(nats[field])}` });
  }
  const src = list(nats.src);
  if (src.length) lines.push({ label: 'Networks', text: `only from ${src.join(', ')}` });
  return lines;
}

/** Which key signs a new user, as the Add User command knows it. */
export type NewUserSigner = { kind: 'default' } | { kind: 'account' } | { kind: 'signing-key'; publicKey?: string } | { kind: 'scoped'; scope: SigningKeyScope };

export interface NewUserDescription {
  permissions?: UserPermissionsInput;
  bearer?: boolean;
  signer: NewUserSigner;
  expires?: Date;
}

function signerText(signer: NewUserSigner): string {
  switch (signer.kind) {
    case 'default':
      return 'an unscoped signing key of the account (its own key when it has none)';
    case 'account':
      return "the account's own key";
    case 'signing-key':
      return signer.publicKey ? `the account signing key ${signer.publicKey}` : 'an unscoped signing key of the account';
    case 'scoped':
      return `the scoped signing key of role '${signer.scope.role}': its template applies`;
  }
}

/**
 * What a user about to be created will be able to do: its permissions as they will be signed
 * (or its scoped signer's template), its expiry and its signer. Invalid permissions throw as
 * `userClaims` does.
 */
export function describeNewUser(user: NewUserDescription): PermissionLine[] {
  const nats = user.signer.kind === 'scoped' ? user.signer.scope.template : (userClaims({ permissions: user.permissions, bearer: user.bearer }) as Record<string, unknown>);
  return [
    ...describePermissions(nats),
    { label: 'Expires', text: user.expires ? user.expires.toISOString() : 'never' },
    { label: 'Signed by', text: signerText(user.signer) },
  ];
}
