/**
 * Watches the store's folders (operators and keystore) and calls back, debounced, when a file in
 * them changes: nsc or another editor writing to the store refreshes the Operators view. Folders
 * that do not exist yet are watched once a later refresh finds them.
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
      const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(dir), '**'));
      const fire = (): void => this.schedule();
      this.watchers.push(watcher, watcher.onDidCreate(fire), watcher.onDidChange(fire), watcher.onDidDelete(fire));
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
