/**
 * The stream config files of the workspace on disk: every file the patterns name, and the other
 * JSON and YAML files whose first 64 KiB look like a stream config, a key-value bucket config or a
 * NACK resource (the rest of such files is never read).
 */
import * as fs from 'node:fs/promises';
import * as vscode from 'vscode';
import { NOT_REGULAR, describeIoError } from '../core/ioErrors';
import { OPEN_READ_NOW } from '../core/openFlags';
import { StreamDocument, decodeStreamFile, formatBytes, looksLikeStreamFile, parseAnyStreamDocument, unreadableDocument } from '../core/streams';
import { readBoundedFileAsync } from '../core/trust/files';

export interface StreamFile {
  uri: vscode.Uri;
  doc: StreamDocument;
}

/** Every JSON and YAML file is a candidate for content detection. */
export const JSON_GLOB = '**/*.{json,jsonc,yaml,yml}';
const EXCLUDE = '**/{node_modules,.git}/**';
const MAX_FILES = 5000;
/** The content head read to detect a stream config (the detector looks at no more). */
const HEAD_BYTES = 64 * 1024;
/** Without a local path, files larger than this are not read for detection. */
const MAX_REMOTE_DETECT_BYTES = 8 * 1024 * 1024;
const CONCURRENT_READS = 8;
/** Files larger than this are not read unless the setting says otherwise (64 MiB). */
const DEFAULT_MAX_BYTES = 64 * 1024 * 1024;

/** True for a `.json`, `.jsonc`, `.yaml` or `.yml` file name. */
export function isJsonFile(uri: vscode.Uri): boolean {
  return /\.(?:jsonc?|ya?ml)$/i.test(uri.path);
}

/** The JSON files under a folder (the scan's exclusions apply). */
export function findJsonFiles(folder: vscode.Uri): Thenable<vscode.Uri[]> {
  return vscode.workspace.findFiles(new vscode.RelativePattern(folder, JSON_GLOB), EXCLUDE, MAX_FILES);
}

/** True for paths the scan skips (dependencies, git internals). */
export function isExcluded(uri: vscode.Uri): boolean {
  return /\/(node_modules|\.git)\//.test(uri.path);
}

/** Thrown for a path that is no regular file: a pipe would block the read, a device never end it. */
function notRegular(uri: vscode.Uri): Error {
  return Object.assign(new Error(`ENOTREG: ${describeIoError({ code: 'ENOTREG' })}, read '${uri.fsPath}'`), { code: 'ENOTREG' });
}

/**
 * The first bytes of a file, decoded (enough for content detection); undefined if too large to
 * read. Only a regular file is read: a repository can hold a `.json` link to `/dev/zero`.
 */
async function readHead(uri: vscode.Uri): Promise<string | undefined> {
  if (uri.scheme === 'file') {
    // Not blocking: opening a named pipe for reading waits for a writer, holding one of the few
    // threads that every file operation of the extension host shares.
    const handle = await fs.open(uri.fsPath, OPEN_READ_NOW);
    try {
      if (!(await handle.stat()).isFile()) throw notRegular(uri);
      const buffer = Buffer.alloc(HEAD_BYTES);
      const { bytesRead } = await handle.read(buffer, 0, HEAD_BYTES, 0);
      return buffer.subarray(0, bytesRead).toString('utf8');
    } finally {
      await handle.close();
    }
  }
  const stat = await vscode.workspace.fs.stat(uri);
  if ((stat.type & vscode.FileType.File) === 0) throw notRegular(uri);
  if (stat.size > MAX_REMOTE_DETECT_BYTES) return undefined;
  return new TextDecoder().decode((await vscode.workspace.fs.readFile(uri)).subarray(0, HEAD_BYTES));
}

/** Too large to read (`natsWorkbench.streams.maxFileSize`). */
function tooLarge(size: number, maxBytes: number): string {
  return `the file is ${formatBytes(size)}, above the limit of ${formatBytes(maxBytes)} (natsWorkbench.streams.maxFileSize): not read`;
}

/**
 * The bytes of a regular file of at most `maxBytes`, or why it is not read. A local file is read
 * through one bounded reader (it refuses pipes, devices and sockets, and a file that grows past
 * the limit while read); another file system is asked what the path is first.
 */
async function readBounded(uri: vscode.Uri, maxBytes: number): Promise<{ bytes?: Uint8Array; problem?: string }> {
  if (uri.scheme === 'file') {
    try {
      return { bytes: await readBoundedFileAsync(uri.fsPath, maxBytes) };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EFBIG') throw e;
      return { problem: tooLarge((await fs.stat(uri.fsPath)).size, maxBytes) };
    }
  }
  const stat = await vscode.workspace.fs.stat(uri);
  if ((stat.type & vscode.FileType.File) === 0) throw notRegular(uri);
  if (stat.size > maxBytes) return { problem: tooLarge(stat.size, maxBytes) };
  return { bytes: await vscode.workspace.fs.readFile(uri) };
}

/**
 * Reads a file as a stream config: always when `named` (a pattern names it), else only when its
 * head looks like one. Undefined when it is not one, or gone; other read errors are logged.
 */
export async function readStreamFile(uri: vscode.Uri, named: boolean, log: vscode.LogOutputChannel, maxBytes = DEFAULT_MAX_BYTES): Promise<StreamFile | undefined> {
  try {
    if (!named) {
      const head = await readHead(uri);
      if (head === undefined || !looksLikeStreamFile(uri.path, head)) return undefined;
    }
    const read = await readBounded(uri, maxBytes);
    if (read.problem !== undefined) return { uri, doc: unreadableDocument(uri.toString(), read.problem) };
    // As VS Code reads files: a byte order mark is dropped, UTF-16 with one decoded.
    const decoded = decodeStreamFile(read.bytes!);
    const doc = decoded.problem !== undefined ? unreadableDocument(uri.toString(), decoded.problem) : parseAnyStreamDocument(decoded.text, uri.toString());
    return { uri, doc };
  } catch (e) {
    const code = e instanceof vscode.FileSystemError ? e.code : (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'FileNotFound') return undefined;
    // A folder named like a stream config is no file: its files are read on their own.
    if (code === 'EISDIR' || code === 'FileIsADirectory') return undefined;
    // A `.json` name that is a pipe, a device or a socket (or a link to one): said where it is, as the CLI says it.
    if (code === 'ENOTREG') return { uri, doc: unreadableDocument(uri.toString(), NOT_REGULAR) };
    log.warn(`Could not read ${uri.fsPath}: ${String(e)}`);
    return undefined;
  }
}

/** Finds and reads the workspace's stream config files; `named` says whether a pattern names a file. */
export async function findStreamFiles(
  patterns: readonly string[],
  named: (uri: vscode.Uri) => boolean,
  log: vscode.LogOutputChannel,
  maxBytes = DEFAULT_MAX_BYTES,
): Promise<{ files: Map<string, StreamFile>; candidates: number }> {
  const files = new Map<string, StreamFile>();
  if (!vscode.workspace.workspaceFolders?.length) return { files, candidates: 0 };
  const lists = await Promise.all([...patterns, JSON_GLOB].map((p) => vscode.workspace.findFiles(p, EXCLUDE, MAX_FILES)));
  const byPattern = new Set(lists.slice(0, -1).flat().map((u) => u.toString()));
  const uris = new Map(lists.flat().map((u) => [u.toString(), u]));
  const queue = [...uris.entries()];
  const worker = async (): Promise<void> => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      const [key, uri] = next;
      const file = await readStreamFile(uri, byPattern.has(key) || named(uri), log, maxBytes);
      if (file) files.set(key, file);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENT_READS }, worker));
  return { files, candidates: uris.size };
}
