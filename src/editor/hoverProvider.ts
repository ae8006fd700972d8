/**
 * Hovers on the fields of a stream configuration (`num_replicas`, `storage`, `retention`,
 * `placement`, `mirror`, `sources`, `max_age`, `duplicate_window`, the limits, …): what the value
 * means for this stream, durations and sizes made readable. The texts are the core's.
 */
import * as vscode from 'vscode';
import { hoverAt } from '../core/streams';
import { toRange } from './convert';
import { DEFAULT_FILE_PATTERNS, GlobSet } from './filePatterns';
import { StreamAnalysisService } from './streamAnalysisService';

/** The files the contributed JSON schema applies to (package.json `jsonValidation`). */
const SCHEMA_FILES = new GlobSet(DEFAULT_FILE_PATTERNS);

/** True when VS Code's JSON language server hovers the schema's descriptions on this document. */
function schemaHovered(document: vscode.TextDocument): boolean {
  return document.uri.scheme === 'file' && SCHEMA_FILES.matches(document.uri.fsPath) && vscode.extensions.getExtension('vscode.json-language-features') !== undefined;
}

export class StreamHoverProvider implements vscode.HoverProvider {
  constructor(private readonly analysis: StreamAnalysisService) {}

  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const analysis = this.analysis.analysisFor(document);
    if (!analysis) return undefined;
    const hover = hoverAt(analysis.document, document.offsetAt(position), analysis.workspace, { description: !schemaHovered(document) });
    if (!hover) return undefined;
    const markdown = new vscode.MarkdownString(hover.markdown);
    const range = toRange(hover.range);
    // The core's range is the key; on the value, let VS Code use the word under the pointer.
    return range.contains(position) ? new vscode.Hover(markdown, range) : new vscode.Hover(markdown);
  }
}
