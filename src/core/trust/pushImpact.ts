/**
 * What pushing an account JWT does to the account's running clients, said before the push.
 * nats-server takes a pushed account JWT at once (measured with 2.9.10 and a full resolver):
 * - a connected user the new JWT revokes (its key, or `*`, at or after the user JWT's `iat`) is
 *   closed at the push ("User Authentication Revoked"), every connection of it;
 * - a connected user signed by a signing key the new JWT no longer lists (a key removed or rotated)
 *   is closed at the push;
 * - an account limit `conn` below the connections open now closes the excess ("maximum account
 *   active connections exceeded"): each server its own connections beyond the limit at the push;
 *   on a cluster the servers close more, up to the account's total beyond the limit, only as they
 *   learn each other's counts (when a connection of the account opens or closes);
 * - JetStream turned off (no `mem_storage`/`disk_storage` left) stops the JetStream API for the
 *   account (503): its streams no longer answer and take no messages; their data stays on the
 *   server's disk and answers again once JetStream is turned back on.
 * Pure: the caller reads the live state (pushImpactLive.ts).
 */
import { formatBytes, formatCount } from '../streams/format';
import { plural } from '../plural';
import { jetStreamEnabled } from './claims';
import type { JwtClaims } from './jwt';
import { parseJwt, signingKeysOf } from './jwt';
import { ImportLoss, endsImports } from './importLoss';
import { displayText } from './quote';
import { revokedAt } from './verify';

/** One client connection of the account, as a server's CONNZ lists it. */
export interface LiveClient {
  /** The user's public key (`authorized_user`). */
  user: string;
  /** The user JWT it logged in with (`jwt`), which gives its issue time. */
  jwt?: string;
  /** `name_tag`: the user's name. */
  name?: string;
  /** The id of the server it is connected to. */
  server?: string;
  /** Its subscriptions (`subscriptions_list`), when asked for. */
  subscriptions?: string[];
}

/** The account as the servers have it now. */
export interface LiveAccountState {
  /** Every client connection of the account on the servers that answered. */
  clients: LiveClient[];
  /** More connections than were listed (a server said so by its `total`). */
  truncated?: boolean;
  /** JetStream use of the account; undefined when JetStream is off for it or unknown. */
  jetstream?: { streams: number; messages: number; bytes: number };
  /** How many servers answered. */
  servers: number;
}

export interface RevokedClient {
  user: string;
  name?: string;
  /** Its connections open now: each is closed at the push. */
  connections: number;
  /** For a user signed by a key the new JWT no longer lists: that key. */
  signer?: string;
}

export interface PushImpact {
  revoked: RevokedClient[];
  /** Connected users signed by a signing key the new JWT no longer lists. */
  unsigned: RevokedClient[];
  /** Connections closed because the new `conn` limit is below those open now. */
  connectionsCut?: { limit: number; open: number; cut: number; atOnce: number };
  /** JetStream is on now and off in the new JWT. */
  jetstreamOff?: { streams: number; messages: number; bytes: number };
  /** Other accounts' imports the push ends (an export removed or made private), with who is connected there. */
  importLoss?: ImportLoss;
  /** Client connections open now (on the servers that answered). */
  open: number;
  /** The first line; '' when the push cuts nothing. */
  summary: string;
  /** One line per consequence, then where the figures come from. */
  lines: string[];
}

/** Whether the user must be told before the push: it closes connections, stops JetStream or ends other accounts' imports. */
export function pushImpactIsSerious(impact: PushImpact | undefined): boolean {
  return (
    impact !== undefined &&
    (impact.revoked.length > 0 || impact.unsigned.length > 0 || impact.connectionsCut !== undefined || impact.jetstreamOff !== undefined || endsImports(impact.importLoss))
  );
}

/** The issue time and subject of a client's user JWT; the listed key alone when it cannot be read. */
function userClaimsOf(c: LiveClient): JwtClaims {
  const parsed = c.jwt === undefined ? undefined : parseJwt(c.jwt);
  // Without its JWT the issue time is unknown: any revocation of the key may apply, so it is counted.
  if (!parsed?.ok || parsed.jwt.claims.sub !== c.user) return { iss: '', sub: c.user, iat: 0, nats: {} };
  return parsed.jwt.claims;
}

/** The clients `cut` picks, per user, with the count of their connections. */
function clientsBy(clients: readonly LiveClient[], cut: (c: LiveClient, claims: JwtClaims) => { signer?: string } | undefined): RevokedClient[] {
  const byUser = new Map<string, RevokedClient>();
  for (const c of clients) {
    const hit = cut(c, userClaimsOf(c));
    if (!hit) continue;
    const seen = byUser.get(c.user) ?? { user: c.user, ...(c.name ? { name: c.name } : {}), connections: 0, ...hit };
    seen.connections++;
    byUser.set(c.user, seen);
  }
  return [...byUser.values()].sort((a, b) => b.connections - a.connections || a.user.localeCompare(b.user));
}

/** The key that signed a user JWT when the account no longer has it; undefined when it still signs for the account or is unknown. */
function removedSigner(account: JwtClaims, user: JwtClaims): string | undefined {
  if (!user.iss || user.iss === account.sub) return undefined;
  return signingKeysOf(account.nats).includes(user.iss) ? undefined : user.iss;
}

function connLimit(account: JwtClaims): number | undefined {
  const conn = (account.nats.limits as { conn?: unknown } | undefined)?.conn;
  return typeof conn === 'number' && Number.isSafeInteger(conn) && conn >= 0 ? conn : undefined;
}

const userText = (r: RevokedClient): string => `${r.name ? `'${displayText(r.name)}' ` : ''}${r.user} (${plural(r.connections, 'connection')})`;

/** What pushing `next` (the account JWT's claims) does to the account as it is now, and to the accounts importing from it (`importLoss`, read by the caller). */
export function predictPushImpact(next: JwtClaims, live: LiveAccountState, importLoss?: ImportLoss): PushImpact {
  const revoked = clientsBy(live.clients, (_, user) => (revokedAt(next, user) ? {} : undefined));
  const revokedKeys = new Set(revoked.map((r) => r.user));
  const unsigned = clientsBy(live.clients, (c, user) => {
    const signer = revokedKeys.has(c.user) ? undefined : removedSigner(next, user);
    return signer ? { signer } : undefined;
  });
  const open = live.clients.length;
  const impact: PushImpact = { revoked, unsigned, open, summary: '', lines: [] };
  const closedFirst = [...revoked, ...unsigned].reduce((n, r) => n + r.connections, 0);
  const limit = connLimit(next);
  // The revoked and unsigned go first; the limit then applies to what is left.
  const left = open - closedFirst;
  if (limit !== undefined && left > limit) {
    const gone = new Set([...revoked, ...unsigned].map((r) => r.user));
    const perServer = new Map<string, number>();
    for (const c of live.clients) if (!gone.has(c.user)) perServer.set(c.server ?? '', (perServer.get(c.server ?? '') ?? 0) + 1);
    const atOnce = [...perServer.values()].reduce((n, local) => n + Math.max(0, local - limit), 0);
    impact.connectionsCut = { limit, open: left, cut: left - limit, atOnce };
  }
  if (live.jetstream && !jetStreamEnabled(next.nats.limits as Parameters<typeof jetStreamEnabled>[0])) impact.jetstreamOff = { ...live.jetstream };
  const parts: string[] = [];
  const lines: string[] = [];
  if (revoked.length) {
    const n = revoked.reduce((sum, r) => sum + r.connections, 0);
    parts.push(`disconnects ${plural(n, 'connection')} of ${plural(revoked.length, 'revoked user')}`);
    lines.push(`Revoked users connected now are disconnected at the push and cannot log in again: ${revoked.map(userText).join(', ')}.`);
  }
  if (unsigned.length) {
    const n = unsigned.reduce((sum, r) => sum + r.connections, 0);
    parts.push(`disconnects ${plural(n, 'connection')} of ${plural(unsigned.length, 'user')} signed by a removed signing key`);
    lines.push(
      `Users signed by a signing key this JWT no longer lists are disconnected at the push, and their credentials are refused until re-issued: ${unsigned.map((u) => `${userText(u)} signed by ${u.signer}`).join(', ')}.`,
    );
  }
  const cut = impact.connectionsCut;
  if (cut) {
    const exact = cut.atOnce === cut.cut;
    parts.push(`closes ${exact ? formatCount(cut.cut) : `${formatCount(cut.atOnce)} to ${formatCount(cut.cut)}`} of ${formatCount(cut.open)} connections (limit ${formatCount(cut.limit)})`);
    const how = exact
      ? `so the server closes ${formatCount(cut.cut)} of them at the push`
      : `so each server closes its own beyond the limit at the push (${formatCount(cut.atOnce)} now), and the servers close more, up to ${formatCount(cut.cut)} in all, as they learn each other's counts (when a connection of the account opens or closes)`;
    lines.push(`conn limit ${formatCount(cut.limit)}: ${formatCount(cut.open)} connections of the account are open, ${how} ("maximum account active connections exceeded"); their clients may reconnect and be refused.`);
  }
  const js = impact.jetstreamOff;
  if (js) {
    parts.push(`stops JetStream for ${plural(js.streams, 'stream')}`);
    lines.push(
      `JetStream off: the account's ${plural(js.streams, 'stream')} (${formatCount(js.messages)} messages, ${formatBytes(js.bytes)}) stop answering and take no messages (JetStream API 503); ` +
        'their data stays on the server and answers again when JetStream is turned back on.',
    );
  }
  if (importLoss && endsImports(importLoss)) {
    impact.importLoss = importLoss;
    parts.push(importLoss.summary);
    lines.push(...importLoss.lines);
  }
  if (parts.length) {
    const text = parts.join('; ');
    impact.summary = `${text[0].toUpperCase()}${text.slice(1)}.`;
    lines.push(`Figures from ${plural(live.servers, 'server')} that answered: ${plural(open, 'connection')} of the account open now${live.truncated ? ' (at least: a server listed only part of them)' : ''}.`);
  }
  impact.lines = lines;
  return impact;
}
