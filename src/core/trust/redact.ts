/** Seeds (S + key type + 56 base32 characters), private key material that must never be shown. */
const SEED = /S[OACNPUX][A-Z2-7]{56}/g;

/** Text with every seed-shaped string replaced: the last line of defence for logs and messages. */
export function redactSeeds(text: string): string {
  return text.replace(SEED, '<seed redacted>');
}
