/**
 * Watches the store's folders (operators and keystore) and calls back, debounced, when a file in
 * them changes: nsc or another editor writing to the store refreshes the Operators view. Folders
 * that do not exist yet are watched once a later refresh finds them.
 *
 * Node's recursive watcher is used rather than VS Code's: a store often lies inside the workspace,
 * where VS Code's workspace watcher can miss files written into a folder created a moment before
 * (nsc writes `accounts/<NEW>/<NEW>.jwt` in one go), and it works the same outside the workspace.
 */
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { StoreLocation } from '../../core/trust';

const DEBOUNCE_MS = 150;

export class StoreWatcher implements vscode.Disposable {
  private watchers: vscode.Disposable[] = [];
  private watched = '';
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly onChange: () => void) {}

  /** Watches these folders from now on (no-op when they are already watched). */
  watch(location: StoreLocation | undefined): void {
    const dirs = location ? [location.storesDir, location.keysDir].filter((d) => fs.existsSync(d)) : [];
    const key = dirs.join('\n');
    if (key === this.watched) return;
    this.disposeWatchers();
    this.watched = key;
    for (const dir of dirs) {
      try {
        const watcher = fs.watch(dir, { recursive: true }, () => this.schedule());
        watcher.on('error', () => this.schedule()); // e.g. the folder was deleted: re-read the store
        this.watchers.push({ dispose: () => watcher.close() });
      } catch {
        // Not watchable (permissions, too many watches): the view's Refresh still works.
      }
    }
  }

  private schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.onChange();
    }, DEBOUNCE_MS);
  }

  private disposeWatchers(): void {
    for (const w of this.watchers) w.dispose();
    this.watchers = [];
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.disposeWatchers();
  }
}
