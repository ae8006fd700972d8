/**
 * The values of user and account claims other than permission subjects (see permissions.ts),
 * checked before anything is signed, by what nats-server 2.9.10 (Go 1.19) and nats-io/jwt v2.3.0
 * do with them:
 *
 * - `src`: jwt v2's `Validate` runs Go's `net.ParseCIDR` on every entry and the server refuses the
 *   login of a user with one it cannot parse ("Authorization Violation"): a plain address
 *   (`10.0.0.1`), a zone (`fe80::1%eth0`), a space or a leading zero in an octet locks the user out.
 *   Address bits beyond the prefix are silently cleared: `10.0.0.1/1` admits 0.0.0.0/1, half of
 *   all IPv4 addresses, so such an entry is refused with the network it would mean;
 * - `allowed_connection_types`: the server upper-cases each entry and ignores the ones it does not
 *   know; when none is known the login is refused, otherwise a misspelt type is silently dropped;
 * - numbers: Go reads them into integers. A fraction or an exponent (what JSON.stringify writes for
 *   1e21 and above) makes the whole JWT undecodable, and NaN or Infinity become `null`, read as 0
 *   (no connection, no subscription). Every negative number means "no limit" to Go: only -1 is
 *   accepted for that, so that a lost digit cannot turn a limit into none;
 * - `resp`: a `max` or `ttl` of 0 is replaced by the server's default (1 reply, 2 minutes);
 * - tags: Go's `TagList.Add` (nsc's `--tag`) trims and lower-cases them and drops empty ones, and
 *   nsc finds a tag to remove only in lower case: a tag is taken only in that form. nsc's `--tag`
 *   (a comma separated list) and this extension's tag fields split at commas: a tag has none.
 *
 * Each check throws a TrustError 'invalid-argument' naming the field and the value.
 */
import * as net from 'node:net';
import { TrustError } from './problems';
import { quoted } from './quote';

function invalid(message: string): TrustError {
  return new TrustError('invalid-argument', message);
}

function shownValue(value: unknown): string {
  return typeof value === 'string' ? quoted(value) : typeof value === 'number' || typeof value === 'boolean' ? String(value) : typeof value;
}

const IPV4 = /^(?:0|[1-9]\d{0,2})(?:\.(?:0|[1-9]\d{0,2})){3}$/;

/** Why `cidr` is not a network Go's net.ParseCIDR reads, or undefined. */
export function sourceNetworkProblem(cidr: unknown): string | undefined {
  if (typeof cidr !== 'string') return `${shownValue(cidr)} is not a network`;
  const slash = cidr.indexOf('/');
  if (slash < 0) return `${quoted(cidr)} has no prefix length: write a network such as 10.0.0.0/8, or ${/:/.test(cidr) ? `${cidr}/128` : `${cidr}/32`} for one address`;
  const address = cidr.slice(0, slash);
  const prefix = cidr.slice(slash + 1);
  const v4 = IPV4.test(address) && address.split('.').every((o) => Number(o) <= 255);
  const v6 = !v4 && !address.includes('%') && net.isIPv6(address);
  if (!v4 && !v6) return `${quoted(cidr)}: ${quoted(address)} is not an IPv4 or IPv6 address (no spaces, zones or leading zeros)`;
  const bits = v4 ? 32 : 128;
  if (!/^\d+$/.test(prefix) || Number(prefix) > bits) return `${quoted(cidr)}: the prefix length must be a whole number from 0 to ${bits}`;
  const value = v4 ? ipv4Value(address) : ipv6Value(address);
  const hostBits = BigInt(bits - Number(prefix));
  const network = (value >> hostBits) << hostBits;
  if (network !== value) {
    const shown = v4 ? ipv4Text(network) : 'its network address';
    return `${quoted(cidr)} has address bits set beyond the /${Number(prefix)} prefix: Go reads it as ${v4 ? `${shown}/${Number(prefix)}` : shown}; write that network (or /${bits} for the one address)`;
  }
  return undefined;
}

function ipv4Value(address: string): bigint {
  return address.split('.').reduce((n, octet) => (n << 8n) | BigInt(Number(octet)), 0n);
}

function ipv4Text(value: bigint): string {
  return [24n, 16n, 8n, 0n].map((shift) => String((value >> shift) & 255n)).join('.');
}

/** The 128 bits of an IPv6 address (already checked by net.isIPv6), with `::` and a trailing IPv4 part. */
function ipv6Value(address: string): bigint {
  const groupsOf = (part: string): number[] =>
    part === ''
      ? []
      : part.split(':').flatMap((g) => {
          if (!g.includes('.')) return [parseInt(g, 16)];
          const v4 = Number(ipv4Value(g));
          return [Math.floor(v4 / 65536), v4 % 65536];
        });
  const [head, tail] = address.includes('::') ? address.split('::') : [address, undefined];
  const front = groupsOf(head);
  const back = tail === undefined ? [] : groupsOf(tail);
  const groups = [...front, ...new Array<number>(8 - front.length - back.length).fill(0), ...back];
  return groups.reduce((n, g) => (n << 16n) | BigInt(g), 0n);
}

/** Checks `src`: every entry a network in CIDR notation (see the module comment). */
export function checkSourceNetworks(networks: unknown): void {
  if (networks === undefined) return;
  if (!Array.isArray(networks)) throw invalid('the source networks (src) must be a list of networks in CIDR notation');
  for (const cidr of networks as unknown[]) {
    const problem = sourceNetworkProblem(cidr);
    if (problem) throw invalid(`source network (src) ${problem}`);
  }
}

/** The connection types nats-server 2.9.10 and jwt v2.3.0 know. */
export const CONNECTION_TYPES = ['STANDARD', 'WEBSOCKET', 'LEAFNODE', 'LEAFNODE_WS', 'MQTT', 'MQTT_WS'] as const;

/** `allowed_connection_types` as the server reads them (upper case), or a TrustError for an unknown one. */
export function checkConnectionTypes(types: unknown): string[] | undefined {
  if (types === undefined) return undefined;
  if (!Array.isArray(types)) throw invalid('the allowed connection types must be a list');
  return (types as unknown[]).map((t) => {
    const upper = typeof t === 'string' ? t.toUpperCase() : undefined;
    if (upper === undefined || !(CONNECTION_TYPES as readonly string[]).includes(upper)) {
      throw invalid(`allowed connection type ${shownValue(t)} is not one the server knows (it would be ignored, or lock the user out): use ${CONNECTION_TYPES.join(', ')}`);
    }
    return upper;
  });
}

/** Checks tags as nsc and Go's TagList keep them: not empty, no surrounding spaces, lower case. */
export function checkTags(tags: unknown): void {
  if (tags === undefined) return;
  if (!Array.isArray(tags)) throw invalid('the tags must be a list of strings');
  for (const tag of tags as unknown[]) {
    if (typeof tag !== 'string') throw invalid(`tag ${shownValue(tag)} is not a string`);
    if (tag.trim() === '') throw invalid(`tag ${quoted(tag)} is empty`);
    if (/^[ \t\n\v\f\r]|[ \t\n\v\f\r]$/.test(tag)) throw invalid(`tag ${quoted(tag)} starts or ends with spaces (nsc and Go's jwt trim them)`);
    if (tag.includes(',')) throw invalid(`tag ${quoted(tag)} has a comma: nsc's --tag and the editors read a comma as a separator (${tag.split(',').map((t) => quoted(t.trim())).join(', ')}); give each tag on its own`);
    if (tag.toLowerCase() !== tag) throw invalid(`tag ${quoted(tag)} has capital letters: nsc and Go's jwt keep tags in lower case (${quoted(tag.toLowerCase())})`);
  }
}

/** A count or size limit: a whole number of 0 or more, or -1 for no limit. */
export function checkLimit(field: string, value: unknown): void {
  if (value === undefined) return;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < -1) {
    throw invalid(`the limit ${field} must be a whole number of 0 or more, or -1 for no limit, not ${shownValue(value)}`);
  }
}

/** Every number of an object of limits (`field` prefixes the names in messages). */
export function checkLimits(prefix: string, limits: object | undefined, fields: Record<string, string>): void {
  if (limits === undefined) return;
  for (const [key, name] of Object.entries(fields)) checkLimit(`${prefix}${name}`, (limits as Record<string, unknown>)[key]);
}

const LARGEST_TTL_MS = 2 ** 63 / 1e6;

/** `resp`: `max` replies, -1 or a whole number of 1 or more; `ttlMs` -1 or more than 0 milliseconds. */
export function checkResponses(responses: unknown): void {
  if (responses === undefined || typeof responses === 'boolean') return;
  if (typeof responses !== 'object' || responses === null) throw invalid('the response permission (resp) must be true, false or { max, ttlMs }');
  const { max, ttlMs } = responses as { max?: unknown; ttlMs?: unknown };
  if (max !== undefined && (typeof max !== 'number' || !Number.isSafeInteger(max) || (max < 1 && max !== -1))) {
    throw invalid(`the response permission's max (resp.max) must be a whole number of 1 or more, or -1 for no limit, not ${shownValue(max)} (0 means the server's default of 1)`);
  }
  if (ttlMs !== undefined && (typeof ttlMs !== 'number' || !Number.isFinite(ttlMs) || (ttlMs <= 0 && ttlMs !== -1) || ttlMs >= LARGEST_TTL_MS || Math.round(ttlMs * 1e6) === 0)) {
    throw invalid(`the response permission's time (resp.ttl) must be more than 0 milliseconds (below ${LARGEST_TTL_MS}), or -1 for no limit, not ${shownValue(ttlMs)} (0 means the server's default of 2 minutes)`);
  }
}
