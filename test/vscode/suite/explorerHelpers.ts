/** Helpers of the explorer and cluster tests: the extension's views and connections, real streams. */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { JetStreamManager, NatsConnection, connect } from 'nats';
import * as vscode from 'vscode';
import type { ExplorerApi } from '../../../src/explorer';
import type { ConnectionsNode } from '../../../src/explorer/connections/node';
import { activateExtension, eventually, testNats, workspaceRoot } from './helpers';

export interface Result {
  ok: boolean;
  cancelled?: boolean;
  error?: { kind: string; message: string; errCode?: number; field?: string };
  [key: string]: unknown;
}

/** Runs one of the extension's commands and returns its result object. */
export async function run(command: string, arg?: unknown): Promise<Result> {
  return (await vscode.commands.executeCommand<Result>(command, arg)) as Result;
}

export async function explorer(): Promise<ExplorerApi> {
  const api = await activateExtension();
  assert.ok(api.services.explorer, 'the explorer is registered on the services');
  return api.services.explorer;
}

/** The runner's cluster, the explorer, and a plain `nats` client on the cluster to set up streams. */
export interface TestCluster {
  url: string;
  monitor?: string;
  ex: ExplorerApi;
  nc: NatsConnection;
  jsm: JetStreamManager;
}

/** Undefined when the runner started no NATS servers. Close `nc` after. */
export async function openTestCluster(): Promise<TestCluster | undefined> {
  const nats = testNats();
  if (!nats) return undefined;
  const ex = await explorer();
  const nc = await connect({ servers: nats.url.split(',') });
  // 20 s per JetStream request, not 5: on a loaded CI machine a cluster's first stream create
  // once took longer (a TIMEOUT in a suite's set-up).
  return { url: nats.url, monitor: nats.monitor, ex, nc, jsm: await nc.jetstreamManager({ timeout: 20_000 }) };
}

/** Label and description of a node, as the tree shows them. */
export function look(node: ConnectionsNode | { treeItem(): vscode.TreeItem }): { label: string; description: string; icon: string; context: string } {
  const item = node.treeItem();
  const label = typeof item.label === 'string' ? item.label : (item.label?.label ?? '');
  const icon = item.iconPath instanceof vscode.ThemeIcon ? item.iconPath.id : '';
  return { label, description: typeof item.description === 'string' ? item.description : '', icon, context: item.contextValue ?? '' };
}

/** The root node of the connection named `name`. */
export async function connectionNode(ex: ExplorerApi, name: string): Promise<ConnectionsNode> {
  const roots = await ex.connectionsTree.getChildren();
  const node = roots.find((n) => look(n).label === name);
  assert.ok(node, `connection ${name} among ${roots.map((n) => look(n).label).join(', ')}`);
  return node;
}

/** The children of the connection `name`, once they include every label in `labels`. */
export async function connectionChildrenWith(ex: ExplorerApi, name: string, labels: string[], timeoutMs = 20_000): Promise<ConnectionsNode[]> {
  let seen: string[] = [];
  return eventually(
    `${labels.join(', ')} under ${name}`,
    async () => {
      const children = await ex.connectionsTree.getChildren(await connectionNode(ex, name));
      seen = children.map((c) => `${look(c).label} (${look(c).description})`);
      const have = new Set(children.map((c) => look(c).label));
      return labels.every((l) => have.has(l)) ? children : undefined;
    },
    timeoutMs,
  ).catch((e: Error) => Promise.reject(new Error(`${e.message}; it shows: ${seen.join(' | ')}`)));
}

/**
 * A scratch folder inside the test workspace, created when a test first asks for a file in it (so
 * suites filtered out or skipped leave nothing behind) and removed by the returned function.
 */
export function scratchFolder(name: string): { dir: string; uri: (file: string) => vscode.Uri; remove: () => void } {
  const dir = path.join(workspaceRoot(), `.scratch-${name}-${process.pid}`);
  const uri = (file: string): vscode.Uri => {
    fs.mkdirSync(dir, { recursive: true });
    return vscode.Uri.file(path.join(dir, file));
  };
  return { dir, uri, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** Diagnostics of `uri` whose rule (code) or server error code is `code`. */
export function diagnosticsWith(uri: vscode.Uri, code: string | number): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => {
    const value = typeof d.code === 'object' && d.code !== null ? d.code.value : d.code;
    return value === code;
  });
}

/** Writes a file on disk and waits until VS Code's document of it (if loaded) shows the new text. */
export async function writeFile(uri: vscode.Uri, text: string): Promise<void> {
  fs.writeFileSync(uri.fsPath, text);
  await synced(uri);
}

/** Waits until VS Code's document of a file (if loaded) shows the text on disk. */
export async function synced(uri: vscode.Uri): Promise<void> {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  const text = fs.readFileSync(uri.fsPath, 'utf8');
  if (open) await eventually(`${path.basename(uri.fsPath)} to reload`, () => (open.getText() === text ? true : undefined));
}

/** Opens a file in an editor (diagnostics are shown for files in editor tabs). */
export async function show(uri: vscode.Uri): Promise<vscode.TextEditor> {
  return vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: false });
}
