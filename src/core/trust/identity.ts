/**
 * Whether the entries of one operator are who their place in the store says they are.
 *
 * nsc stores an account at `accounts/<name>/<name>.jwt` and a user at `users/<name>.jwt`, where
 * `<name>` is the JWT's own `name` with surrounding white space removed (nsc's SafeName, Go's
 * strings.TrimSpace); no nsc command renames one. So an account or user JWT whose name is not its
 * folder's or file's was copied or swapped (`cp SYS/SYS.jwt APP/APP.jwt`), and signing for it
 * would sign for another entity. (Operators are different: `nsc add operator --url … --name X`
 * imports an operator JWT under a folder name of one's choice.)
 *
 * Two entries with the same public key are one entity under two names: the one whose name matches
 * its JWT is the real one and the others are errors; when that cannot be told, all of them are.
 */
import { Problem, problem } from './problems';

/** What the checks need of an account or user entry (AccountEntry and UserEntry have it). */
export interface IdentityEntry {
  kind: 'account' | 'user';
  /** The folder / file name. */
  name: string;
  jwtPath: string;
  claims?: { name?: string; sub: string };
  publicKey?: string;
  problems: Problem[];
  /** For users: the account folder it is in (for messages). */
  account?: string;
}

/** Go's strings.TrimSpace: Unicode white space (which includes U+0085, not U+FEFF). */
export function goTrimSpace(s: string): string {
  return s.replace(/^\p{White_Space}+|\p{White_Space}+$/gu, '');
}

function describe(e: IdentityEntry): string {
  return e.kind === 'user' && e.account !== undefined ? `user '${e.name}' of account '${e.account}'` : `${e.kind} '${e.name}'`;
}

/** The problem of a JWT that names another entity than its folder / file, or undefined. */
export function nameProblem(entry: IdentityEntry, systemAccount?: string): Problem | undefined {
  const own = entry.claims?.name;
  if (own === undefined || goTrimSpace(own) === entry.name) return undefined;
  const system = entry.kind === 'account' && systemAccount !== undefined && entry.publicKey === systemAccount ? ", the operator's system account" : '';
  return problem(
    'name-mismatch',
    `the JWT in ${entry.jwtPath} is that of ${entry.kind} '${own}' (${entry.publicKey ?? 'unknown key'}${system}), not of ${describe(entry)}: it was copied or swapped; nothing is signed for it`,
    entry.jwtPath,
  );
}

/**
 * Adds the identity problems to `entries` (all accounts, or all users, of one operator): a JWT
 * that names another entity, and a public key that another entry also has. Only entries whose JWT
 * verified (no error yet) count as holders of a key: a tampered copy cannot take a key away from
 * the real entry.
 */
export function checkIdentities(entries: readonly IdentityEntry[], systemAccount?: string): void {
  const verified = entries.filter((e) => e.publicKey !== undefined && e.claims !== undefined && !e.problems.some((p) => p.severity === 'error'));
  const mismatched = new Set<IdentityEntry>();
  for (const e of entries) {
    const p = nameProblem(e, systemAccount);
    if (p) {
      e.problems.push(p);
      mismatched.add(e);
    }
  }
  const byKey = new Map<string, IdentityEntry[]>();
  for (const e of verified) byKey.set(e.publicKey as string, [...(byKey.get(e.publicKey as string) ?? []), e]);
  for (const [key, group] of byKey) {
    if (group.length < 2) continue;
    const matching = group.filter((e) => !mismatched.has(e));
    const real = matching.length === 1 ? matching[0] : undefined;
    for (const e of group) {
      if (e === real) continue;
      const others = group.filter((o) => o !== e).map(describe).join(', ');
      const why = real ? `it belongs to ${describe(real)}` : 'which of them is the real one cannot be told';
      e.problems.push(problem('duplicate-key', `the public key ${key} of ${describe(e)} is also that of ${others}: ${why}; nothing is signed for it`, e.jwtPath));
    }
  }
}
