/**
 * A stream config file's bytes as text, read the way VS Code reads them: a UTF-8 byte order mark
 * is dropped, UTF-16 with a byte order mark is decoded; UTF-16 without one (or other text with NUL
 * bytes) is not guessed at but named, so the file gets a clear reason instead of "unexpected
 * character".
 */

export type DecodedText = { text: string; problem?: undefined } | { text?: undefined; problem: string };

/** How far into the file NUL bytes are looked for. */
const SNIFF = 4096;

function swapBytes(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(bytes.length & ~1);
  for (let i = 0; i + 1 < bytes.length; i += 2) {
    out[i] = bytes[i + 1];
    out[i + 1] = bytes[i];
  }
  return out;
}

export function decodeStreamFile(bytes: Uint8Array): DecodedText {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { text: Buffer.from(bytes.buffer, bytes.byteOffset + 3, bytes.length - 3).toString('utf8') };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)) };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: new TextDecoder('utf-16le').decode(swapBytes(bytes.subarray(2))) };
  const nul = bytes.subarray(0, SNIFF).indexOf(0);
  if (nul >= 0) {
    return { problem: 'the file holds NUL bytes: UTF-16 without a byte order mark (or a binary file) is not read; save it as UTF-8' };
  }
  return { text: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('utf8') };
}
