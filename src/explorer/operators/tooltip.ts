/** Markdown tooltips, descriptions and icons shared by the Operators tree nodes. */
import * as vscode from 'vscode';
import { describePermissions } from '../../core/trust';
import type { KeyInfo, Problem, SigningKeyScope } from '../../core/trust';
import { NodeOptions } from './node';
import { expiryText, plural } from '../../core/plural';
import { md, mdCode } from '../markdown';

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

/** `1 problem`, `2 problems` for a node's description (what they are is in its tooltip); undefined without any. */
export function problemsText(problems: readonly Problem[]): string | undefined {
  return problems.length ? plural(problems.length, 'problem') : undefined;
}

/** A value as code, unless it holds `$(`: this tooltip draws theme icons, also inside code, so then as escaped text. */
function asCode(value: string): string {
  return value.includes('$(') ? md(value) : mdCode(value);
}

/**
 * A tooltip under construction: a title, then `label: value` lines, then the problems. Names,
 * subjects, keys, paths and messages come from the store's files (a cloned repository, an
 * imported store): every value is escaped here (md, mdCode), so none can add a link, an image, a
 * theme icon or a line of its own.
 */
export class Tooltip {
  private readonly md = new vscode.MarkdownString('', true);

  constructor(title: string) {
    this.md.supportThemeIcons = true;
    this.md.appendMarkdown(`**${md(title)}**\n\n`);
  }

  /** A line whose value is text, shown as written. */
  line(label: string, value: string | undefined): this {
    return value !== undefined && value !== '' ? this.markdown(label, md(value)) : this;
  }

  /** A line whose value is shown as code. */
  code(label: string, value: string | undefined): this {
    return this.codes(label, value === undefined ? [] : [value]);
  }

  /** A line whose values are shown as code, separated by commas. */
  codes(label: string, values: readonly string[], before = ''): this {
    return values.length ? this.markdown(label, `${before ? `${md(before)} ` : ''}${values.map(asCode).join(', ')}`) : this;
  }

  private markdown(label: string, value: string): this {
    this.md.appendMarkdown(`${md(label)}: ${value}  \n`);
    return this;
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
    const role = `'${scope.role}'`;
    this.line('Role', of === 'key' ? `${role}: users signed with this key carry no permissions of their own; this template applies` : `${role} of the signing key: its template gives this user's permissions`).line(
      'Description',
      scope.description,
    );
    for (const l of describePermissions(scope.template)) this.line(l.label, l.text);
    return this;
  }

  problems(problems: readonly Problem[]): this {
    if (problems.length === 0) return this;
    this.md.appendMarkdown('\n---\n\n');
    for (const p of problems) this.md.appendMarkdown(`$(${p.severity === 'error' ? 'error' : 'warning'}) ${md(p.message)}  \n`);
    return this;
  }

  build(): vscode.MarkdownString {
    return this.md;
  }
}
