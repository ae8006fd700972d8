/** Markdown tooltips, descriptions and icons shared by the Operators tree nodes. */
import * as vscode from 'vscode';
import { describePermissions } from '../../core/trust';
import type { KeyInfo, Problem, SigningKeyScope } from '../../core/trust';
import { NodeOptions } from './node';
import { expiryText } from '../../core/plural';

const DAY_MS = 86_400_000;

export { expiryText };

/** Whether an expiry deserves a warning: past, or within the configured days. */
export function expiresSoon(expires: Date | undefined, options: NodeOptions): boolean {
  return expires !== undefined && expires.getTime() - options.now.getTime() <= options.warnDays * DAY_MS;
}

/** The icon of a node: its own, or an error / warning icon when something is wrong with it. */
export function statusIcon(icon: string, problems: readonly Problem[], warn = false): vscode.ThemeIcon {
  if (problems.some((p) => p.severity === 'error')) return new vscode.ThemeIcon('error', new vscode.ThemeColor('problemsErrorIcon.foreground'));
  if (warn || problems.length > 0) return new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground'));
  return new vscode.ThemeIcon(icon);
}

/** A tooltip under construction: a title, then `label: value` lines, then the problems. */
export class Tooltip {
  private readonly md = new vscode.MarkdownString('', true);

  constructor(title: string) {
    this.md.supportThemeIcons = true;
    this.md.appendMarkdown(`**${escape(title)}**\n\n`);
  }

  line(label: string, value: string | undefined): this {
    if (value !== undefined && value !== '') this.md.appendMarkdown(`${escape(label)}: ${value}  \n`);
    return this;
  }

  code(label: string, value: string | undefined): this {
    return this.line(label, value === undefined ? undefined : `\`${value}\``);
  }

  /** Whether the seed of the entity's own key (the public key shown above) is in the keystore. */
  seed(key: KeyInfo | undefined, withoutIt: string): this {
    return this.line('Seed', key ? (key.hasSeed ? 'in the keystore' : `not in the keystore: ${withoutIt}`) : undefined);
  }

  expiry(expires: Date | undefined, notBefore: Date | undefined, options: NodeOptions): this {
    this.line('Expires', expires ? `${expires.toISOString()} (${expiryText(expires, options.now)})` : 'never');
    if (notBefore) this.line('Not before', notBefore.toISOString());
    return this;
  }

  /** A scoped signing key's role and the template the users it signs get. */
  scope(scope: SigningKeyScope, of: 'key' | 'user' = 'key'): this {
    const role = `'${escape(scope.role)}'`;
    this.line('Role', of === 'key' ? `${role}: users signed with this key carry no permissions of their own; this template applies` : `${role} of the signing key: its template gives this user's permissions`).line(
      'Description',
      scope.description === undefined ? undefined : escape(scope.description),
    );
    for (const l of describePermissions(scope.template)) this.line(l.label, escape(l.text));
    return this;
  }

  problems(problems: readonly Problem[]): this {
    if (problems.length === 0) return this;
    this.md.appendMarkdown('\n---\n\n');
    for (const p of problems) this.md.appendMarkdown(`$(${p.severity === 'error' ? 'error' : 'warning'}) ${escape(p.message)}  \n`);
    return this;
  }

  build(): vscode.MarkdownString {
    return this.md;
  }
}

/** Escapes Markdown in text taken from files (names, messages). */
export function escape(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>$]/g, '\\$&');
}
