/**
 * A live connection for one profile, wrapping nats.js: it opens with a timeout, reconnects without
 * limit, reports its state through listeners, and turns every error into a `ClusterError` with a
 * human message. Nothing it starts can end in an unhandled rejection.
 *
 * A server that goes away is noticed at once when its socket closes, and through pings when it
 * hangs or the network drops: with the defaults (a ping every second, three unanswered) the
 * connection is reported disconnected 3–4 s after the server stopped answering.
 */
import type { Authenticator, ConnectionOptions, NatsConnection, ServerInfo, Status } from 'nats';
import { abortable, throwIfAborted } from './cancel';
import { readContextFile, whyUnreadable } from './contextRefs';
import { ClusterError, Failure, FailureContext, describeFailure, failure } from './errors';
import { loadNats } from './natsClient';
import { ContextCredentials, NatsContextsOptions, resolveContextCredentials } from './natsContexts';
import { ConnectionProfile, hasProfileErrors } from './profile';
import { displayText, quoted } from '../trust/quote';

export interface ConnectOptions {
  /** The password (user auth) or token (token auth); never stored or logged. */
  secret?: string;
  /** How long the first connection may take (default 5000 ms). */
  timeoutMs?: number;
  /** Ping period (default 1000 ms). */
  pingIntervalMs?: number;
  /**
   * Unanswered pings before the connection counts as stale and disconnects (default 3): a hung
   * server is noticed between maxPingOut and maxPingOut + 1 ping periods after it stopped
   * answering (3–4 s by default), and a server busy for less than that is not taken for dead.
   */
  maxPingOut?: number;
  /** Wait between reconnect attempts (default 500 ms). Reconnects never stop. */
  reconnectWaitMs?: number;
  /** Default timeout of requests made through this connection (default 5000 ms). */
  requestTimeoutMs?: number;
  /** The client name the server shows (default "NATS Workbench"). */
  clientName?: string;
  /** Cancels opening. */
  signal?: AbortSignal;
  /** Receives every status event from the first `connected` on. */
  onStatus?: StatusListener;
  /** Where a `nats` context's references resolve (environment, home, nsc store; default this process's). */
  contexts?: NatsContextsOptions;
}

export type ConnectionState = 'connected' | 'disconnected' | 'reconnecting' | 'closed';

export type ConnectionEvent =
  | { type: 'connected'; server: string }
  | { type: 'disconnected'; server: string }
  | { type: 'reconnecting' }
  | { type: 'reconnected'; server: string }
  | { type: 'closed'; failure?: Failure }
  /** An asynchronous error the server reported (a denied publish, an expired user…). */
  | { type: 'error'; failure: Failure };

export type StatusEvent = ConnectionEvent & {
  /** The state after the event. */
  state: ConnectionState;
  /** Date.now() when it happened. */
  at: number;
};

export type StatusListener = (event: StatusEvent) => void;

export interface Disposable {
  dispose(): void;
}

/** What the server this connection is attached to says about itself. */
export interface ConnectedServer {
  name: string;
  id: string;
  version: string;
  /** The cluster name, for a server with a cluster configured. */
  cluster?: string;
  jetstream: boolean;
  /** Client URLs of the cluster's servers that the server advertises. */
  connectUrls: string[];
  /** Whether the connection is encrypted. */
  tls: boolean;
}

export interface RequestOptions {
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Names the request in messages, e.g. "the stream list request". */
  operation?: string;
}

export interface GatherOptions extends RequestOptions {
  /** After the first reply, stop once no further reply came for this long (default 300 ms). */
  quietMs?: number;
}

const DEFAULTS = { timeoutMs: 5000, pingIntervalMs: 1000, maxPingOut: 3, reconnectWaitMs: 500, requestTimeoutMs: 5000 };

async function readFileFor(what: string, file: string): Promise<string> {
  try {
    return (await readContextFile(file)).toString('utf8');
  } catch (e) {
    throw new ClusterError(failure('config', `Cannot read the ${what} ${file}: ${whyUnreadable(e)}.`));
  }
}

/** Authentication of a profile from the settings: a file, or the secret given by the caller. */
async function settingsAuthOptions(profile: ConnectionProfile, opts: ConnectionOptions, options: ConnectOptions): Promise<void> {
  const nats = await loadNats();
  const auth = profile.auth;
  const needSecret = (what: string): string => {
    if (options.secret === undefined || options.secret === '') {
      throw new ClusterError(failure('config', `Connection "${profile.name}" needs ${what}, and none was given.`));
    }
    return options.secret;
  };
  if (auth.kind === 'creds') {
    opts.authenticator = nats.credsAuthenticator(new TextEncoder().encode(checkedCreds(await readFileFor('credentials file', auth.file), auth.file))) as Authenticator;
  } else if (auth.kind === 'nkey') {
    const seed = (await readFileFor('nkey seed file', auth.file)).trim();
    if (!/^SU[A-Z2-7]{56}$/.test(seed)) {
      throw new ClusterError(failure('config', `The nkey file ${auth.file} does not hold a user seed (one line starting with SU).`));
    }
    opts.authenticator = nats.nkeyAuthenticator(new TextEncoder().encode(seed)) as Authenticator;
  } else if (auth.kind === 'user') {
    opts.user = auth.user;
    opts.pass = needSecret('a password');
  } else if (auth.kind === 'token') {
    opts.token = needSecret('a token');
  }
}

function checkedCreds(text: string, where: string): string {
  if (!text.includes('BEGIN NATS USER JWT') || !/BEGIN USER NKEY SEED/.test(text)) {
    throw new ClusterError(failure('config', `The credentials ${where} are not a .creds file (no user JWT and seed found).`));
  }
  return text;
}

/** Authentication of a `nats` context, resolved from its file as the CLI does (see natsContexts.ts). */
async function contextAuthOptions(profile: ConnectionProfile, opts: ConnectionOptions, options: ConnectOptions): Promise<void> {
  const nats = await loadNats();
  let c: ContextCredentials;
  try {
    c = await resolveContextCredentials(profile, options.contexts);
  } catch (e) {
    throw new ClusterError(failure('config', `Connection "${profile.name}" cannot be used: ${(e as Error).message}.`));
  }
  const encode = (s: string): Uint8Array => new TextEncoder().encode(s);
  const authenticators: Authenticator[] = [];
  if (c.user !== undefined) authenticators.push(nats.usernamePasswordAuthenticator(c.user, c.password ?? '') as Authenticator);
  if (c.creds !== undefined) {
    const where = profile.auth.kind === 'creds' ? profile.auth.reference ?? `file ${profile.auth.file}` : 'given';
    authenticators.push(nats.credsAuthenticator(encode(checkedCreds(c.creds, `from ${where}`))) as Authenticator);
  }
  if (c.nkeySeed !== undefined) authenticators.push(nats.nkeyAuthenticator(encode(c.nkeySeed)) as Authenticator);
  if (c.jwt !== undefined) authenticators.push(nats.jwtAuthenticator(c.jwt, c.jwtSeed ? encode(c.jwtSeed) : undefined) as Authenticator);
  if (c.token !== undefined) authenticators.push(nats.tokenAuthenticator(c.token) as Authenticator);
  if (authenticators.length) opts.authenticator = authenticators.length === 1 ? authenticators[0] : authenticators;
}

/** The nats.js options for a profile: servers, auth, TLS, timings. */
async function natsOptions(profile: ConnectionProfile, options: ConnectOptions): Promise<ConnectionOptions> {
  const opts: ConnectionOptions = {
    servers: profile.servers,
    name: options.clientName ?? 'NATS Workbench',
    timeout: options.timeoutMs ?? DEFAULTS.timeoutMs,
    pingInterval: options.pingIntervalMs ?? DEFAULTS.pingIntervalMs,
    maxPingOut: options.maxPingOut ?? DEFAULTS.maxPingOut,
    reconnect: true,
    maxReconnectAttempts: -1,
    reconnectTimeWait: options.reconnectWaitMs ?? DEFAULTS.reconnectWaitMs,
    reconnectJitter: 100,
    waitOnFirstConnect: false,
  };
  if (profile.source === 'nats-context' && profile.file) {
    await contextAuthOptions(profile, opts, options);
  } else {
    await settingsAuthOptions(profile, opts, options);
  }
  if (profile.inboxPrefix) opts.inboxPrefix = profile.inboxPrefix;
  const wantsTls = profile.servers.some((s) => s.toLowerCase().startsWith('tls://'));
  if (profile.tls || wantsTls || profile.tlsFirst) {
    const tls: NonNullable<ConnectionOptions['tls']> = {};
    if (profile.tlsFirst) tls.handshakeFirst = true;
    if (profile.tls?.ca) tls.ca = await readFileFor('TLS CA file', profile.tls.ca);
    if (profile.tls?.cert) tls.cert = await readFileFor('TLS certificate file', profile.tls.cert);
    if (profile.tls?.key) tls.key = await readFileFor('TLS key file', profile.tls.key);
    opts.tls = tls;
  }
  return opts;
}

function serverOf(info: ServerInfo | undefined): ConnectedServer | undefined {
  if (!info) return undefined;
  const server: ConnectedServer = {
    name: info.server_name,
    id: info.server_id,
    version: info.version,
    jetstream: info.jetstream === true,
    connectUrls: info.connect_urls ?? [],
    tls: info.tls_required === true || info.tls_verify === true,
  };
  if (info.cluster) server.cluster = info.cluster;
  return server;
}

/**
 * Throws unless `subject` can go out as one subject: the client writes it into the protocol line as
 * it is, so a space, a tab or a line break (in a name a backup folder, a creds file or a command's
 * argument gave) would split the line and inject protocol lines of its own. Other characters, an
 * escape or NUL included, are a stream name's the server accepts.
 */
function assertSendable(subject: string, operation: string): void {
  if (/[\t\n\v\f\r ]/.test(subject)) throw new ClusterError(failure('unknown', `${displayText(operation)} was not sent: the subject ${quoted(subject, 120)} holds a space, a tab or a line break.`));
}

export class Connection {
  private readonly listeners = new Set<StatusListener>();
  private stateNow: ConnectionState = 'connected';
  private lastServer = '';

  private constructor(
    readonly profile: ConnectionProfile,
    /** The nats.js connection, for what this class does not cover. */
    readonly nats: NatsConnection,
    private readonly requestTimeoutMs: number,
    private readonly failureContext: FailureContext,
  ) {}

  /**
   * Opens a connection. Throws a `ClusterError` whose `failure` says what went wrong (wrong
   * credentials, unreachable URL, TLS, timeout, a profile problem, cancellation).
   */
  static async open(profile: ConnectionProfile, options: ConnectOptions = {}): Promise<Connection> {
    const context: FailureContext = {
      servers: profile.servers,
      profileName: profile.name,
      auth: profile.auth,
      tls: Boolean(profile.tls) || profile.servers.some((s) => s.toLowerCase().startsWith('tls://')),
      clientCert: Boolean(profile.tls?.cert),
      timeoutMs: options.timeoutMs ?? DEFAULTS.timeoutMs,
    };
    if (hasProfileErrors(profile)) {
      const first = profile.problems.find((p) => p.severity === 'error');
      throw new ClusterError(failure('config', `Connection "${profile.name}" cannot be used: ${first?.message}`));
    }
    throwIfAborted(options.signal, `connecting to ${profile.name}`);
    let nc: NatsConnection;
    try {
      const nats = await loadNats();
      const opening = nats.connect(await natsOptions(profile, options));
      nc = await abortable(opening, options.signal, `connecting to ${profile.name}`).catch((e: unknown) => {
        // A connection that completes after cancellation is closed at once.
        opening.then((late) => late.close()).catch(() => undefined);
        throw e;
      });
    } catch (e) {
      throw new ClusterError(describeFailure(e, context));
    }
    const conn = new Connection(profile, nc, options.requestTimeoutMs ?? DEFAULTS.requestTimeoutMs, context);
    if (options.onStatus) conn.listeners.add(options.onStatus);
    conn.watch();
    conn.lastServer = nc.info?.server_name ?? '';
    conn.emit({ type: 'connected', server: conn.lastServer }, 'connected');
    return conn;
  }

  get state(): ConnectionState {
    return this.stateNow;
  }

  get isConnected(): boolean {
    return this.stateNow === 'connected';
  }

  /** The server the connection is attached to now (changes after a reconnect). */
  get server(): ConnectedServer | undefined {
    return serverOf(this.nats.info);
  }

  /** The JetStream API subject prefix: `$JS.<domain>.API`, the profile's prefix, or `$JS.API` (jsm.go's `APISubject`). */
  get jetStreamApiPrefix(): string {
    if (this.profile.jetstreamDomain) return `$JS.${this.profile.jetstreamDomain}.API`;
    if (this.profile.jetstreamApiPrefix) return this.profile.jetstreamApiPrefix.replace(/\.$/, '');
    return '$JS.API';
  }

  /** The JetStream event subject prefix: the profile's, or `$JS.EVENT` (jsm.go's `EventSubject`). */
  get jetStreamEventPrefix(): string {
    return this.profile.jetstreamEventPrefix?.replace(/\.$/, '') || '$JS.EVENT';
  }

  /** Adds a status listener; `dispose()` removes it. Listener errors are swallowed. */
  onStatus(listener: StatusListener): Disposable {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /** A `Failure` for an error met while doing `operation` on this connection. */
  describe(error: unknown, operation: string, timeoutMs?: number): Failure {
    return describeFailure(error, { ...this.failureContext, operation, timeoutMs: timeoutMs ?? this.requestTimeoutMs });
  }

  /** Fails at once, without waiting for a timeout, when the connection is not up. */
  assertConnected(operation: string): void {
    if (this.stateNow === 'closed') throw new ClusterError(failure('disconnected', `The connection "${this.profile.name}" is closed; ${operation} is not possible.`));
    if (this.stateNow !== 'connected') {
      throw new ClusterError(failure('disconnected', `The connection "${this.profile.name}" is ${this.stateNow}; ${operation} must wait until it is back.`));
    }
  }

  /** One request, one reply. Throws a `ClusterError`. */
  async request(subject: string, payload: string | Uint8Array = '', options: RequestOptions = {}): Promise<Uint8Array> {
    const operation = options.operation ?? `the request on ${subject}`;
    assertSendable(subject, operation);
    throwIfAborted(options.signal, operation);
    this.assertConnected(operation);
    const timeout = options.timeoutMs ?? this.requestTimeoutMs;
    try {
      const msg = await abortable(this.nats.request(subject, payload, { timeout }), options.signal, operation);
      return msg.data;
    } catch (e) {
      throw new ClusterError(this.describe(e, operation, timeout));
    }
  }

  /**
   * A request many servers answer (`$SYS.REQ.SERVER.PING.*`): gathers replies until `timeoutMs`
   * passes, or until `quietMs` passes without a new reply after the first one.
   */
  async gather(subject: string, payload: string | Uint8Array = '', options: GatherOptions = {}): Promise<Uint8Array[]> {
    const operation = options.operation ?? `the request on ${subject}`;
    assertSendable(subject, operation);
    throwIfAborted(options.signal, operation);
    this.assertConnected(operation);
    const nats = await loadNats();
    const timeout = options.timeoutMs ?? this.requestTimeoutMs;
    const replies: Uint8Array[] = [];
    const collect = async (): Promise<Uint8Array[]> => {
      const iter = await this.nats.requestMany(subject, payload, {
        maxWait: timeout,
        strategy: nats.RequestStrategy.JitterTimer,
        jitter: options.quietMs ?? 300,
      });
      for await (const msg of iter) {
        if (msg.headers?.code === 503 || (msg.data.length === 0 && msg.headers?.hasError)) {
          throw Object.assign(new Error('no responders'), { code: '503' });
        }
        replies.push(msg.data);
      }
      return replies;
    };
    try {
      return await abortable(collect(), options.signal, operation);
    } catch (e) {
      throw new ClusterError(this.describe(e, operation, timeout));
    }
  }

  /** Closes the connection (idempotent). */
  async close(): Promise<void> {
    if (this.nats.isClosed()) return;
    try {
      await this.nats.close();
    } catch {
      /* closing a broken connection may reject; it is closed either way */
    }
  }

  private emit(event: ConnectionEvent, state: ConnectionState): void {
    this.stateNow = state;
    const full = { ...event, state, at: Date.now() } as StatusEvent;
    for (const listener of [...this.listeners]) {
      try {
        listener(full);
      } catch {
        /* a listener's bug must not break the connection */
      }
    }
  }

  private watch(): void {
    const statusLoop = async (): Promise<void> => {
      for await (const s of this.nats.status()) this.onNatsStatus(s);
    };
    statusLoop().catch(() => undefined);
    this.nats
      .closed()
      .then((err) => {
        const closed: ConnectionEvent = err ? { type: 'closed', failure: this.describe(err, 'the connection') } : { type: 'closed' };
        this.emit(closed, 'closed');
      })
      .catch(() => this.emit({ type: 'closed' }, 'closed'));
  }

  private onNatsStatus(s: Status): void {
    if (this.stateNow === 'closed') return;
    const server = typeof s.data === 'string' ? s.data : this.lastServer;
    switch (s.type) {
      case 'disconnect':
        if (this.stateNow === 'connected') this.emit({ type: 'disconnected', server: this.nats.info?.server_name ?? server }, 'disconnected');
        break;
      case 'reconnecting':
        if (this.stateNow === 'disconnected') this.emit({ type: 'reconnecting' }, 'reconnecting');
        break;
      case 'reconnect':
        this.lastServer = this.nats.info?.server_name ?? server;
        this.emit({ type: 'reconnected', server: this.lastServer }, 'connected');
        break;
      case 'error': {
        const ctx = s.permissionContext;
        const operation = ctx ? `${ctx.operation} on ${ctx.subject}` : 'the connection';
        this.emit({ type: 'error', failure: this.describe({ code: String(s.data), message: String(s.data) }, operation) }, this.stateNow);
        break;
      }
      default:
        break;
    }
  }
}
