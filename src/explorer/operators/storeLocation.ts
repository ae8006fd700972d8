/**
 * Which store the Operators view and the trust commands use, from the setting
 * `natsWorkbench.store.root`: empty = nsc's own locations; otherwise one folder holding `stores/`
 * and `keys/`. No `vscode` import, so it runs in plain Node tests.
 */
import * as os from 'node:os';
import * as path from 'node:path';
import { nscDefaultLocation, nscEnvironment, StoreLocation, storeAt, TrustError } from '../../core/trust';

export const STORE_ROOT_SETTING = 'natsWorkbench.store.root';

export interface StoreSettingContext {
  /** Paths of the open workspace folders, the first one is `${workspaceFolder}`. */
  workspaceFolders: readonly string[];
  home?: string;
  /** Environment for nsc's default locations (default process.env). */
  env?: Record<string, string | undefined>;
}

/**
 * The store a setting value designates. Supports `${workspaceFolder}`, `${userHome}` and `~`;
 * a relative path is relative to the first workspace folder. Throws a TrustError naming the
 * setting when the value cannot be used.
 */
export function storeLocationFrom(setting: unknown, ctx: StoreSettingContext): StoreLocation {
  const home = ctx.home ?? os.homedir();
  const raw = typeof setting === 'string' ? setting.trim() : '';
  if (raw === '') return nscDefaultLocation({ env: ctx.env, home: ctx.home });
  const folder = ctx.workspaceFolders[0];
  const needsFolder = (): string => {
    if (folder === undefined) throw new TrustError('invalid-argument', `the setting ${STORE_ROOT_SETTING} ('${raw}') needs an open workspace folder`);
    return folder;
  };
  let value = raw.replace(/\$\{userHome\}/g, () => home).replace(/\$\{workspaceFolder\}/g, needsFolder);
  if (/\$\{[^}]*\}/.test(value)) throw new TrustError('invalid-argument', `the setting ${STORE_ROOT_SETTING} ('${raw}') uses an unknown variable; supported: \${workspaceFolder}, \${userHome}`);
  if (value === '~' || value.startsWith('~/')) value = path.join(home, value.slice(1));
  return storeAt(path.isAbsolute(value) ? value : path.join(needsFolder(), value));
}

/** nsc's default operator and account (see nscEnvironment), when the setting designates nsc's own store. */
export interface NscDefaults {
  operator?: string;
  account?: string;
}

export function nscDefaultsFrom(setting: unknown, ctx: StoreSettingContext): NscDefaults {
  if (typeof setting === 'string' && setting.trim() !== '') return {};
  try {
    const nsc = nscEnvironment({ env: ctx.env, home: ctx.home });
    return { operator: nsc.operator, account: nsc.account };
  } catch {
    return {};
  }
}

/** Quick-pick items with nsc's default first and marked, so that Enter takes it. */
export function defaultFirst<T extends { label: string; description?: string }>(items: T[], isDefault: (item: T) => boolean): T[] {
  const index = items.findIndex(isDefault);
  if (index < 0) return items;
  const item = items[index];
  const marked = { ...item, description: [item.description, 'nsc default'].filter(Boolean).join(' · ') };
  return [marked, ...items.slice(0, index), ...items.slice(index + 1)];
}
