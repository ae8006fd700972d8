/**
 * A diagnosis (diagnose.ts) as a readable page in Markdown: the verdict first, then the store's
 * view beside the server's, each reason with its title and what to do, what the user may do once
 * logged in, and the notes.
 * Every name and message is escaped (they come from JWTs and files). Pure; no seed is ever part of
 * a diagnosis.
 */
import { md, mdCode } from '../markdown';
import type { Diagnosis, DiagnosisCode, DiagnosisReason } from './diagnose';

/** A short title per reason code: the page's headings. */
export const DIAGNOSIS_TITLES: Record<DiagnosisCode, string> = {
  'malformed-creds': 'The file is no readable .creds file',
  'seed-mismatch': "The seed is not the user's",
  'user-invalid': 'The user JWT is not valid',
  'user-expired': 'The user JWT has expired',
  'user-not-yet-valid': 'The user JWT is not valid yet',
  'bad-signature': 'The signature does not match',
  'unknown-signer': 'Signed by a key the account does not know',
  'issuer-account-mismatch': 'Issued for another account',
  'scoped-user-permissions': "A scoped key's user carries its own permissions",
  'account-not-in-store': 'The account is not in the store',
  'account-invalid': 'The account is not valid',
  'account-expired': 'The account has expired',
  'user-revoked': 'The user is revoked',
  'account-not-pushed': 'The account changed since its last push',
  'server-refused': 'The server refused the login',
  'server-expired': "The server says the user's authentication expired",
  'server-unreachable': 'The server cannot be reached',
  'server-timeout': 'The server did not answer in time',
  'server-error': 'The login failed',
  'server-accepted-anyway': 'The server let the user in anyway',
  'account-missing-on-server': 'The server does not have the account',
  'account-older-on-server': "The server's account JWT is older than the store's",
  'account-newer-on-server': "The server's account JWT is newer than the store's",
  'account-differs-on-server': "The server's account JWT differs from the store's",
  'user-revoked-on-server': "The server's account JWT revokes the user",
  'lookup-unavailable': 'The server could not be asked for the account',
  'operator-mismatch': 'The server trusts another operator',
  'publish-forbidden': 'The user may not publish there',
  'subscribe-forbidden': 'The user may not subscribe there',
  'server-forbids': 'The server refused what the JWT allows',
  'claims-too-large': "The user JWT is too large for a server's default max_control_line",
  bearer: 'Bearer token',
  nonce: 'Nonce signed at login',
};

export interface DiagnosisReportOptions {
  /** What was diagnosed, e.g. "user 'alice' of account 'APP'" or a file name (escaped here). */
  subject: string;
  /** The .creds file, when one was read (escaped here). */
  file?: string;
}

/** Inline code on one line (mdCode); in a table cell with `|` escaped, as GFM reads it inside code too. */
const code = (text: string): string => mdCode(text);
const cellCode = (text: string): string => mdCode(text).replace(/\|/g, '\\|');

/** A reason as a heading (its title) and its message, which ends with what to do. */
function item(r: DiagnosisReason, n?: number): string[] {
  return [`### ${n === undefined ? '' : `${n}. `}${md(DIAGNOSIS_TITLES[r.code] ?? r.code)}`, '', `${md(sentence(r.message))} ${code(r.code)}`, ''];
}

/** A reason's message as a sentence of the page: capital first letter, closing full stop. */
function sentence(message: string): string {
  const text = message.trim();
  if (!text) return text;
  return `${text[0].toUpperCase()}${text.slice(1)}${/[.!?]$/.test(text) ? '' : '.'}`;
}

/** The store's verdict (without the server's reasons) in a few words. */
function storeVerdict(d: Diagnosis): string {
  const own = d.reasons.filter((r) => !r.code.startsWith('server-') && !r.code.endsWith('-on-server'));
  if (own.length === 0) return d.account ? 'nothing wrong: the login would work' : 'nothing wrong in the creds (the account was not checked)';
  return `the login would fail: ${own.map((r) => md(DIAGNOSIS_TITLES[r.code] ?? r.code).toLowerCase()).join('; ')}`;
}

/** The page's Markdown. */
export function formatDiagnosis(d: Diagnosis, options: DiagnosisReportOptions): string {
  const lines = [`# Diagnosis: ${md(options.subject)}`, ''];
  const count = d.reasons.length;
  lines.push(d.ok ? '**The login works.**' : `**The login fails:** ${count} reason${count === 1 ? '' : 's'}.`, '');

  if (options.file) lines.push(`- **Credentials:** ${code(options.file)}`);
  if (d.user) lines.push(`- **User:** ${d.user.name === undefined ? '' : `${md(d.user.name)} `}${code(d.user.publicKey)}`);
  if (d.user) lines.push(`- **Account:** ${d.account ? `${md(d.account.name)} ` : ''}${code(d.user.account)}`);
  if (options.file || d.user) lines.push('');

  lines.push('## The store and the server', '', '| | The store says | The server says |', '| --- | --- | --- |');
  const server = d.server ? `${d.server.ok ? 'the login worked' : 'the login failed'}: ${md(d.server.said)} (${cellCode(d.server.url)})` : 'not asked (no server given)';
  lines.push(`| Login | ${storeVerdict(d)} | ${server} |`);
  if (d.serverAccount) {
    const store = d.account ? (d.serverAccount.storeIssuedAt ? `issued ${d.serverAccount.storeIssuedAt.toISOString()}` : 'present') : 'not in the store';
    lines.push(`| Account JWT | ${store} | ${md(d.serverAccount.said)} |`);
  }
  lines.push('');

  if (count > 0) {
    lines.push('## Why, and what to do', '');
    d.reasons.forEach((r, i) => lines.push(...item(r, i + 1)));
  }
  if (d.mayDo && d.mayDo.length > 0) {
    lines.push(d.ok ? '## What the user may do' : '## What the user may do once it logs in', '', '| What | For this user |', '| --- | --- |');
    for (const l of d.mayDo) lines.push(`| ${md(l.label)} | ${md(l.text)} |`);
    lines.push('');
  }

  if (d.tries && d.tries.length > 0) {
    lines.push('## What the user tries', '', '| | The store says | The server says |', '| --- | --- | --- |');
    for (const t of d.tries) {
      const server = t.server === undefined ? 'not tried' : t.server === 'allowed' ? 'allowed' : 'refused (Permissions Violation)';
      lines.push(`| ${t.operation} to ${cellCode(t.subject)} | ${t.forbiddenBy === undefined ? 'allowed' : 'forbidden'} | ${server} |`);
    }
    lines.push('');
  }

  if (d.notes.length > 0) {
    lines.push('## Notes', '');
    for (const n of d.notes) lines.push(...item(n));
  }
  return lines.join('\n');
}
