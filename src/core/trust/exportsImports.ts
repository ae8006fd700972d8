/**
 * Adding and removing exports and imports of accounts (nsc `add export`, `add import`, `delete
 * export`, `delete import`), in the layout nats-io/jwt v2.3.0 validates and nats-server 2.9.10
 * applies (see exportsRead.ts):
 *
 * - an export is `{name?, subject, type, token_req?, response_type?}` in the exporting account;
 * - an import is `{name?, subject, account, type, local_subject?, token?}` in the importing account,
 *   `subject` being the export side's (for a service: what the responder subscribes to; for a
 *   stream: what the publisher publishes on) and `local_subject` what it is called locally.
 *
 * An import is only written when the exporting account of the store has an export of that kind
 * containing its subject; for a private export the activation token is made here, signed by the
 * exporting account (or one of its unscoped signing keys), and embedded in the import. The account
 * changed is re-signed by its operator's signer and marked "changed since last push".
 */
import type { Account } from 'nats-jwt';
import { resignAccount } from './editAccount';
import {
  EXPORT_KINDS,
  exportsOf,
  ExportInfo,
  ExportKind,
  exportSubjectProblem,
  ImportInfo,
  importsOf,
  importProblem,
  importSubjectFor,
  localSubjectProblem,
  matchingExport,
  RESPONSE_TYPES,
  ResponseType,
  subjectContainedIn,
} from './exportsRead';
import { inTransaction } from './files';
import { JwtClaims } from './jwt';
import { isPublicKey } from './keys';
import { signJwt } from './jwtEncode';
import { StoreLocation } from './layout';
import { TrustError } from './problems';
import { changedSincePush, readPushRecords } from './pushState';
import { quoted } from './quote';
import { readOperatorEntry } from './storeRead';
import { chooseSigner, loadAccount, SignWith } from './storeAccess';
import { anchorOf } from './verify';

interface AccountArgs {
  store: StoreLocation;
  operator: string;
  /** The account whose JWT changes (the exporting one for exports, the importing one for imports). */
  account: string;
  /** Which operator key re-signs the account (default: the one that signed it). */
  signWith?: SignWith;
}

export interface AddExportArgs extends AccountArgs {
  subject: string;
  type: ExportKind;
  /** Importers need an activation token (`token_req`). */
  private?: boolean;
  name?: string;
  /** Services only: Singleton (default), Stream or Chunked. */
  responseType?: ResponseType;
}

export interface RemoveExportArgs extends AccountArgs {
  subject: string;
  /** Needed only when the account exports the subject both as a stream and as a service. */
  type?: ExportKind;
}

export interface AddImportArgs extends AccountArgs {
  /** The exporting account of the same operator (name in the store). */
  fromAccount: string;
  /** The subject on the exporting side: contained in one of its exports of this type. */
  subject: string;
  type: ExportKind;
  /** The subject in the importing account (default: the same as `subject`). */
  localSubject?: string;
  name?: string;
  /** For a private export: which key of the exporting account signs the activation token (see SignWith). */
  activationSignWith?: SignWith;
  /** For a private export: when the activation token expires (default: never). */
  activationExpires?: Date;
}

export interface RemoveImportArgs extends AccountArgs {
  /** The exporting account: its name in the store, or its public key. */
  fromAccount: string;
  subject: string;
  type?: ExportKind;
}

export interface ExportsImportsResult {
  account: string;
  publicKey: string;
  jwt: string;
  jwtPath: string;
  /** The operator key that re-signed the account. */
  issuer: string;
  /** What changed, one line each. */
  changes: string[];
}

export interface ExportResult extends ExportsImportsResult {
  export: ExportInfo;
  /** Accounts of the store whose imports of it no longer work (after a removal). */
  brokenImports?: string[];
}

export interface ImportResult extends ExportsImportsResult {
  import: ImportInfo;
  /** The key that signed the activation token (private exports). */
  activationIssuer?: string;
  /** The exporting account changed since it was last pushed (or never was): servers need it pushed first. */
  pushExporterFirst?: string;
}

function checkKind(type: unknown): ExportKind {
  if (!EXPORT_KINDS.includes(type as ExportKind)) throw new TrustError('invalid-argument', `the type must be stream or service, not ${quoted(String(type))}`);
  return type as ExportKind;
}

function checkSubject(subject: unknown, what: string): string {
  if (typeof subject !== 'string') throw new TrustError('invalid-argument', `the ${what} is missing`);
  const fault = exportSubjectProblem(subject);
  if (fault) throw new TrustError('invalid-argument', `the ${what} ${quoted(subject)} is not a valid subject: ${fault}`);
  return subject;
}

function checkOptionalName(name: unknown): string | undefined {
  if (name === undefined || name === '') return undefined;
  if (typeof name !== 'string' || name.trim() === '') throw new TrustError('invalid-argument', 'the name must be text');
  return name;
}

const rawList = (claims: JwtClaims, field: 'exports' | 'imports'): Record<string, unknown>[] =>
  Array.isArray(claims.nats[field]) ? ([...(claims.nats[field] as unknown[])] as Record<string, unknown>[]) : [];

/** Refuses a list longer than the account's `imports`/`exports` limit (nats-io/jwt refuses the JWT). */
function checkCount(claims: JwtClaims, field: 'exports' | 'imports', count: number, account: string): void {
  const max = (claims.nats.limits as Record<string, unknown> | undefined)?.[field];
  if (typeof max === 'number' && max >= 0 && count > max) {
    throw new TrustError('invalid-argument', `account '${account}' may have at most ${max} ${field} (its limit '${field}'); raise the limit first`);
  }
}

/** Re-signs `account` with a new exports or imports list (inside a transaction). */
async function writeList(args: AccountArgs, field: 'exports' | 'imports', list: Record<string, unknown>[], changes: string[]): Promise<ExportsImportsResult> {
  const { op, acc } = loadAccount(args.store, args.operator, args.account);
  const nats = { ...acc.claims.nats } as Record<string, unknown>;
  if (list.length) nats[field] = list;
  else delete nats[field];
  const { jwt, issuer } = await resignAccount(args.store, args.operator, op, acc, nats as Partial<Account>, args.signWith);
  return { account: args.account, publicKey: acc.claims.sub, jwt, jwtPath: acc.file, issuer, changes };
}

/** What a person reads for an export: "private service 'x' (Stream responses)". */
export function exportText(e: ExportInfo): string {
  const responses = e.type === 'service' && e.responseType && e.responseType !== 'Singleton' ? ` (${e.responseType} responses)` : '';
  return `${e.private ? 'private' : 'public'} ${e.type} ${quoted(e.subject)}${responses}${e.name ? ` named ${quoted(e.name)}` : ''}`;
}

/** What a person reads for an import: "service 'x' from account 'A' as 'y'". */
export function importText(i: ImportInfo, from: string): string {
  return `${i.type} ${quoted(i.subject)} from account '${from}'${i.localSubject ? ` as ${quoted(i.localSubject)}` : ''}${i.token ? ' (with activation token)' : ''}`;
}

/** Adds an export to an account (see the module comment). */
export async function addExport(args: AddExportArgs): Promise<ExportResult> {
  return inTransaction(async () => {
    const type = checkKind(args.type);
    const subject = checkSubject(args.subject, 'export subject');
    const name = checkOptionalName(args.name);
    if (args.responseType !== undefined) {
      if (type !== 'service') throw new TrustError('invalid-argument', 'a response type applies to service exports only');
      if (!RESPONSE_TYPES.includes(args.responseType)) throw new TrustError('invalid-argument', `the response type must be ${RESPONSE_TYPES.join(', ')}, not ${quoted(String(args.responseType))}`);
    }
    const { acc } = loadAccount(args.store, args.operator, args.account);
    const wildcard = subject.split('.').some((t) => t === '*' || t === '>');
    if (wildcard && (acc.claims.nats.limits as Record<string, unknown> | undefined)?.wildcards === false) {
      throw new TrustError('invalid-argument', `account '${args.account}' does not allow wildcard exports (its limit 'wildcards' is off), and ${quoted(subject)} has a wildcard`);
    }
    for (const e of exportsOf(acc.claims)) {
      if (e.type !== type) continue;
      if (e.subject === subject) throw new TrustError('exists', `account '${args.account}' already exports the ${type} ${quoted(subject)}`);
      if (subjectContainedIn(subject, e.subject) || subjectContainedIn(e.subject, subject)) {
        throw new TrustError('exists', `the ${type} export ${quoted(subject)} overlaps the ${type} export ${quoted(e.subject)} of account '${args.account}': remove that one first, or export a subject that does not overlap it`);
      }
    }
    const list = rawList(acc.claims, 'exports');
    const entry: Record<string, unknown> = { subject, type };
    if (name) entry.name = name;
    if (args.private) entry.token_req = true;
    if (args.responseType) entry.response_type = args.responseType;
    list.push(entry);
    checkCount(acc.claims, 'exports', list.length, args.account);
    const info: ExportInfo = { subject, type, private: args.private === true, ...(name ? { name } : {}), ...(args.responseType ? { responseType: args.responseType } : {}) };
    const r = await writeList(args, 'exports', list, [`export + ${exportText(info)}`]);
    return { ...r, export: info };
  });
}

/** The one entry of `found` of `type` (any type when not given); `what` names it for the errors ("export 'x' of account 'A'"). */
function pickOne<T extends { type: ExportKind }>(found: T[], type: ExportKind | undefined, what: string): T {
  const matching = type ? found.filter((f) => f.type === type) : found;
  if (matching.length === 0) throw new TrustError('not-found', `there is no ${type ?? 'stream or service'} ${what}`);
  if (matching.length > 1) throw new TrustError('invalid-argument', `the ${what} is both a stream and a service: say which`);
  return matching[0];
}

/** Accounts of the store whose imports depend on an export (now about to be removed). */
async function importersOf(store: StoreLocation, operator: string, exporter: string, e: ExportInfo): Promise<string[]> {
  const entry = await readOperatorEntry(store, operator);
  return (entry?.accounts ?? [])
    .filter((a) => a.claims && importsOf(a.claims).some((i) => i.account === exporter && i.type === e.type && subjectContainedIn(i.subject, e.subject)))
    .map((a) => a.name);
}

/** Removes an export of an account; the result names the store's accounts whose imports of it stop working. */
export async function removeExport(args: RemoveExportArgs): Promise<ExportResult> {
  return inTransaction(async () => {
    const subject = checkSubject(args.subject, 'export subject');
    const type = args.type === undefined ? undefined : checkKind(args.type);
    const { acc } = loadAccount(args.store, args.operator, args.account);
    const all = exportsOf(acc.claims).filter((e) => e.subject === subject);
    const target = pickOne(all, type, `export ${quoted(subject)} of account '${args.account}'`);
    const list = rawList(acc.claims, 'exports').filter((e) => !(e && e.subject === subject && e.type === target.type));
    const brokenImports = await importersOf(args.store, args.operator, acc.claims.sub, target);
    const r = await writeList(args, 'exports', list, [`export - ${exportText(target)}`]);
    return { ...r, export: target, brokenImports };
  });
}

/** The activation token of a private export, signed by the exporting account (or its signing key). */
function activationToken(args: AddImportArgs, exporter: JwtClaims, importer: string, imp: ImportInfo): { token: string; issuer: string } {
  const signer = chooseSigner(args.store, anchorOf(exporter), `account '${args.fromAccount}'`, args.activationSignWith);
  const nats: Record<string, unknown> = { subject: imp.subject, kind: imp.type, type: 'activation' };
  if (signer.publicKey !== exporter.sub) nats.issuer_account = exporter.sub;
  let exp: number | undefined;
  if (args.activationExpires !== undefined) {
    const ms = args.activationExpires instanceof Date ? args.activationExpires.getTime() : NaN;
    if (!Number.isFinite(ms) || ms <= Date.now()) throw new TrustError('invalid-argument', 'the activation expiry must be a valid date in the future');
    exp = Math.floor(ms / 1000);
  }
  return { token: signJwt({ name: imp.subject, sub: importer, exp, nats }, signer), issuer: signer.publicKey };
}

/** Adds an import to an account from another account of the store (see the module comment). */
export async function addImport(args: AddImportArgs): Promise<ImportResult> {
  return inTransaction(async () => {
    const type = checkKind(args.type);
    const given = checkSubject(args.subject, 'import subject');
    const name = checkOptionalName(args.name);
    if (args.fromAccount === args.account) throw new TrustError('invalid-argument', `account '${args.account}' cannot import from itself`);
    const { acc } = loadAccount(args.store, args.operator, args.account);
    const { acc: from } = loadAccount(args.store, args.operator, args.fromAccount);
    const exp = matchingExport(from.claims, { subject: given, type });
    if (!exp) {
      const offered = exportsOf(from.claims).filter((e) => e.type === type).map((e) => quoted(e.subject));
      throw new TrustError('not-found', `account '${args.fromAccount}' exports no ${type} that contains ${quoted(given)}${offered.length ? ` (its ${type} exports: ${offered.join(', ')})` : ` (it has no ${type} exports)`}`);
    }
    const subject = importSubjectFor(exp, given, acc.claims.sub);
    let localSubject: string | undefined;
    if (args.localSubject !== undefined && args.localSubject !== '' && args.localSubject !== subject) {
      localSubject = checkSubject(args.localSubject, 'local subject');
      const fault = localSubjectProblem(localSubject, subject);
      if (fault) throw new TrustError('invalid-argument', `the local subject ${quoted(localSubject)} cannot map ${quoted(subject)}: ${fault}`);
    }
    const local = localSubject ?? subject;
    for (const i of importsOf(acc.claims)) {
      if (i.account === from.claims.sub && i.type === type && i.subject === subject) {
        throw new TrustError('exists', `account '${args.account}' already imports the ${type} ${quoted(subject)} from account '${args.fromAccount}'`);
      }
      const otherLocal = i.localSubject ?? i.subject;
      const localOverlap = subjectContainedIn(local, otherLocal) || subjectContainedIn(otherLocal, local);
      if (type === 'service' && i.type === 'service' && localOverlap) {
        throw new TrustError('exists', `the service import would be ${quoted(local)} in account '${args.account}', which overlaps its service import ${quoted(otherLocal)}: give another local subject`);
      }
      // The server delivers a message once per stream import that covers it: twice to the same local subject here.
      if (type === 'stream' && i.type === 'stream' && i.account === from.claims.sub && localOverlap && (subjectContainedIn(subject, i.subject) || subjectContainedIn(i.subject, subject))) {
        throw new TrustError(
          'exists',
          `the stream import ${quoted(subject)} from account '${args.fromAccount}' overlaps account '${args.account}''s stream import ${quoted(i.subject)} from the same account` +
            `${i.localSubject ? ` (imported as ${quoted(i.localSubject)})` : ''}: a message both cover would reach its subscribers twice; remove that import first, or give a local subject that does not overlap ${quoted(otherLocal)}`,
        );
      }
    }
    const info: ImportInfo = { subject, type, account: from.claims.sub, ...(name ? { name } : {}), ...(localSubject ? { localSubject } : {}) };
    let activationIssuer: string | undefined;
    if (exp.private) {
      const made = activationToken(args, from.claims, acc.claims.sub, info);
      info.token = made.token;
      activationIssuer = made.issuer;
    }
    const unusable = importProblem(info, acc.claims.sub, from.claims);
    if (unusable) throw new TrustError('invalid-argument', `the import of ${quoted(subject)} would not work: ${unusable}`);
    const entry: Record<string, unknown> = { subject, account: info.account, type };
    if (name) entry.name = name;
    if (localSubject) entry.local_subject = localSubject;
    if (info.token) entry.token = info.token;
    const list = [...rawList(acc.claims, 'imports'), entry];
    checkCount(acc.claims, 'imports', list.length, args.account);
    const r = await writeList(args, 'imports', list, [`import + ${importText(info, args.fromAccount)}`]);
    const unpushed = changedSincePush(readPushRecords(args.store, args.operator)[from.claims.sub], from.jwt);
    return { ...r, import: info, ...(activationIssuer ? { activationIssuer } : {}), ...(unpushed ? { pushExporterFirst: args.fromAccount } : {}) };
  });
}

/** Removes an import (from a store account) of an account. */
export async function removeImport(args: RemoveImportArgs): Promise<ImportResult> {
  return inTransaction(async () => {
    const subject = checkSubject(args.subject, 'import subject');
    const type = args.type === undefined ? undefined : checkKind(args.type);
    const { acc } = loadAccount(args.store, args.operator, args.account);
    // An account no longer (or never) in the store is named by its public key.
    const fromKey = isPublicKey(args.fromAccount, 'account') ? args.fromAccount : loadAccount(args.store, args.operator, args.fromAccount).acc.claims.sub;
    const found = importsOf(acc.claims).filter((i) => i.account === fromKey && i.subject === subject);
    const target = pickOne(found, type, `import ${quoted(subject)} of account '${args.account}' from account '${args.fromAccount}'`);
    const list = rawList(acc.claims, 'imports').filter((raw) => {
      const [i] = importsOf({ ...acc.claims, nats: { imports: [raw] } });
      return !(i && i.account === target.account && i.subject === target.subject && i.type === target.type);
    });
    const r = await writeList(args, 'imports', list, [`import - ${importText(target, args.fromAccount)}`]);
    return { ...r, import: target };
  });
}
