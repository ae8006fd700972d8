/**
 * The stream config files of the workspace on disk: every file the patterns name, and the other
 * JSON and YAML files whose first 64 KiB look like a stream config, a key-value bucket config or a
 * NACK resource (the rest of such files is never read).
 */
import * as fs from 'node:fs/promises';
import * as vscode from 'vscode';
import { StreamDocument, decodeStreamFile, formatBytes, looksLikeStreamFile, parseAnyStreamDocument, unreadableDocument } from '../core/streams';

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

/** The first bytes of a file, decoded (enough for content detection); undefined if too large to read. */
async function readHead(uri: vscode.Uri): Promise<string | undefined> {
  if (uri.scheme === 'file') {
    const handle = await fs.open(uri.fsPath, 'r');
    try {
      const buffer = Buffer.alloc(HEAD_BYTES);
      const { bytesRead } = await handle.read(buffer, 0, HEAD_BYTES, 0);
      return buffer.subarray(0, bytesRead).toString('utf8');
    } finally {
      await handle.close();
    }
  }
  const stat = await vscode.workspace.fs.stat(uri);
  if (stat.size > MAX_REMOTE_DETECT_BYTES) return undefined;
  return new TextDecoder().decode((await vscode.workspace.fs.readFile(uri)).subarray(0, HEAD_BYTES));
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
    const { size } = await vscode.workspace.fs.stat(uri);
    if (size > maxBytes) {
      const message = `the file is ${formatBytes(size)}, above the limit of ${formatBytes(maxBytes)} (natsWorkbench.streams.maxFileSize): not read`;
      return { uri, doc: unreadableDocument(uri.toString(), message) };
    }
    // As VS Code reads files: a byte order mark is dropped, UTF-16 with one decoded.
    const decoded = decodeStreamFile(await vscode.workspace.fs.readFile(uri));
    const doc = decoded.problem !== undefined ? unreadableDocument(uri.toString(), decoded.problem) : parseAnyStreamDocument(decoded.text, uri.toString());
    return { uri, doc };
  } catch (e) {
    const gone = (e instanceof vscode.FileSystemError && e.code === 'FileNotFound') || (e as NodeJS.ErrnoException).code === 'ENOENT';
    if (!gone) log.warn(`Could not read ${uri.fsPath}: ${String(e)}`);
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
