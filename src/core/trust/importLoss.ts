/**
 * Who loses an import when an account JWT that removes an export (or makes it private) is pushed.
 * nats-server 2.9.10 (`updateAccountClaimsWithRefresh`) re-checks every account importing from the
 * pushed one at the push: a stream import no longer authorised stops delivering to its subscribers
 * at once, a service import no longer authorised routes no more requests (no responders). Nobody is
 * disconnected. What the servers can tell: which accounts they hold import the export (their JWTs),
 * the users connected in those accounts (CONNZ), and for a stream import the connections
 * subscribed on its local subject. What they cannot: which connected users would send requests to a
 * service import, nor clients on servers that do not answer.
 * Pure: the caller reads the JWTs and the connections (pushImpactLive.ts).
 */
import { subjectsOverlap } from '../streams/subjects';
import { plural } from '../plural';
import type { JwtClaims } from './jwt';
import { ImportInfo, exportsOf, importProblem, importsOf } from './exportsRead';
import { displayText, quoted } from './quote';

/** An import of another account that works with the exporter's JWT on the server and not with the pushed one. */
export interface LostImport {
  /** The importing account's public key and name. */
  account: string;
  accountName?: string;
  import: ImportInfo;
  /** Why it stops working with the pushed JWT. */
  why: string;
}

/** An importing account's connections as the servers have them now (with their subscriptions). */
export interface ImporterState {
  /** Each connection: the user's key and its subscriptions (`subscriptions_list`) when listed. */
  clients: readonly { user: string; subscriptions?: string[] }[];
  /** A server listed only part of its connections. */
  truncated?: boolean;
}

export interface ImportLossAccount {
  account: string;
  accountName?: string;
  imports: LostImport[];
  /** Distinct users connected in the account now. */
  users: number;
  connections: number;
  /** Connections subscribed on the local subject of a lost stream import (they stop receiving it). */
  subscribed: number;
  truncated?: boolean;
}

export interface ImportLoss {
  accounts: ImportLossAccount[];
  /** Connected users of importing accounts, all accounts together. */
  users: number;
  connections: number;
  /** The first part of the push's summary; '' when no import is lost. */
  summary: string;
  lines: string[];
  /** Other accounts the servers hold whose imports were not read (beyond the limit): they may lose one too. */
  unread?: number;
}

/** True when the push ends imports, or may end imports of accounts that were not read. */
export function endsImports(loss: ImportLoss | undefined): boolean {
  return loss !== undefined && (loss.accounts.length > 0 || (loss.unread ?? 0) > 0);
}

/** Notes that only `read` of the `total` other accounts were read for imports. */
export function noteUnreadImporters(loss: ImportLoss, read: number, total: number): void {
  if (total <= read) return;
  loss.unread = total - read;
  loss.lines.push(
    `Only ${read.toLocaleString('en-US')} of the ${total.toLocaleString('en-US')} other accounts the servers hold were read for imports: ` +
      `${plural(loss.unread, 'account')} not read may ${loss.accounts.length ? 'also ' : ''}import what this push ends.`,
  );
  if (!loss.summary) loss.summary = `changes exports that ${plural(loss.unread, 'account')} not read may import`;
}

/** Whether the exports differ at all (the cheap test before asking the servers about importers). */
export function exportsChanged(current: JwtClaims | undefined, next: JwtClaims): boolean {
  return current !== undefined && JSON.stringify(exportsOf(current)) !== JSON.stringify(exportsOf(next));
}

/** The imports of `importer` from `current`'s account that work now and stop with `next`. */
export function lostImports(importer: JwtClaims, current: JwtClaims, next: JwtClaims, now?: Date): LostImport[] {
  const out: LostImport[] = [];
  for (const imp of importsOf(importer)) {
    if (imp.account !== current.sub || importProblem(imp, importer.sub, current, now) !== undefined) continue;
    const why = importProblem(imp, importer.sub, next, now);
    if (why === undefined) continue;
    out.push({ account: importer.sub, ...(importer.name ? { accountName: importer.name } : {}), import: imp, why });
  }
  return out;
}

const localOf = (imp: ImportInfo): string => imp.localSubject ?? imp.subject;

/** The figures for the importing accounts that lose an import, from their connections now. */
export function predictImportLoss(lost: readonly LostImport[], states: ReadonlyMap<string, ImporterState>): ImportLoss {
  const byAccount = new Map<string, LostImport[]>();
  for (const l of lost) byAccount.set(l.account, [...(byAccount.get(l.account) ?? []), l]);
  const accounts: ImportLossAccount[] = [];
  for (const [account, imports] of byAccount) {
    const state = states.get(account) ?? { clients: [] };
    const streams = imports.filter((l) => l.import.type === 'stream').map((l) => localOf(l.import));
    const subscribed = state.clients.filter((c) => (c.subscriptions ?? []).some((s) => streams.some((local) => subjectsOverlap(s, local)))).length;
    const entry: ImportLossAccount = { account, imports, users: new Set(state.clients.map((c) => c.user)).size, connections: state.clients.length, subscribed };
    if (imports[0].accountName) entry.accountName = imports[0].accountName;
    if (state.truncated) entry.truncated = true;
    accounts.push(entry);
  }
  accounts.sort((a, b) => b.connections - a.connections || a.account.localeCompare(b.account));
  const users = accounts.reduce((n, a) => n + a.users, 0);
  const connections = accounts.reduce((n, a) => n + a.connections, 0);
  const loss: ImportLoss = { accounts, users, connections, summary: '', lines: [] };
  if (!accounts.length) return loss;
  loss.summary = `cuts ${plural(accounts.length, 'importing account')} off an export (${plural(users, 'user')}, ${plural(connections, 'connection')} connected there now)`;
  for (const a of accounts) {
    const name = a.accountName ? `${quoted(a.accountName)} (${a.account})` : a.account;
    const what = a.imports.map((l) => `the ${l.import.type} import ${quoted(l.import.subject)}${l.import.localSubject ? ` (as ${quoted(l.import.localSubject)})` : ''}: ${displayText(l.why)}`).join('; ');
    const who = `${plural(a.users, 'user')} with ${plural(a.connections, 'connection')} connected now${a.truncated ? ' (at least: a server listed only part of them)' : ''}`;
    const parts: string[] = [];
    if (a.imports.some((l) => l.import.type === 'stream')) parts.push(`${plural(a.subscribed, 'connection')} subscribed on the imported stream stop receiving it at the push`);
    if (a.imports.some((l) => l.import.type === 'service')) parts.push('requests on the imported service get no responders from the push on (which connected users send them, the servers cannot tell)');
    loss.lines.push(`Account ${name} loses ${what}. ${who[0].toUpperCase()}${who.slice(1)}: ${parts.join('; ')}; they stay connected.`);
  }
  return loss;
}
