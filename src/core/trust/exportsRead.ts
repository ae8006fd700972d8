/**
 * Reading the exports and imports of account JWTs, and judging whether an import can work, by the
 * rules of nats-io/jwt v2.3.0 and nats-server 2.9.10:
 *
 * - an export (`exports`) offers a `stream` (messages published in the exporting account) or a
 *   `service` (requests answered in it) on a subject; `token_req` makes it private: an importer
 *   needs an activation token signed by the exporting account (or one of its signing keys) naming
 *   the importer as `sub`, the kind and a subject that contains the import's;
 * - an import (`imports`) names the exporting account, the export side's `subject` and, optionally,
 *   the `local_subject` it is seen as in the importing account (a mapping: same `>` ending, and as
 *   many `*` or `$N` references as the subject has `*`). Before `local_subject`, a service import's
 *   `subject` was the local one and `to` the export's: both layouts are read here.
 *
 * Nothing here throws for bad data: unreadable entries are skipped, unusable imports get a reason.
 */
import { parseJwt, JwtClaims } from './jwt';
import { isPublicKey, verifySignature } from './keys';
import type { AccountEntry } from './model';
import { problem } from './problems';
import { anchorOf } from './verify';
import { describeSubjectFault, subjectFault } from '../subjectSyntax';

export type ExportKind = 'stream' | 'service';
export const EXPORT_KINDS: readonly ExportKind[] = ['stream', 'service'];
export type ResponseType = 'Singleton' | 'Stream' | 'Chunked';
export const RESPONSE_TYPES: readonly ResponseType[] = ['Singleton', 'Stream', 'Chunked'];

export interface ExportInfo {
  subject: string;
  type: ExportKind;
  name?: string;
  /** `token_req`: importers need an activation token. */
  private: boolean;
  /** Services only (Singleton when unset). */
  responseType?: ResponseType;
  /** `account_token_position`: this token (from 1) of an importer's subject must be the importer's public key. */
  accountTokenPosition?: number;
}

export interface ImportInfo {
  /** The subject on the exporting side. */
  subject: string;
  type: ExportKind;
  /** The exporting account's public key. */
  account: string;
  name?: string;
  /** The subject in the importing account, when it differs from `subject`. */
  localSubject?: string;
  /** The activation token, for a private export. */
  token?: string;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const isKind = (v: unknown): v is ExportKind => v === 'stream' || v === 'service';

/** The objects of an account JWT's `exports` or `imports` list. */
function objectsOf(claims: JwtClaims | undefined, field: 'exports' | 'imports'): Record<string, unknown>[] {
  const list = claims?.nats[field];
  return Array.isArray(list) ? (list as unknown[]).filter((x): x is Record<string, unknown> => typeof x === 'object' && x !== null) : [];
}

/** The exports of an account JWT (entries without a subject or a known type are skipped). */
export function exportsOf(claims: JwtClaims | undefined): ExportInfo[] {
  const out: ExportInfo[] = [];
  for (const e of objectsOf(claims, 'exports')) {
    const subject = str(e.subject);
    if (!subject || !isKind(e.type)) continue;
    const info: ExportInfo = { subject, type: e.type, private: e.token_req === true };
    if (str(e.name)) info.name = str(e.name);
    if (e.type === 'service' && RESPONSE_TYPES.includes(e.response_type as ResponseType)) info.responseType = e.response_type as ResponseType;
    if (typeof e.account_token_position === 'number' && e.account_token_position > 0) info.accountTokenPosition = e.account_token_position;
    out.push(info);
  }
  return out;
}

/** The imports of an account JWT, in the `local_subject` layout (an old service `to` is read as the export side). */
export function importsOf(claims: JwtClaims | undefined): ImportInfo[] {
  const out: ImportInfo[] = [];
  for (const i of objectsOf(claims, 'imports')) {
    let subject = str(i.subject);
    const account = str(i.account);
    if (!subject || !account || !isKind(i.type)) continue;
    let localSubject = str(i.local_subject);
    const to = str(i.to);
    if (to !== undefined && localSubject === undefined) {
      // Service: subject is local, to is the export's. Stream: to is a local prefix.
      if (i.type === 'service') [subject, localSubject] = [to, subject];
      else localSubject = `${to}.${subject}`;
    }
    const info: ImportInfo = { subject, type: i.type, account };
    if (str(i.name)) info.name = str(i.name);
    if (localSubject !== undefined && localSubject !== subject) info.localSubject = localSubject;
    if (str(i.token)) info.token = str(i.token);
    out.push(info);
  }
  return out;
}

/** Go's `Subject.IsContainedIn`: every subject `subject` matches is matched by `container`. */
export function subjectContainedIn(subject: string, container: string): boolean {
  const other = container.split('.');
  const mine = subject.split('.');
  const fullWild = other[other.length - 1] === '>';
  if (mine.length > other.length && !fullWild) return false;
  if (mine.length < other.length) return false;
  for (let i = 0; i < other.length; i++) {
    if (i === other.length - 1 && other[i] === '>') return true;
    if (other[i] !== mine[i] && other[i] !== '*') return false;
  }
  return true;
}

/**
 * The subject `importer` imports of an export with an account token position: that token, when a
 * `*`, becomes the importer's public key (as the system account's monitoring exports require).
 */
export function importSubjectFor(e: Pick<ExportInfo, 'accountTokenPosition'>, subject: string, importer: string): string {
  const position = e.accountTokenPosition;
  if (!position) return subject;
  const tokens = subject.split('.');
  if (tokens[position - 1] === '*') tokens[position - 1] = importer;
  return tokens.join('.');
}

/** Why `subject` cannot be an export's or import's subject, or undefined. */
export function exportSubjectProblem(subject: string): string | undefined {
  if (typeof subject !== 'string') return 'the subject is missing';
  const fault = subjectFault(subject);
  return fault ? describeSubjectFault(fault) : undefined;
}

/**
 * Why `local` cannot map `subject` (jwt v2 `RenamingSubject.Validate`): both end in `>` or neither;
 * as many `*` or `$N` references in `local` as `subject` has `*`, and no `$N` beyond them.
 */
export function localSubjectProblem(local: string, subject: string): string | undefined {
  const syntax = exportSubjectProblem(local);
  if (syntax) return syntax;
  const endsFull = (s: string): boolean => s === '>' || s.endsWith('.>');
  if (endsFull(local) !== endsFull(subject)) return `it and the subject '${subject}' must both end in '>', or neither`;
  const wildcards = subject.split('.').filter((t) => t === '*').length;
  let refs = 0;
  for (const token of local.split('.')) {
    if (token === '*') refs++;
    const ref = /^\$(\d+)$/.exec(token);
    if (ref) {
      if (Number(ref[1]) > wildcards) return `'${token}' refers to a '*' of '${subject}' that does not exist`;
      refs++;
    }
  }
  if (refs !== wildcards) return `'${subject}' has ${wildcards} '*' wildcards: the local subject needs as many '*' or '$1'…'$${Math.max(wildcards, 1)}' references, it has ${refs}`;
  return undefined;
}

/** The decoded activation token, with why it does not let `importer` import `imp` from `exporter` (undefined: it does). */
export function activationProblem(token: string, imp: ImportInfo, importer: string, exporter: JwtClaims, now: Date = new Date()): string | undefined {
  const parsed = parseJwt(token);
  if (!parsed.ok) return `its activation token is not a readable JWT: ${parsed.reason}`;
  const { claims, signingInput, signature, type } = parsed.jwt;
  if (type !== 'activation') return `its activation token is ${type ? `an ${type}` : 'an untyped'} JWT, not an activation`;
  if (!isPublicKey(claims.iss, 'account') || !verifySignature(claims.iss, signingInput, signature)) return 'the signature of its activation token does not match its issuer';
  const anchor = anchorOf(exporter);
  const issuerAccount = str(claims.nats.issuer_account);
  const byExporter = claims.iss === anchor.publicKey || (issuerAccount === anchor.publicKey && anchor.signingKeys.includes(claims.iss));
  if (!byExporter) return `its activation token was signed by ${claims.iss}, neither the exporting account nor one of its signing keys`;
  if (claims.sub !== importer) return `its activation token was made for account ${claims.sub}, not for the importing account`;
  if (claims.nats.kind !== imp.type) return `its activation token is for a ${String(claims.nats.kind)} import, not a ${imp.type}`;
  const tokenSubject = str(claims.nats.subject);
  if (!tokenSubject || !subjectContainedIn(imp.subject, tokenSubject)) return `its activation token is for '${tokenSubject ?? ''}', which does not contain '${imp.subject}'`;
  const seconds = Math.floor(now.getTime() / 1000);
  if (claims.exp && seconds > claims.exp) return `its activation token expired on ${new Date(claims.exp * 1000).toISOString()}`;
  if (claims.nbf && seconds < claims.nbf) return `its activation token is not valid before ${new Date(claims.nbf * 1000).toISOString()}`;
  return undefined;
}

/** The export of `exporter` an import uses: the first of its kind whose subject contains the import's. */
export function matchingExport(exporter: JwtClaims, imp: Pick<ImportInfo, 'subject' | 'type'>): ExportInfo | undefined {
  return exportsOf(exporter).find((e) => e.type === imp.type && subjectContainedIn(imp.subject, e.subject));
}

/**
 * Why the server would not let `importer` use `imp` (no such export, private without a valid
 * activation token), or undefined when it can. `exporter` undefined: the account is not known here.
 */
export function importProblem(imp: ImportInfo, importer: string, exporter: JwtClaims | undefined, now?: Date): string | undefined {
  if (!exporter) return undefined;
  const exp = matchingExport(exporter, imp);
  if (!exp) return `account '${exporter.name ?? imp.account}' exports no ${imp.type} that contains '${imp.subject}'`;
  const position = exp.accountTokenPosition;
  if (position && imp.subject.split('.')[position - 1] !== importer) {
    return `the ${imp.type} export '${exp.subject}' of account '${exporter.name ?? imp.account}' admits only subjects with the importing account's public key as token ${position}`;
  }
  if (!exp.private) return undefined;
  if (!imp.token) return `the ${imp.type} export '${exp.subject}' of account '${exporter.name ?? imp.account}' is private and the import has no activation token`;
  return activationProblem(imp.token, imp, importer, exporter, now);
}

/** Adds an `import-unusable` problem to each account of an operator with an import from a store account that cannot work. */
export function checkImports(accounts: AccountEntry[], now?: Date): void {
  const byKey = new Map<string, JwtClaims>();
  for (const a of accounts) if (a.claims) byKey.set(a.claims.sub, a.claims);
  for (const a of accounts) {
    if (!a.claims) continue;
    for (const imp of importsOf(a.claims)) {
      const reason = importProblem(imp, a.claims.sub, byKey.get(imp.account), now);
      if (reason) a.problems.push(problem('import-unusable', `the ${imp.type} import of '${imp.subject}' cannot work: ${reason}`, a.jwtPath));
    }
  }
}
