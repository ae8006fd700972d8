/**
 * Passwords and tokens of connections, kept in VS Code's secret storage (never in settings, never
 * logged). A `nats` context may hold its own secret in its file; that one is read at connect time.
 */
import * as vscode from 'vscode';
import { ConnectionProfile, needsSecret, readContextSecret } from '../../core/cluster';

/** The secret storage key of a connection's password or token. */
export function secretKey(profile: Pick<ConnectionProfile, 'source' | 'name'>): string {
  return `natsWorkbench.connection/${profile.source}/${profile.name}`;
}

export class ConnectionSecrets {
  constructor(private readonly storage: vscode.SecretStorage) {}

  /** A `nats` context's own secret, else the stored one; undefined when none is needed or known. */
  async get(profile: ConnectionProfile): Promise<string | undefined> {
    if (!needsSecret(profile)) return undefined;
    return (await readContextSecret(profile)) ?? (await this.storage.get(secretKey(profile)));
  }

  async store(profile: Pick<ConnectionProfile, 'source' | 'name'>, secret: string): Promise<void> {
    await this.storage.store(secretKey(profile), secret);
  }

  async delete(profile: Pick<ConnectionProfile, 'source' | 'name'>): Promise<void> {
    await this.storage.delete(secretKey(profile));
  }
}
