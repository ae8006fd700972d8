/**
 * A user JWT travels in the client's CONNECT line, which nats-server refuses beyond its
 * `max_control_line` (4096 bytes by default): the login then fails with "maximum control line
 * exceeded". Many permission subjects make a JWT that large, so creating one warns with the
 * setting that would admit it.
 *
 * Measured with nats.js 2.29.3 against nats-server 2.9.10 (test/server/trust/input.test.ts): the
 * CONNECT arguments are the JWT plus 291 bytes (`protocol`, `version`, `lang`, `verbose`,
 * `pedantic`, `nkey`, `sig`, `headers`, `no_responders`), plus `"name":"…"` when the client names
 * its connection. The suggested setting keeps 512 bytes beside the JWT, rounded up to a KiB.
 */

/** nats-server's default `max_control_line`. */
export const DEFAULT_MAX_CONTROL_LINE = 4096;

/** What a nats.js CONNECT line adds to the JWT when logging in with .creds and no connection name. */
export const CONNECT_OVERHEAD = 291;

/** Room kept beside the JWT for the CONNECT fields, a connection name and other clients' fields. */
export const CONNECT_ROOM = 512;

/** The UTF-8 size of a JWT (its parts are ASCII, but a hand-made one need not be). */
function bytes(jwt: string): number {
  return Buffer.byteLength(jwt, 'utf8');
}

/** The `max_control_line` to suggest for logins carrying this JWT: its size plus CONNECT_ROOM, rounded up to 1024. */
export function maxControlLineFor(jwt: string): number {
  return Math.max(DEFAULT_MAX_CONTROL_LINE, Math.ceil((bytes(jwt) + CONNECT_ROOM) / 1024) * 1024);
}

/**
 * A warning when a user JWT may be too large to log in with on a server with the default
 * `max_control_line`, naming its size and the setting that admits it; undefined otherwise.
 */
export function userJwtSizeWarning(jwt: string, user?: string): string | undefined {
  const size = bytes(jwt);
  if (size + CONNECT_ROOM <= DEFAULT_MAX_CONTROL_LINE) return undefined;
  const who = user === undefined ? 'the user' : `user '${user}'`;
  const fate = size + CONNECT_OVERHEAD > DEFAULT_MAX_CONTROL_LINE ? 'will be refused' : 'may be refused (with a long connection name)';
  return (
    `the JWT of ${who} is ${size} bytes: its logins ${fate} with "maximum control line exceeded" by servers with ` +
    `the default max_control_line (${DEFAULT_MAX_CONTROL_LINE}); set max_control_line: ${maxControlLineFor(jwt)} in the server config, ` +
    'or use fewer or broader permission subjects'
  );
}
