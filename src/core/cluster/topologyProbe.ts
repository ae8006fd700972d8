/**
 * Gathers the topology facts a live connection can reach, all at once: JetStream account info,
 * the system account's `$SYS.REQ.SERVER.PING.JSZ`/`VARZ` (answered by every server when the user
 * belongs to the system account; no responders or silence otherwise) and the monitoring
 * endpoint's `/varz` and `/jsz` when a URL is configured. Each missing part becomes a note.
 */
import * as http from 'node:http';
import * as https from 'node:https';
import { abortable, throwIfAborted } from './cancel';
import { Connection } from './connection';
import { ClusterError, Failure, describeFailure, failure } from './errors';
import { jsRequest } from './jsApi';
import { ClusterTopology, JetStreamAccount, MonitorJsz, MonitorVarz, PingReply, TopologyFacts, buildTopology } from './topology';

export interface TopologyOptions {
  signal?: AbortSignal;
  /** How long each source may take (default 2000 ms). */
  timeoutMs?: number;
  /** Monitoring endpoint (default: the profile's `monitoringUrl`). */
  monitoringUrl?: string;
  /** Ask the system account's server pings (default true). */
  systemPings?: boolean;
}

/** GET a JSON document over HTTP(S) with a timeout. */
export function getJson<T>(url: string, timeoutMs: number, signal?: AbortSignal): Promise<T> {
  const work = new Promise<T>((resolve, reject) => {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      reject(new ClusterError(failure('config', `The monitoring URL "${url}" is not valid.`)));
      return;
    }
    const get = parsed.protocol === 'https:' ? https.get : http.get;
    const req = get(parsed, { timeout: timeoutMs }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => {
        if ((res.statusCode ?? 0) >= 400) {
          reject(new ClusterError(failure('unknown', `${url} answered HTTP ${res.statusCode}.`)));
          return;
        }
        try {
          resolve(JSON.parse(body) as T);
        } catch {
          reject(new ClusterError(failure('unknown', `${url} did not answer with JSON; is it the monitoring port?`)));
        }
      });
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(Object.assign(new Error('timeout'), { code: 'TIMEOUT' })));
    req.on('error', (e) => reject(e instanceof ClusterError ? e : new ClusterError(describeFailure(e, { servers: [url], operation: `the request to ${url}`, timeoutMs }))));
  });
  return abortable(work, signal, 'reading the monitoring endpoint');
}

function failureOf(e: unknown, operation: string): Failure {
  return e instanceof ClusterError ? e.failure : describeFailure(e, { operation });
}

const decoder = new TextDecoder();

async function systemPings(conn: Connection, timeoutMs: number, signal?: AbortSignal): Promise<TopologyFacts['system']> {
  const ping = async (kind: 'JSZ' | 'VARZ'): Promise<PingReply[]> => {
    const replies = await conn.gather(`$SYS.REQ.SERVER.PING.${kind}`, '', { timeoutMs, signal, operation: `the system-account ${kind} ping` });
    return replies.map((r) => JSON.parse(decoder.decode(r)) as PingReply);
  };
  const [jsz, varz] = await Promise.allSettled([ping('JSZ'), ping('VARZ')]);
  const replies = [...(jsz.status === 'fulfilled' ? jsz.value : []), ...(varz.status === 'fulfilled' ? varz.value : [])];
  // JSZ first: it carries the meta cluster; VARZ adds servers whose JSZ did not come.
  if (replies.length > 0) return { replies };
  const rejected = [jsz, varz].find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (rejected && rejected.reason instanceof ClusterError && rejected.reason.kind === 'cancelled') throw rejected.reason;
  if (rejected) {
    const f = failureOf(rejected.reason, 'the system-account ping');
    if (f.kind === 'no-responders') return { failure: failure('no-responders', 'the user is not in the system account (no responders)', f.detail) };
    return { failure: f };
  }
  return { failure: failure('timeout', 'no server answered; the user is not in the system account or may not publish to $SYS') };
}

async function monitoringFacts(url: string, timeoutMs: number, signal?: AbortSignal): Promise<TopologyFacts['monitoring']> {
  const base = url.replace(/\/+$/, '');
  const [varz, jsz] = await Promise.allSettled([getJson<MonitorVarz>(`${base}/varz`, timeoutMs, signal), getJson<MonitorJsz>(`${base}/jsz`, timeoutMs, signal)]);
  if (varz.status === 'rejected') {
    if (varz.reason instanceof ClusterError && varz.reason.kind === 'cancelled') throw varz.reason;
    return { failure: failureOf(varz.reason, `the request to ${base}/varz`) };
  }
  return jsz.status === 'fulfilled' ? { varz: varz.value, jsz: jsz.value } : { varz: varz.value };
}

/**
 * The topology this connection can see. Sources that fail become notes; throws a `ClusterError`
 * only when the connection is down or `signal` cancels.
 */
export async function readTopology(conn: Connection, options: TopologyOptions = {}): Promise<ClusterTopology> {
  throwIfAborted(options.signal, 'reading the topology');
  conn.assertConnected('reading the topology');
  const server = conn.server;
  if (!server) throw new ClusterError(failure('disconnected', 'The connection has no server information yet.'));
  const timeoutMs = options.timeoutMs ?? 2000;
  const monitoringUrl = options.monitoringUrl ?? conn.profile.monitoringUrl;
  const [account, system, monitoring] = await Promise.all([
    jsRequest<JetStreamAccount>(conn, 'INFO', undefined, { timeoutMs, signal: options.signal, operation: 'the JetStream account info request' }).then(
      (info): TopologyFacts['account'] => ({ info: { streams: info.streams, consumers: info.consumers, memory: info.memory, storage: info.storage, limits: info.limits, ...(info.domain ? { domain: info.domain } : {}) } }),
      (e: unknown): TopologyFacts['account'] => {
        if (e instanceof ClusterError && e.kind === 'cancelled') throw e;
        return { failure: failureOf(e, 'the JetStream account info request') };
      },
    ),
    options.systemPings === false ? Promise.resolve(undefined) : systemPings(conn, timeoutMs, options.signal),
    monitoringUrl ? monitoringFacts(monitoringUrl, timeoutMs, options.signal) : Promise.resolve(undefined),
  ]);
  return buildTopology({ server, account, system, monitoring });
}
