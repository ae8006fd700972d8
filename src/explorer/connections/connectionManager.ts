/**
 * The connections of the editor: the profiles (from the settings and the `nats` CLI's contexts)
 * and the one active connection, with its state (connecting, connected, reconnecting,
 * disconnected, closed) and the topology it can see. Every view and command reads it; it fires
 * `onDidChange` on any change. Opening the first connection is what loads the nats client.
 */
import * as vscode from 'vscode';
import {
  ClusterError,
  ClusterTopology,
  Connection,
  ConnectionProfile,
  Failure,
  ProfileProblem,
  StatusEvent,
  describeFailure,
  describeProfile,
  isNatsLoaded,
  readNatsContexts,
  readTopology,
} from '../../core/cluster';
import type { Services } from '../../services';
import { affectsConnections, includeNatsContexts, settingsProfiles } from './connectionSettings';
import { ConnectionSecrets } from './secrets';
import { plural } from '../../core/plural';
import * as notify from '../../notifications';

declare module '../../services' {
  interface Services {
    /** The connections and the active one; get it with `connectionManager(services)`. */
    connections?: ConnectionManager;
  }
}

/** The shared manager of this extension instance, created on first use. */
export function connectionManager(services: Services): ConnectionManager {
  if (!services.connections) {
    const manager = new ConnectionManager(services.log, new ConnectionSecrets(services.context.secrets));
    services.context.subscriptions.push(manager);
    services.connections = manager;
  }
  return services.connections;
}

export type LinkState = 'connecting' | 'connected' | 'reconnecting' | 'disconnected' | 'closed';

export interface ActiveConnection {
  /** `settings:<name>` or `nats-context:<name>`. */
  readonly id: string;
  readonly profile: ConnectionProfile;
  state: LinkState;
  /** Date.now() of the last state change. */
  since: number;
  /** Set once open. */
  connection?: Connection;
  /** The server it is attached to (changes on reconnect). */
  server?: string;
  /** Why it closed for good. */
  failure?: Failure;
  /** What the connection can see of the servers, once read. */
  topology?: ClusterTopology;
  /** Why the topology could not be read. */
  topologyFailure?: Failure;
}

export interface ProfileList {
  profiles: ConnectionProfile[];
  /** Problems not tied to one profile (an unreadable contexts folder…). */
  problems: ProfileProblem[];
}

export type ConnectionChange =
  | { kind: 'profiles' }
  /** The active connection appeared, changed state or went away. */
  | { kind: 'state'; id: string; state: LinkState | 'none' }
  /** The active connection's topology was read (again). */
  | { kind: 'topology'; id: string };

export function profileId(profile: Pick<ConnectionProfile, 'source' | 'name'>): string {
  return `${profile.source}:${profile.name}`;
}

export interface ConnectOptions {
  /** Password or token, when the profile needs one. */
  secret?: string;
  signal?: AbortSignal;
}

export class ConnectionManager implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ConnectionChange>();
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [this.changed];
  private list: Promise<ProfileList> | undefined;
  private current: ActiveConnection | undefined;
  private opening: AbortController | undefined;
  private topologyRun = 0;
  /** Whether the nats client was loaded when the extension activated (it should not be: it loads on the first connection). */
  readonly natsLoadedAtActivation = isNatsLoaded();

  constructor(
    private readonly log: vscode.LogOutputChannel,
    readonly secrets: ConnectionSecrets,
  ) {
    this.disposables.push(vscode.workspace.onDidChangeConfiguration((e) => affectsConnections(e) && this.reloadProfiles()));
  }

  dispose(): void {
    this.opening?.abort();
    void this.current?.connection?.close();
    this.current = undefined;
    for (const d of this.disposables) d.dispose();
  }

  /** Whether the nats client is loaded (by the first connection opened). */
  get natsLoaded(): boolean {
    return isNatsLoaded();
  }

  /** The active connection (one at a time), whatever its state. */
  get active(): ActiveConnection | undefined {
    return this.current;
  }

  /** The profiles: settings first, then the `nats` contexts when included. Cached until they change. */
  profiles(): Promise<ProfileList> {
    this.list ??= this.readProfiles();
    return this.list;
  }

  /** Reads the settings and contexts again. */
  reloadProfiles(): void {
    this.list = undefined;
    this.changed.fire({ kind: 'profiles' });
  }

  /** The profile named `name` (a settings connection before a context of the same name). */
  async find(name: string, source?: ConnectionProfile['source']): Promise<ConnectionProfile | undefined> {
    const { profiles } = await this.profiles();
    return profiles.find((p) => p.name === name && (source === undefined || p.source === source));
  }

  private async readProfiles(): Promise<ProfileList> {
    const profiles = settingsProfiles();
    const problems: ProfileProblem[] = [];
    if (includeNatsContexts()) {
      try {
        const contexts = await readNatsContexts();
        profiles.push(...contexts.profiles);
        problems.push(...contexts.problems);
      } catch (e) {
        problems.push({ severity: 'error', message: `The nats CLI contexts could not be read: ${(e as Error).message}` });
      }
    }
    for (const p of [...problems, ...profiles.flatMap((x) => x.problems)]) this.log.warn(`Connections: ${p.message}`);
    return { profiles, problems };
  }

  /**
   * Opens `profile` as the active connection (closing the previous one). Throws a `ClusterError`
   * saying what went wrong (credentials, unreachable, TLS, timeout, cancelled).
   */
  async connect(profile: ConnectionProfile, options: ConnectOptions = {}): Promise<ActiveConnection> {
    await this.disconnect();
    const entry: ActiveConnection = { id: profileId(profile), profile, state: 'connecting', since: Date.now() };
    const opening = new AbortController();
    options.signal?.addEventListener('abort', () => opening.abort(), { once: true });
    this.opening = opening;
    this.current = entry;
    this.fireState(entry);
    this.log.info(`Connecting to ${describeProfile(profile)}`);
    try {
      const connection = await Connection.open(profile, { secret: options.secret, signal: opening.signal, onStatus: (e) => this.onStatus(entry, e) });
      if (this.current !== entry) {
        await connection.close();
        throw new ClusterError({ kind: 'cancelled', message: `Cancelled connecting to ${profile.name}.` });
      }
      entry.connection = connection;
      entry.server = connection.server?.name;
      this.setState(entry, 'connected');
      void this.refreshTopology();
      return entry;
    } catch (e) {
      const failure = describeFailure(e, { profileName: profile.name, servers: profile.servers });
      if (this.current === entry) {
        this.current = undefined;
        this.fireState(entry, 'none');
      }
      this.log.error(`Connecting to ${profile.name} failed: ${failure.message}${failure.detail ? ` (${failure.detail})` : ''}`);
      throw e instanceof ClusterError ? e : new ClusterError(failure);
    } finally {
      if (this.opening === opening) this.opening = undefined;
    }
  }

  /** Closes the active connection, if any (also one still opening). */
  async disconnect(): Promise<void> {
    const entry = this.current;
    if (!entry) return;
    this.current = undefined;
    this.opening?.abort();
    this.fireState(entry, 'none');
    this.log.info(`Disconnected from ${entry.profile.name}`);
    await entry.connection?.close();
  }

  /** Reads the active connection's topology again (a failure is kept as `topologyFailure`). */
  async refreshTopology(): Promise<void> {
    const entry = this.current;
    const connection = entry?.connection;
    if (!entry || !connection || entry.state !== 'connected') return;
    const run = ++this.topologyRun;
    try {
      const topology = await readTopology(connection);
      if (run !== this.topologyRun || this.current !== entry) return;
      entry.topology = topology;
      entry.topologyFailure = undefined;
      const seen = topology.known ? `${plural(topology.servers.length, 'server')} known from ${topology.sources.join(', ')}` : `servers not known: ${topology.why}`;
      this.log.info(`Topology of ${entry.profile.name}: ${seen}${topology.notes.length ? `; ${topology.notes.join(' ')}` : ''}`);
    } catch (e) {
      if (run !== this.topologyRun || this.current !== entry) return;
      entry.topology = undefined;
      entry.topologyFailure = describeFailure(e, { operation: 'reading the topology' });
      this.log.warn(`Topology of ${entry.profile.name} could not be read: ${entry.topologyFailure.message}`);
    }
    this.changed.fire({ kind: 'topology', id: entry.id });
  }

  private onStatus(entry: ActiveConnection, event: StatusEvent): void {
    if (this.current !== entry) return;
    switch (event.type) {
      case 'connected':
        entry.server = event.server;
        break;
      case 'reconnected':
        entry.server = event.server;
        this.log.info(`Connection ${entry.profile.name}: reconnected to ${event.server}`);
        this.setState(entry, 'connected');
        void this.refreshTopology();
        break;
      case 'disconnected':
        this.log.warn(`Connection ${entry.profile.name}: disconnected from ${event.server}; reconnecting`);
        this.setState(entry, 'disconnected');
        break;
      case 'reconnecting':
        this.setState(entry, 'reconnecting');
        break;
      case 'closed':
        if (event.failure) {
          entry.failure = event.failure;
          this.log.error(`Connection ${entry.profile.name} closed: ${event.failure.message}`);
          void notify.showErrorMessage(`NATS connection ${entry.profile.name} closed: ${event.failure.message}`);
        }
        this.setState(entry, 'closed');
        break;
      case 'error':
        this.log.warn(`Connection ${entry.profile.name}: ${event.failure.message}`);
        break;
    }
  }

  private setState(entry: ActiveConnection, state: LinkState): void {
    if (entry.state === state) return;
    entry.state = state;
    entry.since = Date.now();
    this.fireState(entry);
  }

  private fireState(entry: ActiveConnection, state: LinkState | 'none' = entry.state): void {
    this.changed.fire({ kind: 'state', id: entry.id, state });
  }
}
