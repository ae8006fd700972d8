/** Shared by the trust extension-host tests: a temporary store, the Operators tree, the log file. */
import * as assert from 'node:assert/strict';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { TrustTestAccess } from '../../../src/commands/trust';
import type { StoreLocation } from '../../../src/core/trust';
import type { TrustNode } from '../../../src/explorer/operators/node';
import { activateExtension, eventually, workspaceRoot } from './helpers';

export const STORE_SETTING = 'natsWorkbench.store.root';

/** Seed-shaped strings (S + key type + 56 base32 characters). */
export const SEED_PATTERN = /S[OACNPUX][A-Z2-7]{56}/;

/** Runs the command `natsWorkbench.<command>` with an argument object, as a keybinding or another extension would. */
export const runNatsCommand = <T>(command: string, args?: unknown): Thenable<T | undefined> => vscode.commands.executeCommand<T | undefined>(`natsWorkbench.${command}`, args);

export async function trustAccess(): Promise<TrustTestAccess> {
  await activateExtension();
  const access = await vscode.commands.executeCommand<TrustTestAccess>('natsWorkbench._test.trust');
  assert.ok(access?.tree, 'natsWorkbench._test.trust returns the Operators tree');
  return access;
}

export interface TempStore {
  /** `<workspace>/.nwb-trust-<random>`: deleted by remove(). */
  dir: string;
  /** The setting value, written with `${workspaceFolder}`. */
  setting: string;
  store: StoreLocation;
  /** A folder for credentials and configs written by the commands. */
  out: string;
  remove(): Promise<void>;
}

/**
 * Points natsWorkbench.store.root (user settings of the isolated test profile) at a fresh folder
 * inside the workspace, so concurrent runs never share a store.
 */
export async function useTempStore(): Promise<TempStore> {
  const name = `.nwb-trust-${crypto.randomBytes(4).toString('hex')}`;
  const dir = path.join(workspaceRoot(), name);
  const out = path.join(dir, 'out');
  fs.mkdirSync(out, { recursive: true });
  const setting = `\${workspaceFolder}/${name}/store`;
  const config = vscode.workspace.getConfiguration();
  await config.update(STORE_SETTING, setting, vscode.ConfigurationTarget.Global);
  const root = path.join(dir, 'store');
  return {
    dir,
    setting,
    store: { storesDir: path.join(root, 'stores'), keysDir: path.join(root, 'keys') },
    out,
    async remove() {
      await vscode.workspace.getConfiguration().update(STORE_SETTING, undefined, vscode.ConfigurationTarget.Global);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface ShownNode {
  node: TrustNode;
  item: vscode.TreeItem;
  label: string;
}

function labelOf(item: vscode.TreeItem): string {
  return typeof item.label === 'string' ? item.label : (item.label?.label ?? '');
}

/** The children of a node (or the roots) with their tree items, as the view gets them. */
export async function shown(access: TrustTestAccess, parent?: TrustNode): Promise<ShownNode[]> {
  const nodes = await access.tree.getChildren(parent);
  return nodes.map((node) => {
    const item = access.tree.getTreeItem(node) as vscode.TreeItem;
    return { node, item, label: labelOf(item) };
  });
}

/** Walks the tree by labels, e.g. ['ACME', 'APP', 'alice']. */
export async function nodeAt(access: TrustTestAccess, labels: string[]): Promise<ShownNode> {
  let parent: TrustNode | undefined;
  let found: ShownNode | undefined;
  for (const label of labels) {
    const children = await shown(access, parent);
    found = children.find((c) => c.label === label);
    assert.ok(found, `no node '${label}' under ${parent ? 'its parent' : 'the root'}: ${children.map((c) => c.label).join(', ')}`);
    parent = found.node;
  }
  assert.ok(found);
  return found;
}

export function tooltipText(item: vscode.TreeItem): string {
  const t = item.tooltip;
  return typeof t === 'string' ? t : (t?.value ?? '');
}

export function iconId(item: vscode.TreeItem): string | undefined {
  return item.iconPath instanceof vscode.ThemeIcon ? item.iconPath.id : undefined;
}

/** The files below `dir` whose names end with `suffix`. */
function filesUnder(dir: string, suffix: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return filesUnder(full, suffix);
    return e.name.endsWith(suffix) ? [full] : [];
  });
}

/** Everything the extension's log channel wrote to its log file(s) so far. */
export function logText(access: TrustTestAccess): string {
  return filesUnder(access.logDir, '.log')
    .map((f) => fs.readFileSync(f, 'utf8'))
    .join('\n');
}

/** Waits until the log file holds `expected` (the log channel writes with a short delay). */
export function logContaining(access: TrustTestAccess, expected: string | RegExp): Promise<string> {
  return eventually(`the log to contain ${String(expected)}`, () => {
    const text = logText(access);
    return (typeof expected === 'string' ? text.includes(expected) : expected.test(text)) ? text : undefined;
  });
}

/** Every seed in a keystore (the .nk files). */
export function seedsOf(store: StoreLocation): string[] {
  return filesUnder(store.keysDir, '.nk').map((f) => fs.readFileSync(f, 'utf8').trim());
}

export function assertNoSeed(text: string, seeds: string[], where: string): void {
  for (const seed of seeds) assert.ok(!text.includes(seed), `a seed of the keystore appears in ${where}`);
  assert.ok(!SEED_PATTERN.test(text), `a seed-shaped string appears in ${where}`);
}

export function mode(file: string): number {
  return fs.statSync(file).mode & 0o777;
}

/** Closes the editors and notifications the trust tests opened, for the suites that follow. */
export async function leaveWorkbenchClean(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  await vscode.commands.executeCommand('notifications.clearAll');
}

