/** The trust settings as the running editor sees them. */
import * as vscode from 'vscode';
import { StoreLocation } from '../../core/trust';
import { NscDefaults, nscDefaultsFrom, STORE_ROOT_SETTING, storeLocationFrom } from './storeLocation';

export const EXPIRY_WARNING_SETTING = 'natsWorkbench.expiryWarningDays';

/** The configured store (throws a TrustError when the setting cannot be used). */
export function currentStore(): StoreLocation {
  const value = vscode.workspace.getConfiguration().get<string>(STORE_ROOT_SETTING, '');
  return storeLocationFrom(value, { workspaceFolders: (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath) });
}

/** nsc's default operator and account, when the store is nsc's own (the setting is empty). */
export function currentNscDefaults(): NscDefaults {
  return nscDefaultsFrom(vscode.workspace.getConfiguration().get<string>(STORE_ROOT_SETTING, ''), { workspaceFolders: [] });
}

/** Days ahead in which an expiry is worth a warning (default 30). */
export function expiryWarningDays(): number {
  const days = vscode.workspace.getConfiguration().get<number>(EXPIRY_WARNING_SETTING, 30);
  return typeof days === 'number' && Number.isFinite(days) && days >= 0 ? days : 30;
}

/** Whether a configuration change concerns the trust settings. */
export function affectsTrust(e: vscode.ConfigurationChangeEvent): boolean {
  return e.affectsConfiguration(STORE_ROOT_SETTING) || e.affectsConfiguration(EXPIRY_WARNING_SETTING);
}
