/**
 * Hovers on the fields of a stream configuration (`num_replicas`, `storage`, `retention`,
 * `placement`, `mirror`, `sources`, `max_age`, `duplicate_window`, the limits, …): what the value
 * means for this stream, durations and sizes made readable. The texts are the core's.
 */
import * as vscode from 'vscode';
import { hoverAt } from '../core/streams';
import { toRange } from './convert';
import { StreamAnalysisService } from './streamAnalysisService';

export class StreamHoverProvider implements vscode.HoverProvider {
  constructor(private readonly analysis: StreamAnalysisService) {}

  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const analysis = this.analysis.analysisFor(document);
    if (!analysis) return undefined;
    const hover = hoverAt(analysis.document, document.offsetAt(position), this.analysis.workspaceIndexFor(document));
    if (!hover) return undefined;
    const markdown = new vscode.MarkdownString(hover.markdown);
    const range = toRange(hover.range);
    // The core's range is the key; on the value, let VS Code use the word under the pointer.
    return range.contains(position) ? new vscode.Hover(markdown, range) : new vscode.Hover(markdown);
  }
}
