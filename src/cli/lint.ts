/**
 * `nats-workbench lint [--format text|json|sarif] [--disable RULE]… <files or folders>…`: the stream
 * config rules for CI pipelines. Workspace rules run across all files of one run.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  DocumentInput,
  Finding,
  RULE_IDS,
  RuleSettings,
  analyzeWorkspace,
  decodeStreamFile,
  formatBytes,
  getRule,
  looksLikeStreamFile,
  parseServerVersion,
  ruleCatalogue,
  unreadableDocument,
} from '../core/streams';
import { NOT_REGULAR, describeIoError } from '../core/ioErrors';
import { displayLine, displayText, quoted } from '../core/trust/quote';
import { CliCommand, CliIo, UsageError, optionValue, parseArgs } from './framework';
import { sarifLog } from './sarif';
import { plural } from '../core/plural';
import { OPEN_READ_NOW } from '../core/openFlags';

const FORMATS = ['text', 'json', 'sarif'] as const;
type Format = (typeof FORMATS)[number];
const SKIPPED_FOLDERS = new Set(['node_modules', '.git']);
const EXTENSIONS = ['.json', '.jsonc', '.yaml', '.yml'];

const usage = `Usage: nats-workbench lint [--format text|json|sarif] [--disable RULE]... [--server-version VERSION]
                          [--max-file-size SIZE] <files or folders>...

Checks JetStream stream configurations: JSON or JSONC files holding a stream configuration, a
\`nats stream info --json\` document, a key-value bucket config, a consumer config (or
\`nats consumer info --json\` document), or an array of them; and YAML files holding NACK resources
(jetstream.nats.io Stream, KeyValue, ObjectStore, Consumer). Folders are searched
recursively for .json/.jsonc/.yaml/.yml files that hold them (node_modules and .git are skipped); files named
explicitly are always checked. Rules across files (overlapping subjects, copy cycles, copies in
the same cluster) see every file of the run.

Options:
  --format FORMAT   text (default, for people), json (an array of findings with 1-based lines
                    and columns) or sarif (SARIF 2.1.0, for code-scanning dashboards)
  --disable RULE    turn a rule off; repeat for several
  --server-version VERSION
                    the nats-server version whose checks apply, e.g. 2.9 or 2.10.17 (default:
                    the newest); reserved-subject follows it
  --max-file-size SIZE
                    files larger than this are not read but reported (unreadable-file);
                    e.g. 64M (the default), 512K, 1G

Files that cannot be read (a dangling symbolic link, a link loop, a link to a folder, a file
above the size limit, UTF-16 without a byte order mark) are reported as unreadable-file findings
and the run goes on; a file reached twice through links is checked once.

Exit codes: 0 no finding is an error, 1 at least one is, 2 wrong usage or a named path that does
not exist.

Rules:
${ruleCatalogue()
  .map((r) => `  ${r.id.padEnd(30)} ${r.severity.padEnd(8)} ${r.title}${r.scope === 'live' ? ' (needs a server)' : ''}`)
  .join('\n')}
`;

export interface Source {
  /** The absolute path: the document's URI for the analysis (folders decide subjects-overlap). */
  absolute: string;
  /** As shown: relative to the working folder when inside it. */
  shown: string;
}

/** A file to check: its text, or why it cannot be read (an `unreadable-file` finding). */
export interface Input {
  source: Source;
  text?: string;
  problem?: string;
}

export class UnreadablePath extends Error {}

/** The default of `--max-file-size`: larger files are refused (a 400 MB file would exhaust the heap). */
export const DEFAULT_MAX_FILE_SIZE = 64 * 1024 * 1024;
/** Content detection reads no more than this of a file in a folder. */
const HEAD_BYTES = 64 * 1024;

function shownPath(absolute: string, cwd: string): string {
  const rel = path.relative(cwd, absolute);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : absolute;
}

function isJsonName(name: string): boolean {
  const lower = name.toLowerCase();
  return EXTENSIONS.some((x) => lower.endsWith(x));
}

/** Why a linked or special `.json` entry is no file to read, or undefined for a regular file. */
function notAFile(full: string, entry: fs.Dirent): string | undefined {
  if (entry.isFile()) return undefined;
  if (!entry.isSymbolicLink()) return NOT_REGULAR;
  let stat: fs.Stats;
  try {
    stat = fs.statSync(full);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return `a dangling symbolic link (to ${quoted(fs.readlinkSync(full))}, which does not exist)`;
    if (code === 'ELOOP') return 'a symbolic link loop';
    return `a symbolic link that cannot be followed: ${describeIoError(e)}`;
  }
  if (stat.isDirectory()) return 'a symbolic link to a folder, not a file';
  if (!stat.isFile()) return `a symbolic link to something that is ${NOT_REGULAR}`;
  return undefined;
}

/** The .json/.jsonc files under `folder` (links to files included), and the entries that cannot be read. */
function walk(folder: string, out: { file: string; problem?: string }[], top: boolean): void {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(folder, { withFileTypes: true });
  } catch (e) {
    if (top) throw new UnreadablePath(`cannot read '${folder}': ${describeIoError(e)}`);
    out.push({ file: folder, problem: `the folder cannot be read: ${describeIoError(e)}` });
    return;
  }
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_FOLDERS.has(entry.name)) walk(full, out, false);
    } else if (isJsonName(entry.name)) {
      // Links to folders are not followed (no loops), but a `.json` name that is no file is reported.
      out.push({ file: full, problem: notAFile(full, entry) });
    }
  }
}

/**
 * Reads a file as text: undefined when it is in a folder (not named) and does not look like a
 * stream config; `problem` when it cannot be read.
 */
function readInput(file: string, named: boolean, maxBytes: number): { text?: string; problem?: string } | undefined {
  let fd: number;
  try {
    fd = fs.openSync(file, OPEN_READ_NOW);
  } catch (e) {
    return { problem: `cannot be read: ${describeIoError(e)}` };
  }
  try {
    const stat = fs.fstatSync(fd);
    if (stat.isDirectory()) return { problem: 'a folder, not a file' };
    if (!stat.isFile()) return { problem: NOT_REGULAR };
    if (stat.size > maxBytes) {
      if (!named) {
        // Only a file that looks like a stream config is worth the finding.
        const head = Buffer.alloc(Math.min(HEAD_BYTES, stat.size));
        const read = fs.readSync(fd, head, 0, head.length, 0);
        const decoded = decodeStreamFile(head.subarray(0, read));
        if (decoded.text !== undefined && !looksLikeStreamFile(file, decoded.text)) return undefined;
      }
      return { problem: `the file is ${formatBytes(stat.size)}, above the limit of ${formatBytes(maxBytes)} (--max-file-size): not read` };
    }
    const decoded = decodeStreamFile(fs.readFileSync(fd));
    if (decoded.problem !== undefined) return { problem: decoded.problem };
    if (!named && !looksLikeStreamFile(file, decoded.text)) return undefined;
    return { text: decoded.text };
  } catch (e) {
    return { problem: `cannot be read: ${describeIoError(e)}` };
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * The files to check: named files always, files in folders when they hold stream configs, and
 * every entry that cannot be read (a dangling link, a loop, a file above the size limit) as a
 * problem of its own. A file reached twice (through links) is checked once.
 */
export function collect(args: string[], cwd: string, maxBytes: number): Input[] {
  const seen = new Set<string>();
  const out: Input[] = [];
  const add = (absolute: string, named: boolean, problem?: string): void => {
    let real = absolute;
    try {
      real = fs.realpathSync.native(absolute);
    } catch {
      // Dangling or a loop: the problem says so; the path itself is the key.
    }
    if (seen.has(real)) return;
    seen.add(real);
    const source = { absolute, shown: shownPath(absolute, cwd) };
    if (problem !== undefined) {
      out.push({ source, problem });
      return;
    }
    const read = readInput(absolute, named, maxBytes);
    if (read) out.push({ source, ...read });
  };
  for (const arg of args) {
    const absolute = path.resolve(cwd, arg);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(absolute);
    } catch (e) {
      throw new UnreadablePath(`cannot read '${arg}': ${describeIoError(e)}`);
    }
    if (stat.isDirectory()) {
      const files: { file: string; problem?: string }[] = [];
      walk(absolute, files, true);
      for (const { file, problem } of files) add(file, false, problem);
    } else {
      add(absolute, true);
    }
  }
  return out;
}

interface Located {
  finding: Finding;
  file: string;
}

function jsonFindings(located: Located[]): string {
  const rows = located.map(({ finding: f, file }) => ({
    file,
    line: f.range.start.line + 1,
    column: f.range.start.character + 1,
    endLine: f.range.end.line + 1,
    endColumn: f.range.end.character + 1,
    severity: f.severity,
    rule: f.rule,
    message: f.message,
  }));
  return JSON.stringify(rows, null, 2) + '\n';
}

function textFindings(located: Located[], files: number, streams: number, liveChecked: boolean): string {
  // File names and messages (which quote stream names) come from the files: printed through
  // displayText, a file name (at the line's start) through displayLine: no workflow command.
  const lines = located.map(({ finding: f, file }) => `${displayLine(file)}:${f.range.start.line + 1}:${f.range.start.character + 1}: ${f.severity} ${f.rule} ${displayText(f.message)}`);
  const by = (s: string): number => located.filter((l) => l.finding.severity === s).length;
  const scope = `in ${plural(files, 'file')} (${plural(streams, 'stream')})`;
  lines.push(
    '',
    located.length === 0 ? `No problems ${scope}.` : `${plural(by('error'), 'error')}, ${plural(by('warning'), 'warning')}, ${plural(by('info'), 'info')} ${scope}.`,
  );
  if (!liveChecked) lines.push('Rules that need a server (replicas-standalone, replicas-exceed-cluster, placement-unmatched) were not checked.');
  return lines.join('\n') + '\n';
}

function sarif(located: Located[], cwd: string): string {
  return sarifLog(
    ruleCatalogue(),
    located.map(({ finding: f, file }) => ({ rule: f.rule, severity: f.severity, message: f.message, location: { file, range: f.range } })),
    cwd,
  );
}

/** A size such as `64M`, `512KiB`, `1G` or `1048576` (bytes; K, M and G are powers of 1024). */
export function parseSize(text: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)\s*(b|k|kb|kib|m|mb|mib|g|gb|gib)?$/i.exec(text.trim());
  if (!m) return undefined;
  const unit = (m[2] ?? 'b').toLowerCase()[0];
  const bytes = Math.floor(Number(m[1]) * (unit === 'k' ? 1024 : unit === 'm' ? 1024 ** 2 : unit === 'g' ? 1024 ** 3 : 1));
  return bytes > 0 && Number.isSafeInteger(bytes) ? bytes : undefined;
}

async function run(args: string[], io: CliIo): Promise<number> {
  const parsed = parseArgs(args, { values: ['format', 'disable', 'server-version', 'max-file-size'] });
  const format = (optionValue(parsed, 'format') ?? 'text') as Format;
  if (!FORMATS.includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}, not '${format}'`);
  const settings: Record<string, 'off'> = {};
  for (const id of parsed.options.get('disable') ?? []) {
    if (!getRule(id)) throw new UsageError(`--disable: unknown rule '${id}'; the rules are ${RULE_IDS.join(', ')}`);
    settings[id] = 'off';
  }
  const serverVersion = optionValue(parsed, 'server-version');
  if (serverVersion !== undefined && !parseServerVersion(serverVersion)) throw new UsageError(`--server-version must be a version such as 2.9 or 2.10.17, not ${quoted(serverVersion)}`);
  const sizeText = optionValue(parsed, 'max-file-size');
  const maxBytes = sizeText === undefined ? DEFAULT_MAX_FILE_SIZE : parseSize(sizeText);
  if (maxBytes === undefined) throw new UsageError(`--max-file-size must be a size such as 64M, 512K or 1048576, not ${quoted(sizeText ?? '')}`);
  if (parsed.positionals.length === 0) throw new UsageError('name at least one file or folder to check');

  let inputs: Input[];
  try {
    inputs = collect(parsed.positionals, io.cwd, maxBytes);
  } catch (e) {
    if (!(e instanceof UnreadablePath)) throw e;
    io.stderr.write(`nats-workbench lint: ${displayText(e.message)}\n`);
    return 2;
  }
  if (inputs.length === 0) io.stderr.write(`nats-workbench lint: no stream config files found in ${displayText(parsed.positionals.join(', '))}\n`);

  const shown = new Map(inputs.map((i) => [i.source.absolute, i.source.shown]));
  const documents: DocumentInput[] = inputs.map((i) => (i.problem !== undefined ? unreadableDocument(i.source.absolute, i.problem) : { uri: i.source.absolute, text: i.text! }));
  const analysis = analyzeWorkspace(documents, { settings: settings as RuleSettings, serverVersion });
  const sorted = [...analysis.documents].sort((a, b) => shown.get(a.uri)!.localeCompare(shown.get(b.uri)!));
  const located = sorted.flatMap((d) => d.findings.map((finding) => ({ finding, file: shown.get(d.uri)! })));
  const streams = sorted.reduce((n, d) => n + d.streams.length, 0);

  if (format === 'json') io.stdout.write(jsonFindings(located));
  else if (format === 'sarif') io.stdout.write(sarif(located, io.cwd));
  else io.stdout.write(textFindings(located, sorted.length, streams, analysis.live.checked));
  return located.some((l) => l.finding.severity === 'error') ? 1 : 0;
}

export const lintCommand: CliCommand = {
  summary: 'Check JetStream stream config files (text, json or SARIF output)',
  usage,
  run,
};
