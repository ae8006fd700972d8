/**
 * Every tree row as the views draw it: names come from files, stores and servers, so the label and
 * the description go through displayLabel (one line, a bidirectional override or a zero-width
 * character shown as `\u202e`, `\u200b`, a 100 KB name cut). The trees' `getTreeItem` pass their
 * nodes' items through here; ids, commands and context values keep the real names.
 */
import * as vscode from 'vscode';
import { displayLabel } from '../core/trust/quote';

export function displayItem(item: vscode.TreeItem): vscode.TreeItem {
  const label = item.label;
  if (typeof label === 'string') item.label = displayLabel(label);
  else if (label) {
    const shown = displayLabel(label.label);
    // Highlights point into the real text: kept only while the text shown is the same.
    item.label = shown === label.label ? label : { label: shown };
  }
  if (typeof item.description === 'string') item.description = displayLabel(item.description);
  return item;
}
