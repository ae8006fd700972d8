/**
 * The Getting Started walkthrough (package.json `contributes.walkthroughs`): the example stream
 * config its first step opens, and the context keys that complete its steps when the real action
 * succeeds (`onContext:` completion events).
 */
import * as vscode from 'vscode';
import type { Services } from '../services';

/** Context keys a walkthrough step waits for. */
export const WALKTHROUGH_KEYS = {
  /** Generate User Credentials wrote a .creds file. */
  credsWritten: 'natsWorkbench.walkthrough.credsWritten',
  /** Lint Stream Configs ran while a connection's servers were known to the live rules. */
  liveChecked: 'natsWorkbench.walkthrough.liveChecked',
  /** An audit of a connection finished (Audit Connection, or Refresh Audit on the Audit node). */
  audited: 'natsWorkbench.walkthrough.audited',
} as const;

/**
 * Marks a walkthrough step's action as done (VS Code remembers a completed step). The workbench
 * checks the step off when the key changes while its walkthrough service exists (it is created when
 * a walkthrough is first shown); a key already set when it is created does not check the step off.
 */
export function walkthroughDone(key: (typeof WALKTHROUGH_KEYS)[keyof typeof WALKTHROUGH_KEYS]): void {
  void vscode.commands.executeCommand('setContext', key, true);
}

export const OPEN_EXAMPLE_COMMAND = 'natsWorkbench.openExampleStreamConfig';

/** A stream config with something to show: lenses, an even replica count to fix, no size limit. */
export const EXAMPLE_STREAM_CONFIG = `// An example stream config (not saved). Above the stream: what it survives and keeps.
// Underlined: what to fix. Hover a finding for its explanation, Ctrl+. for a quick fix.
{
  "name": "ORDERS",
  "subjects": ["orders.>"],
  "storage": "file",
  "num_replicas": 2,
  "max_age": 2592000000000000,
  "duplicate_window": 120000000000
}
`;

export function registerWalkthrough(services: Services): void {
  services.context.subscriptions.push(
    vscode.commands.registerCommand(OPEN_EXAMPLE_COMMAND, async () => {
      const doc = await vscode.workspace.openTextDocument({ language: 'jsonc', content: EXAMPLE_STREAM_CONFIG });
      await vscode.window.showTextDocument(doc);
      return doc.uri;
    }),
  );
}
