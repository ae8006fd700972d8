/** Seeds (S + key type + 56 base32 characters), private key material that must never be shown. */
const SEED = /S[OACNPUX][A-Z2-7]{56}/g;

/** Text with every seed-shaped string replaced: the last line of defence for logs and messages. */
export function redactSeeds(text: string): string {
  return text.replace(SEED, '<seed redacted>');
}

/**
 * A server URL with everything up to its last "@" (a user, password or token, even one holding a
 * "/" or "@" that makes the URL invalid) shown as `xxxxx@`; with or without a scheme.
 */
export function redactUrl(url: string): string {
  return url.replace(USER_INFO, (_all, scheme: string | undefined) => `${scheme ?? ''}xxxxx@`);
}

/** Everything up to a URL's last "@", after its scheme (see redactUrl). */
const USER_INFO = /^([a-z][a-z0-9+.-]*:\/\/)?.*@/is;

/**
 * A server URL without its user, password or token: for logging in there with other credentials
 * (a user's .creds, the system account's), which is also safe to show.
 */
export function urlWithoutUserInfo(url: string): string {
  return url.replace(USER_INFO, (_all, scheme: string | undefined) => scheme ?? '');
}
