/**
 * Passwords and tokens of connections, kept in VS Code's secret storage (never in settings, never
 * logged). A `nats` context holds (or references) its own secrets in its file; those are resolved
 * at connect time and never asked for.
 */
import * as vscode from 'vscode';
import { ConnectionProfile, needsSecret } from '../../core/cluster';

/** The secret storage key of a connection's password or token. */
export function secretKey(profile: Pick<ConnectionProfile, 'source' | 'name'>): string {
  return `natsWorkbench.connection/${profile.source}/${profile.name}`;
}

export class ConnectionSecrets {
  constructor(private readonly storage: vscode.SecretStorage) {}

  /** The stored secret; undefined when none is needed or known. */
  async get(profile: ConnectionProfile): Promise<string | undefined> {
    if (!needsSecret(profile)) return undefined;
    return this.storage.get(secretKey(profile));
  }

  async store(profile: Pick<ConnectionProfile, 'source' | 'name'>, secret: string): Promise<void> {
    await this.storage.store(secretKey(profile), secret);
  }

  async delete(profile: Pick<ConnectionProfile, 'source' | 'name'>): Promise<void> {
    await this.storage.delete(secretKey(profile));
  }
}
