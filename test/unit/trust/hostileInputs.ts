/**
 * Generators and checks for the hostile-input suite (hostileInput.test.ts): names, permission
 * subjects, expiry texts and store corruptions as someone who controls the input or the store
 * would write them, plus an exact picture of a folder tree to prove that a failed operation left
 * nothing behind.
 */
import fc from 'fast-check';
import * as childProcess from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

// --- names -----------------------------------------------------------------------------------------

/** Pieces that break file names, terminals and parsers: separators, dots, controls, every plane, lone surrogates. */
const NAME_PIECES = [
  '', '.', '..', '/', '\\', '\u0000', '\n', '\r', '\t', '\u000b', '\u001b[2J', '\u007f', '\u0085', ' ', '\u00a0', '\u3000',
  '\u2028', '\u2029', '\u202e', '\u200b', '\u200d', '\ufeff', '\ufffd', '\ud800', '\udfff', '\udc00\ud800', 'e\u0301',
  'é', 'ß', '中', '🚀', '👩‍👩‍👧', '\u{1d11e}', '\u{e0001}', '\u{f0000}', '\u{10ffff}', 'SYS', 'sys', 'APP', 'OP', 'u',
  'a', '-', '_', '*', '>', '$', '"', "'", '#', '{', '}', '~', '%2e%2e', 'con', '.jwt', '.nk', '.creds', '.tmp', 'accounts', 'users',
];

/** Long runs of one character, around the 200-byte limit in UTF-8 (1, 2, 3 and 4 bytes a character). */
const longName = fc
  .tuple(fc.constantFrom('a', 'é', '中', '🚀', '\ud800'), fc.integer({ min: 45, max: 260 }))
  .map(([c, n]) => c.repeat(Math.ceil(n / (c.length === 2 ? 2 : 1))));

export const hostileName: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.array(fc.constantFrom(...NAME_PIECES), { minLength: 1, maxLength: 6 }).map((a) => a.join('')), weight: 5 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 16 }), weight: 2 },
  { arbitrary: fc.string({ unit: 'grapheme', maxLength: 8 }), weight: 2 },
  { arbitrary: fc.string({ unit: 'binary-ascii', maxLength: 12 }), weight: 1 },
  { arbitrary: longName, weight: 1 },
  {
    arbitrary: fc.tuple(fc.constantFrom(...NAME_PIECES), fc.string({ unit: 'grapheme', minLength: 1, maxLength: 6 }), fc.constantFrom(...NAME_PIECES)).map((a) => a.join('')),
    weight: 2,
  },
);

/** An independent statement of the name rules (checkName): what may name an operator, account or user. */
export function nameAcceptable(name: string): boolean {
  return (
    name !== '' &&
    name.trim() === name &&
    !/^\p{White_Space}|\p{White_Space}$/u.test(name) &&
    !/[/\\\p{Cc}\p{Cs}\u2028\u2029]/u.test(name) &&
    !name.startsWith('.') &&
    Buffer.byteLength(name, 'utf8') <= 200
  );
}

// --- subjects --------------------------------------------------------------------------------------

const TOKENS = ['a', 'b', 'orders', '*', '>', '', ' ', '\t', '\n', '\r', '\f', '\v', '\u0000', '\u00a0', '\u2028', 'é', '中', '🚀', '\ud800', 'foo bar', '$SYS', '_INBOX', '"', "'", '#', '{}', '\u202e'];
const GOOD_TOKENS = ['a', 'b', 'orders', '*', 'é', '中', '🚀', '$SYS', '_INBOX', '-', '#'];

const tokens = (pool: string[]): fc.Arbitrary<string> => fc.array(fc.constantFrom(...pool), { minLength: 1, maxLength: 5 }).map((t) => t.join('.'));

/** One permission subject: mostly hostile, some well formed (so the success path is taken too). */
export const hostileSubject: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: tokens(TOKENS), weight: 4 },
  { arbitrary: fc.tuple(tokens(GOOD_TOKENS), fc.constantFrom('', '.>')).map(([s, end]) => s + end), weight: 3 },
  { arbitrary: fc.tuple(tokens(GOOD_TOKENS), fc.constantFrom(' ', '  ', '\t', ' q '), fc.constantFrom('workers', 'q', '', '*', 'a b')).map((a) => a.join('')), weight: 1 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 12 }), weight: 2 },
  { arbitrary: fc.string({ unit: 'grapheme-ascii', maxLength: 12 }), weight: 1 },
);

export interface SubjectLists {
  'allow-pub': string[];
  'deny-pub': string[];
  'allow-sub': string[];
  'deny-sub': string[];
}

export const subjectLists: fc.Arbitrary<SubjectLists> = fc.record({
  'allow-pub': fc.array(hostileSubject, { maxLength: 2 }),
  'deny-pub': fc.array(hostileSubject, { maxLength: 2 }),
  'allow-sub': fc.array(hostileSubject, { maxLength: 2 }),
  'deny-sub': fc.array(hostileSubject, { maxLength: 2 }),
});

// --- expiry texts ----------------------------------------------------------------------------------

const two = (min: number, max: number): fc.Arbitrary<string> => fc.integer({ min, max }).map((n) => String(n).padStart(2, '0'));
const year = fc.oneof(fc.constantFrom('0000', '0099', '1969', '1970', '2000', '2024', '2030', '2100', '9999', '10000', '+2030', '30'), fc.integer({ min: 0, max: 9999 }).map((n) => String(n).padStart(4, '0')));
const date = fc.tuple(year, fc.constantFrom('-', '/', '.', ''), two(0, 13), fc.constantFrom('-', '/', ''), two(0, 32)).map((a) => a.join(''));
const zone = fc.constantFrom('Z', 'z', '', '+00:00', '+02:00', '-05:30', '+23:59', '-24:00', '+2:00', '+0200', 'UTC', ' Z', 'Z junk');
const time = fc.tuple(two(0, 25), fc.constantFrom(':', ''), two(0, 61), fc.constantFrom(':', ''), two(0, 61), fc.constantFrom('', '.5', '.123456789', '.1234567891', '.')).map((a) => a.join(''));
const duration = fc
  .array(fc.tuple(fc.oneof(fc.nat({ max: 1000 }).map(String), fc.constantFrom('0', '00', '99999999999999999999', '1e3', '-1', '1.5', '')), fc.constantFrom('s', 'm', 'h', 'd', 'w', 'y', 'M', 'Y', 'D', 'x', '', ' ')), { minLength: 1, maxLength: 3 })
  .map((parts) => parts.map(([n, u]) => n + u).join(''));

export const hostileExpiry: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.tuple(date, fc.constantFrom('', ' ', ' dec', 'junk', '\n', '\u0000')).map((a) => a.join('')), weight: 3 },
  { arbitrary: fc.tuple(date, fc.constantFrom('T', 't', ' ', '_', ''), time, zone).map((a) => a.join('')), weight: 4 },
  { arbitrary: duration, weight: 3 },
  { arbitrary: fc.tuple(fc.constantFrom('', ' ', '\t', '\n', '\u00a0', '\ufeff'), fc.oneof(date, duration), fc.constantFrom('', ' ', '\n', '\u2028')).map((a) => a.join('')), weight: 1 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 24 }), weight: 1 },
);

// --- store corruptions -----------------------------------------------------------------------------

export type CorruptionKind = 'truncate' | 'garble' | 'swap' | 'copy' | 'delete' | 'chmod' | 'folder' | 'symlink' | 'empty' | 'append' | 'fifo';

export interface Corruption {
  kind: CorruptionKind;
  /** Index into the store's entries (files and folders). */
  target: number;
  /** Another entry (swap, copy, symlink target). */
  other: number;
  n: number;
  bytes: Uint8Array;
  mode: number;
  link: 'entry' | 'dangling' | 'loop' | 'dev-null' | 'dev-zero';
}

export const corruption: fc.Arbitrary<Corruption> = fc.record({
  kind: fc.constantFrom<CorruptionKind>('truncate', 'garble', 'swap', 'copy', 'delete', 'chmod', 'folder', 'symlink', 'empty', 'append', ...(process.platform === 'win32' ? [] : ['fifo' as const])),
  target: fc.nat(),
  other: fc.nat(),
  n: fc.nat(),
  bytes: fc.uint8Array({ minLength: 1, maxLength: 8 }),
  mode: fc.constantFrom(0o000, 0o200, 0o400, 0o444, 0o644, 0o755, 0o777, 0o1777),
  link: fc.constantFrom<Corruption['link']>('entry', 'dangling', 'loop', ...(process.platform === 'win32' ? [] : ['dev-null' as const, 'dev-zero' as const])),
});

/** Applies `c` to the tree under `root`, whose entries (relative, folders ending in '/') are `entries`. */
export function corrupt(root: string, entries: readonly string[], c: Corruption): void {
  // (folders are listed with a trailing slash, which a path to replace must not have)
  const at = (i: number): string => path.join(root, entries[i % entries.length].replace(/\/$/, ''));
  const file = at(c.target);
  const other = at(c.other);
  try {
    apply(file, other, root, c);
  } catch (e) {
    // A path through an earlier corruption (a loop, a file where a folder was) cannot be corrupted again.
    if (!['ELOOP', 'ENOTDIR', 'ENOENT'].includes((e as NodeJS.ErrnoException).code ?? '')) throw e;
  }
}

function apply(file: string, other: string, root: string, c: Corruption): void {
  const stat = fs.lstatSync(file, { throwIfNoEntry: false });
  if (!stat) return;
  const isFile = stat.isFile();
  const otherIsFile = fs.lstatSync(other, { throwIfNoEntry: false })?.isFile() === true;
  switch (c.kind) {
    case 'truncate':
      if (isFile) fs.truncateSync(file, c.n % Math.max(1, stat.size));
      break;
    case 'garble':
      if (isFile) {
        const data = fs.readFileSync(file);
        for (let i = 0; i < c.bytes.length && data.length > 0; i++) data[(c.n + i * 7919) % data.length] = c.bytes[i];
        fs.writeFileSync(file, data);
      }
      break;
    case 'swap':
      if (isFile && otherIsFile) {
        const a = fs.readFileSync(file);
        fs.writeFileSync(file, fs.readFileSync(other));
        fs.writeFileSync(other, a);
      }
      break;
    case 'copy':
      if (isFile && otherIsFile) fs.writeFileSync(file, fs.readFileSync(other));
      break;
    case 'delete':
      fs.rmSync(file, { recursive: true, force: true });
      break;
    case 'chmod':
      fs.chmodSync(file, c.mode);
      break;
    case 'folder':
      fs.rmSync(file, { recursive: true, force: true });
      fs.mkdirSync(file);
      if (c.n % 2) fs.writeFileSync(path.join(file, 'inside'), c.bytes);
      break;
    case 'symlink': {
      const target = { entry: other, dangling: path.join(root, 'nowhere', 'x'), loop: file, 'dev-null': '/dev/null', 'dev-zero': '/dev/zero' }[c.link];
      fs.rmSync(file, { recursive: true, force: true });
      fs.symlinkSync(target, file);
      break;
    }
    case 'empty':
      if (isFile) fs.writeFileSync(file, '');
      break;
    case 'fifo':
      // A named pipe with no writer: a reader that opens it waits for ever.
      fs.rmSync(file, { recursive: true, force: true });
      childProcess.execFileSync('mkfifo', [file]);
      break;
    case 'append':
      if (isFile) fs.appendFileSync(file, Buffer.concat([Buffer.from(c.n % 2 ? '\n' : ''), c.bytes]));
      break;
  }
}

// --- the exact state of a tree ---------------------------------------------------------------------

/** Every path below `root` with its type, mode and content (files: a hash of the bytes; links: their target). */
export function treeState(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  const visit = (dir: string): void => {
    for (const name of fs.readdirSync(dir).sort()) {
      const full = path.join(dir, name);
      const rel = path.relative(root, full);
      const st = fs.lstatSync(full);
      const mode = (st.mode & 0o7777).toString(8);
      if (st.isDirectory()) {
        out[`${rel}/`] = mode;
        visit(full);
      } else if (st.isSymbolicLink()) {
        out[rel] = `link -> ${fs.readlinkSync(full)}`;
      } else if (st.isFile()) {
        out[rel] = `${mode} ${crypto.createHash('sha256').update(fs.readFileSync(full)).digest('base64')}`;
      } else {
        out[rel] = `${mode} special`;
      }
    }
  };
  if (fs.existsSync(root)) visit(root);
  return out;
}

// --- lifecycle options (user edit, account edit, user revoke) ------------------------------------

/** Sizes and counts as someone might type them, or mistype them on purpose. */
export const hostileSize: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('1GiB', '500MB', '512K', '1.5G', '-1', '0', 'unlimited', '-2', '1e3', '', ' ', '1 G', 'lots', '99999999999999999999', '9007199254740993', '0x10', '١٢٣', '1GiB\n', 'NaN', 'Infinity'),
  fc.nat({ max: 1_000_000_000 }).map(String),
  fc.string({ unit: 'binary-ascii', maxLength: 8 }),
);

const onOff = fc.constantFrom('on', 'off', 'ON', 'yes', '', 'true', '1');

/** `user edit` options with hostile values, as argv pieces. */
export const userEditOptions: fc.Arbitrary<string[]> = fc
  .array(
    fc.oneof(
      fc.tuple(fc.constantFrom('--allow-pub', '--deny-pub', '--allow-sub', '--deny-sub', '--rm-allow-pub', '--rm-deny-pub', '--rm-allow-sub', '--rm-deny-sub'), hostileSubject),
      fc.tuple(fc.constantFrom('--subs', '--data', '--payload'), hostileSize),
      fc.tuple(fc.constant('--expiry'), fc.oneof(fc.constant('never'), hostileExpiry)),
      fc.tuple(fc.constant('--bearer'), onOff),
      fc.tuple(fc.constantFrom('--conn-type', '--rm-conn-type'), fc.constantFrom('STANDARD', 'websocket', 'MQTT', 'leafnode_ws', 'carrier', '', 'STANDARD ')),
      fc.tuple(fc.constantFrom('--src', '--rm-src'), fc.constantFrom('10.0.0.0/8', '192.168.1.1/32', '::1/128', '10.0.0.0/33', '10.0.0.0', 'x', '', '1.2.3.4/8')),
      fc.tuple(fc.constantFrom('--tag', '--rm-tag'), hostileName),
      fc.tuple(fc.constant('--allow-pub-response'), fc.constantFrom('1', '5', '-1', '0', 'x', '')),
    ),
    { minLength: 1, maxLength: 4 },
  )
  .map((pairs) => pairs.flat());

/** `account edit` options with hostile values, as argv pieces. */
export const accountEditOptions: fc.Arbitrary<string[]> = fc
  .array(
    fc.oneof(
      fc.tuple(fc.constant('--jetstream'), onOff),
      fc.tuple(fc.constantFrom('--js-disk', '--js-mem', '--data', '--payload'), hostileSize),
      fc.tuple(fc.constantFrom('--js-streams', '--js-consumers', '--conns', '--subs'), hostileSize),
      fc.tuple(fc.constantFrom('--js-tier', '--rm-js-tier'), fc.constantFrom('R1', 'R3', 'R5', 'R0', 'R6', 'r1', 'R', 'R1 ', '')),
      fc.tuple(fc.constant('--description'), hostileName),
      fc.tuple(fc.constantFrom('--tag', '--rm-tag'), hostileName),
    ),
    { minLength: 1, maxLength: 4 },
  )
  .map((pairs) => pairs.flat());
