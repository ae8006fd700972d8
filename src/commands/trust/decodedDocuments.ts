/**
 * Read-only pages `nats-jwt:/<name> (decoded JWT).md?<source>` showing a JWT (or the JWT of a
 * .creds file) with its claims, their meaning and its validity, each in its own page panel
 * (pagePanel.ts). The page is built from the file each time it is shown, so it follows the store;
 * a seed is never part of it.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { decodeJwt, formatDecodedJwt, redactSeeds } from '../../core/trust';
import { readText } from '../../core/trust/files';
import { md, mdCode } from '../../core/markdown';

export const DECODED_SCHEME = 'nats-jwt';

export interface DecodedSource {
  /** The .jwt or .creds file. */
  file: string;
  /** The JWT file of whoever must have signed it (operator for an account, account for a user). */
  issuer?: string;
}

export class DecodedJwtDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.emitter.event;
  /** Every page built so far: shown as text, in a panel, or no longer shown at all. */
  private readonly served = new Map<string, vscode.Uri>();

  static uri(title: string, source: DecodedSource): vscode.Uri {
    return vscode.Uri.from({ scheme: DECODED_SCHEME, path: `/${title} (decoded JWT).md`, query: JSON.stringify(source) });
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    this.served.set(uri.toString(), uri);
    let source: DecodedSource;
    try {
      source = JSON.parse(uri.query) as DecodedSource;
    } catch {
      return '# JWT\n\nThis document does not say which file to decode.\n';
    }
    const read = readText(source.file);
    if (read.text === undefined) return `# JWT\n\n${md(read.error ?? `${source.file} does not exist`)}.\n`;
    const issuer = source.issuer ? readText(source.issuer).text : undefined;
    const decoded = decodeJwt(read.text, issuer ? { issuer } : {});
    const origin = `Source: ${mdCode(source.file)}${source.issuer ? `, issuer checked against ${mdCode(path.basename(source.issuer))}` : ''}`;
    return redactSeeds(`${formatDecodedJwt(decoded)}\n${origin}\n`);
  }

  /** Rebuilds every decoded page still shown (after the store changed). */
  refreshAll(): void {
    for (const uri of this.served.values()) this.emitter.fire(uri);
  }

  dispose(): void {
    this.emitter.dispose();
  }
}
