/** Helpers shared by the extension-host tests. */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../../src/extension';
import { waitFor } from '../../support/natsServer';
import { TEST_NATS_ENV, UI_DRIVER_ENV } from './env';

export const EXTENSION_ID = 'nats-workbench.nats-workbench';

export async function activateExtension(): Promise<ExtensionApi> {
  const ext = vscode.extensions.getExtension<ExtensionApi>(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is not installed in this host`);
  return ext.activate();
}

export function workspaceRoot(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the test workspace is not open');
  return folder.uri.fsPath;
}

export function workspaceFile(...parts: string[]): vscode.Uri {
  return vscode.Uri.file(path.join(workspaceRoot(), ...parts));
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Polls `probe` every 100 ms until it returns a value that is not undefined. */
export function eventually<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  return waitFor(what, timeoutMs, probe, 100);
}

/** The NATS servers the launcher started, if any. */
export function testNats(): { url: string; monitor?: string; kind: string } | undefined {
  const url = process.env[TEST_NATS_ENV.url];
  if (!url) return undefined;
  return { url, monitor: process.env[TEST_NATS_ENV.monitor], kind: process.env[TEST_NATS_ENV.kind] ?? 'server' };
}

let currentTest: string | undefined;

/** Set by the suite's root hook (index.ts): the test running now, named beside its gallery screenshots. */
export function setCurrentTest(title: string | undefined): void {
  currentTest = title;
}

/** The UI driver of the browser launcher; undefined under launchers without one (e.g. desktop). */
export function uiDriver(): UiDriver | undefined {
  const base = process.env[UI_DRIVER_ENV];
  return base ? new UiDriver(base) : undefined;
}

export class UiDriver {
  constructor(private readonly base: string) {}

  private async call<T>(what: string, params: Record<string, string>): Promise<T> {
    const url = `${this.base}/${what}?${new URLSearchParams(params).toString()}`;
    const res = await fetch(url);
    const body = (await res.json()) as T & { error?: string };
    if (!res.ok) throw new Error(`UI driver ${what} failed: ${body.error ?? res.status}`);
    return body;
  }

  /** Saves a PNG of the whole workbench under the test output folder; returns its path. */
  async screenshot(name: string): Promise<string> {
    return (await this.call<{ file: string }>('screenshot', { name })).file;
  }

  /**
   * Saves a screenshot of the whole workbench into the gallery (test-output/gallery/, with an index
   * page): `name` starts with its section (view-, page-, wizard-, editor-, error-), `caption` says
   * what it shows. `notifications`: open the notification centre for it (the test workbench shows
   * no toasts), and close it after. `settleMs` (default 300): time for the workbench to render.
   */
  async gallery(name: string, caption: string, options: { notifications?: boolean; settleMs?: number } = {}): Promise<string> {
    if (options.notifications) await vscode.commands.executeCommand('notifications.showList');
    await sleep(options.settleMs ?? 300);
    try {
      return (await this.call<{ file: string }>('screenshot', { name, caption, test: currentTest ?? '', gallery: '1' })).file;
    } finally {
      if (options.notifications) await vscode.commands.executeCommand('notifications.hideList');
    }
  }

  /** The rendered inner texts of every element matching a CSS selector. */
  async texts(selector: string): Promise<string[]> {
    return (await this.call<{ texts: string[] }>('texts', { selector })).texts;
  }

  async click(selector: string): Promise<void> {
    await this.call('click', { selector });
  }

  /** Clicks the first element matching a CSS selector inside a webview's document. */
  async webviewClick(selector: string): Promise<void> {
    await this.call('webview-click', { selector });
  }

  async press(key: string): Promise<void> {
    await this.call('press', { key });
  }

  /** Kills (SIGKILL) or starts again node `index` of the runner's cluster; returns its name. */
  async natsNode(index: number, action: 'kill' | 'start'): Promise<string> {
    return (await this.call<{ name: string }>('nats-node', { index: String(index), action })).name;
  }
}

/** Waits for the quick input to show `shows` (a prompt, a title or an item), types `text` and presses Enter. */
export async function answer(ui: UiDriver, shows: string, text: string): Promise<void> {
  await quickInputShowing(ui, shows);
  // Keys go where the focus is: on a loaded machine the box can show before it has the focus, and
  // the keys then reach the tree or the editor behind it.
  await eventually('the quick input to have the keyboard focus', async () => ((await ui.texts('.quick-input-widget input:focus')).length > 0 ? true : undefined));
  for (const ch of text) await ui.press(ch === ' ' ? 'Space' : ch);
  await ui.press('Enter');
}

/** Waits until the quick input shows `shows` (as text or as the question in its box); resolves with everything it shows. */
export function quickInputShowing(ui: UiDriver, shows: string): Promise<string> {
  let last = '';
  return eventually(`the quick input showing "${shows}"`, async () => {
    last = (await ui.texts('.quick-input-widget')).join('\n');
    // A quick pick's question is the placeholder of its filter box: an attribute, not text.
    const asked = (await ui.texts(`.quick-input-widget input[placeholder*=${JSON.stringify(shows)}]`)).length > 0;
    return last.includes(shows) || asked ? last : undefined;
  }).catch((e: Error) => {
    throw new Error(`${e.message}; it shows: ${last}`);
  });
}
