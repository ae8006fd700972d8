/**
 * SARIF 2.1.0 output (for code-scanning dashboards), shared by `lint` (findings in files) and
 * `audit` (findings on a server's streams and consumers, named by logical locations).
 */
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Range, RuleInfo, Severity } from '../core/streams';

/** Where a result is: a region of a file, or a named thing (`ORDERS/worker`) with its kind. */
export type SarifLocation = { file: string; range: Range } | { logical: string; kind: string };

export interface SarifResult {
  rule: string;
  severity: Severity;
  message: string;
  location: SarifLocation;
}

function markdownToText(markdown: string): string {
  return markdown.replace(/\*\*|`/g, '');
}

/**
 * A result's plain-text message: SARIF reads `[text](id)` in it as an embedded link (§3.11.6), so
 * literal square brackets (a stream name from a server may hold them) are escaped with a backslash.
 */
function messageText(text: string): string {
  return text.replace(/[[\]]/g, '\\$&');
}

function level(s: Severity): string {
  return s === 'info' ? 'note' : s;
}

function location(at: SarifLocation): Record<string, unknown> {
  if ('logical' in at) return { logicalLocations: [{ fullyQualifiedName: at.logical, kind: at.kind }] };
  const relative = !path.isAbsolute(at.file);
  return {
    physicalLocation: {
      artifactLocation: relative ? { uri: at.file.split(path.sep).map(encodeURIComponent).join('/'), uriBaseId: 'SRCROOT' } : { uri: pathToFileURL(at.file).href },
      region: {
        startLine: at.range.start.line + 1,
        startColumn: at.range.start.character + 1,
        endLine: at.range.end.line + 1,
        endColumn: at.range.end.character + 1,
      },
    },
  };
}

/** The SARIF log of one run: every rule of `rules`, then the results (relative files resolve against `cwd`). */
export function sarifLog(rules: readonly RuleInfo[], results: readonly SarifResult[], cwd: string): string {
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'nats-workbench',
            rules: rules.map((r) => ({
              id: r.id,
              name: r.title,
              shortDescription: { text: r.title },
              fullDescription: { text: markdownToText(r.explanation) },
              help: { text: markdownToText(r.explanation), markdown: r.explanation },
              defaultConfiguration: { level: level(r.severity) },
              properties: { scope: r.scope },
            })),
          },
        },
        columnKind: 'utf16CodeUnits',
        originalUriBaseIds: { SRCROOT: { uri: pathToFileURL(cwd + path.sep).href } },
        results: results.map((f) => ({
          ruleId: f.rule,
          ruleIndex: rules.findIndex((r) => r.id === f.rule),
          level: level(f.severity),
          message: { text: messageText(f.message) },
          locations: [location(f.location)],
        })),
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
}
