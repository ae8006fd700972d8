/**
 * The one shared, cached stream analysis of the workspace: which documents are stream configs,
 * their analysis (findings, summaries) with the workspace rules run across all of them, and an
 * event when any of it changes. The code lenses, diagnostics, hovers and quick fixes read it; the
 * Workspace Streams tree and the live-cluster checks use it too (`setTopology` adds the live rules).
 *
 * Sources: open JSON/JSONC documents (their unsaved text) and, once `scanWorkspace` ran, the stream
 * config files on disk (glob settings, then cheap content detection of the other JSON files).
 */
import * as vscode from 'vscode';
import { DocumentAnalysis, MappedStreamDocument, StreamDocument, Topology, analyzeWorkspace, looksLikeStreamFile, parseAnyStreamDocument } from '../core/streams';
import type { Services } from '../services';
import { GlobSet } from './filePatterns';
import { SECTION, SERVER_VERSION_SETTING, StreamSettings, readSettings } from './settings';
import { JSON_GLOB, StreamFile, findJsonFiles, findStreamFiles, isExcluded, isJsonFile, readStreamFile } from './streamFiles';

declare module '../services' {
  interface Services {
    /** The shared stream analysis; get it with `streamAnalysis(services)`. */
    streamAnalysis?: StreamAnalysisService;
  }
}

/** The shared service of this extension instance, created on first use. */
export function streamAnalysis(services: Services): StreamAnalysisService {
  if (!services.streamAnalysis) {
    const service = new StreamAnalysisService(services.log);
    services.context.subscriptions.push(service);
    services.streamAnalysis = service;
  }
  return services.streamAnalysis;
}

export interface StreamAnalysisChange {
  /** Documents whose analysis changed, appeared or disappeared. */
  uris: vscode.Uri[];
}

/** Edits are analysed after this pause (providers asking earlier get a fresh analysis at once). */
const DEBOUNCE_MS = 150;
/** The head of an open document given to content detection (the detector looks at no more). */
const HEAD_CHARS = 64 * 1024;
const SCHEMES = new Set(['file', 'untitled']);
const LANGUAGES = new Set(['json', 'jsonc', 'yaml']);

interface Source extends StreamFile {
  /** The open document's version it was parsed from; undefined when read from disk. */
  version?: number;
}

interface Result {
  analysis: DocumentAnalysis;
  fingerprint: string;
}

function fingerprint(a: DocumentAnalysis): string {
  return JSON.stringify([
    a.findings.map((f) => [f.rule, f.severity, f.message, f.range.offset, f.range.length, f.related.map((r) => [r.uri, r.range.offset, r.message])]),
    a.streams.map((s) => [s.anchorRange.offset, s.range.length, s.summary.text]),
    a.live.checked,
  ]);
}

export class StreamAnalysisService implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<StreamAnalysisChange>();
  /** Fires when documents' analyses change (content, settings, topology, other files). */
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [this.changed];

  private current: StreamSettings = readSettings();
  private patterns = new GlobSet(this.current.filePatterns);
  /** Stream configs read from disk (kept up to date by a file watcher once scanned). */
  private disk = new Map<string, Source>();
  /** Open documents that are stream configs, parsed at `version`. */
  private readonly open = new Map<string, Source>();
  /** Open JSON documents found not to be stream configs, with the version checked. */
  private readonly notStream = new Map<string, number>();
  /** Open documents edited since they were last parsed. */
  private readonly pending = new Map<string, vscode.TextDocument>();
  private pendingTimer: NodeJS.Timeout | undefined;
  private readonly diskTimers = new Map<string, NodeJS.Timeout>();
  /** Paths created and deleted since the last batch (URI strings → URIs), handled together. */
  private readonly createdPaths = new Map<string, vscode.Uri>();
  private readonly deletedPaths = new Map<string, vscode.Uri>();
  private pathTimer: NodeJS.Timeout | undefined;
  private results = new Map<string, Result>();
  /** Topology scope ('' for every document, else a folder or file URI) → topology. */
  private readonly topologies = new Map<string, Topology>();
  private scanned = false;
  private scanning: Promise<void> | undefined;
  /** The version of the server the active connection is attached to, if any. */
  private connectedVersion: string | undefined;

  constructor(private readonly log: vscode.LogOutputChannel) {
    this.reportSettingsProblems();
    const watcher = vscode.workspace.createFileSystemWatcher(JSON_GLOB);
    // Files written into a folder made a moment before can escape the watcher (it starts watching
    // the new folder a little later), and a deleted folder may be reported without its files: a
    // new folder is searched once, and the files under a deleted one are forgotten.
    const folders = vscode.workspace.createFileSystemWatcher('**/*', false, true, false);
    this.disposables.push(
      watcher,
      watcher.onDidCreate((uri) => this.diskChanged(uri)),
      watcher.onDidChange((uri) => this.diskChanged(uri)),
      watcher.onDidDelete((uri) => this.diskDeleted(uri)),
      folders,
      folders.onDidCreate((uri) => this.pathEvent(this.createdPaths, uri)),
      folders.onDidDelete((uri) => this.pathEvent(this.deletedPaths, uri)),
      vscode.workspace.onDidOpenTextDocument((d) => this.documentOpened(d)),
      vscode.workspace.onDidChangeTextDocument((e) => this.documentEdited(e.document)),
      vscode.workspace.onDidCloseTextDocument((d) => this.documentClosed(d)),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(SECTION) || e.affectsConfiguration(SERVER_VERSION_SETTING)) this.settingsChanged();
      }),
    );
    let any = false;
    for (const d of vscode.workspace.textDocuments) any = this.sync(d) || any;
    if (any) this.reanalyse();
    if (this.open.size > 0) void this.scanWorkspace();
  }

  dispose(): void {
    clearTimeout(this.pendingTimer);
    for (const t of this.diskTimers.values()) clearTimeout(t);
    clearTimeout(this.pathTimer);
    for (const d of this.disposables) d.dispose();
  }

  /** The settings in effect (rule severities, file patterns, code lens switch). */
  get settings(): StreamSettings {
    return this.current;
  }

  /** True once the workspace's stream config files have been read. */
  get isScanned(): boolean {
    return this.scanned;
  }

  /** True when `document` counts as a stream config (a pattern names it, or its content is one). */
  isStreamConfig(document: vscode.TextDocument): boolean {
    this.refreshDocument(document);
    return this.open.has(document.uri.toString());
  }

  /** True when the document is open in the editor and is a stream config. */
  isOpen(uri: vscode.Uri): boolean {
    return this.open.has(uri.toString());
  }

  /**
   * The analysis of a document: for an open document, of its current text (analysed now if it
   * changed); for a URI, the latest of the open document or the file on disk (after a scan).
   * Undefined when it is not a stream config.
   */
  analysisFor(target: vscode.TextDocument | vscode.Uri): DocumentAnalysis | undefined {
    return this.resultFor(target)?.analysis;
  }

  /** Every stream config known: open documents, and the workspace's files once scanned; by URI. */
  documents(): DocumentAnalysis[] {
    this.flush();
    return [...this.results.values()].map((r) => r.analysis).sort((a, b) => a.uri.localeCompare(b.uri));
  }

  /**
   * Reads the workspace's stream config files (again): every file the patterns name, and the
   * other JSON files whose content is a stream config. Resolves when done (concurrent calls share
   * one scan).
   */
  scanWorkspace(): Promise<void> {
    this.scanning ??= this.scan().finally(() => (this.scanning = undefined));
    return this.scanning;
  }

  /** Resolves once the workspace has been scanned (starting the scan if needed). */
  async whenScanned(): Promise<void> {
    if (!this.scanned) await this.scanWorkspace();
  }

  /**
   * Sets the topology the live rules check against: for every document (`scope` undefined), or for
   * the documents in a folder or one file (the most specific scope wins). `undefined` removes it.
   */
  setTopology(scope: vscode.Uri | undefined, topology: Topology | undefined): void {
    const key = scope ? scope.toString().replace(/\/$/, '') : '';
    if (topology) this.topologies.set(key, topology);
    else this.topologies.delete(key);
    this.reanalyse();
  }

  /**
   * The version of the server the active connection is attached to (undefined when none): the
   * version-aware rules follow it unless `natsWorkbench.serverVersion` names one.
   */
  setServerVersion(version: string | undefined): void {
    if (version === this.connectedVersion) return;
    this.connectedVersion = version;
    this.reanalyse();
  }

  /** The server version the analysis follows ('' or undefined: the newest). */
  get serverVersion(): string | undefined {
    return this.current.serverVersion || this.connectedVersion;
  }

  /** The topology in effect for a document, if any. */
  topologyFor(uri: vscode.Uri): Topology | undefined {
    return this.topologyForKey(uri.toString());
  }

  // ---- documents ----------------------------------------------------------------------------

  private resultFor(target: vscode.TextDocument | vscode.Uri): Result | undefined {
    if (target instanceof vscode.Uri) {
      const key = target.toString();
      const doc = this.pending.get(key);
      if (doc) this.refreshDocument(doc);
      return this.results.get(key);
    }
    this.refreshDocument(target);
    return this.results.get(target.uri.toString());
  }

  /** Brings one open document up to date now (and everything pending with it). */
  private refreshDocument(document: vscode.TextDocument): void {
    const key = document.uri.toString();
    if (this.pending.has(key)) {
      this.flush();
      return;
    }
    if (this.sync(document)) this.reanalyse();
  }

  private isCandidate(d: vscode.TextDocument): boolean {
    return SCHEMES.has(d.uri.scheme) && LANGUAGES.has(d.languageId);
  }

  private matchesPatterns(uri: vscode.Uri): boolean {
    if (uri.scheme !== 'file') return false;
    return this.patterns.matches(uri.fsPath, vscode.workspace.asRelativePath(uri, false));
  }

  private counts(d: vscode.TextDocument): boolean {
    if (!this.isCandidate(d)) return false;
    if (this.matchesPatterns(d.uri)) return true;
    const head = d.getText(new vscode.Range(new vscode.Position(0, 0), d.positionAt(HEAD_CHARS)));
    return looksLikeStreamFile(d.languageId === 'yaml' ? 'document.yaml' : d.uri.path, head);
  }

  /** An open document read with the reader its language calls for (NACK resources in YAML). */
  private parse(d: vscode.TextDocument, key: string): StreamDocument {
    return d.languageId === 'yaml' ? MappedStreamDocument.fromNackYaml(d.getText(), key) : parseAnyStreamDocument(d.getText(), key);
  }

  /** Parses an open document if its version changed; true when the analysis must be redone. */
  private sync(d: vscode.TextDocument): boolean {
    const key = d.uri.toString();
    const known = this.open.get(key);
    if (known?.version === d.version || (!known && this.notStream.get(key) === d.version)) return false;
    if (this.counts(d)) {
      this.open.set(key, { uri: d.uri, doc: this.parse(d, key), version: d.version });
      this.notStream.delete(key);
      return true;
    }
    this.notStream.set(key, d.version);
    return this.open.delete(key);
  }

  private documentOpened(d: vscode.TextDocument): void {
    if (!this.isCandidate(d)) return;
    if (this.sync(d)) this.reanalyse();
    if (this.open.has(d.uri.toString()) && !this.scanned) void this.scanWorkspace();
  }

  private documentEdited(d: vscode.TextDocument): void {
    if (!this.isCandidate(d)) return;
    this.pending.set(d.uri.toString(), d);
    clearTimeout(this.pendingTimer);
    this.pendingTimer = setTimeout(() => this.flush(), DEBOUNCE_MS);
  }

  private documentClosed(d: vscode.TextDocument): void {
    const key = d.uri.toString();
    this.pending.delete(key);
    this.notStream.delete(key);
    if (this.open.delete(key)) this.reanalyse();
  }

  private flush(): void {
    clearTimeout(this.pendingTimer);
    this.pendingTimer = undefined;
    if (this.pending.size === 0) return;
    const docs = [...this.pending.values()];
    this.pending.clear();
    let changed = false;
    for (const d of docs) if (!d.isClosed) changed = this.sync(d) || changed;
    if (changed) this.reanalyse();
  }

  // ---- files on disk ------------------------------------------------------------------------

  private async scan(): Promise<void> {
    const started = Date.now();
    const { files, candidates } = await findStreamFiles(this.current.filePatterns, (uri) => this.matchesPatterns(uri), this.log, this.current.maxFileSize);
    this.disk = files;
    this.scanned = true;
    this.log.info(`Stream configs: ${files.size} of ${candidates} JSON files in the workspace (${Date.now() - started} ms)`);
    this.reanalyse();
  }

  private diskChanged(uri: vscode.Uri): void {
    if (!this.scanned || isExcluded(uri)) return;
    const key = uri.toString();
    clearTimeout(this.diskTimers.get(key));
    this.diskTimers.set(
      key,
      setTimeout(() => {
        this.diskTimers.delete(key);
        void readStreamFile(uri, this.matchesPatterns(uri), this.log, this.current.maxFileSize).then((source) => {
          const before = this.disk.get(key);
          if (source) this.disk.set(key, source);
          else this.disk.delete(key);
          if ((before || source) && before?.doc.text !== source?.doc.text && !this.open.has(key)) this.reanalyse();
        });
      }, DEBOUNCE_MS),
    );
  }

  private diskDeleted(uri: vscode.Uri): void {
    if (this.forgetDeleted(uri.toString())) this.reanalyse();
  }

  /**
   * Forgets a file deleted on disk; true when the analysis changes. A document VS Code still holds
   * for it (a tab showing the file as deleted, or one closed a moment ago: VS Code drops closed
   * documents later) goes too, unless it has unsaved edits: saving it brings the file back.
   */
  private forgetDeleted(key: string): boolean {
    const onDisk = this.disk.delete(key);
    const open = this.open.get(key);
    const unsaved = open && vscode.workspace.textDocuments.some((d) => d.uri.toString() === key && d.isDirty);
    if (open && !unsaved) {
      this.open.delete(key);
      this.notStream.delete(key);
      return true;
    }
    return onDisk && !open;
  }

  /**
   * Notes a created or deleted path; a copy or removal of a whole tree reports each of its files,
   * so they are handled in one batch after a pause.
   */
  private pathEvent(paths: Map<string, vscode.Uri>, uri: vscode.Uri): void {
    if (!this.scanned || isExcluded(uri) || isJsonFile(uri)) return;
    paths.set(uri.toString(), uri);
    clearTimeout(this.pathTimer);
    this.pathTimer = setTimeout(() => this.pathBatch(), DEBOUNCE_MS);
  }

  private pathBatch(): void {
    this.pathTimer = undefined;
    const deleted = new Set(this.deletedPaths.keys());
    const created = [...this.createdPaths].filter(([key]) => !hasAncestorIn(key, this.createdPaths));
    this.deletedPaths.clear();
    this.createdPaths.clear();
    // Forget the files under a deleted folder.
    let changed = false;
    for (const key of new Set([...this.disk.keys(), ...this.open.keys()])) {
      if (hasAncestorIn(key, deleted) && this.open.get(key)?.uri.scheme !== 'untitled') changed = this.forgetDeleted(key) || changed;
    }
    if (changed) this.reanalyse();
    // Read the stream configs of each new folder (with whatever was written into it already).
    for (const [, uri] of created) void this.folderCreated(uri);
  }

  private async folderCreated(uri: vscode.Uri): Promise<void> {
    try {
      if ((await vscode.workspace.fs.stat(uri)).type !== vscode.FileType.Directory) return;
      for (const file of await findJsonFiles(uri)) this.diskChanged(file);
    } catch {
      // Gone again already, or unreadable: the watcher reports what happens next.
    }
  }

  // ---- settings and topology ----------------------------------------------------------------

  private reportSettingsProblems(): void {
    for (const p of this.current.problems) this.log.warn(`Settings: ${p}`);
  }

  private settingsChanged(): void {
    const before = this.current;
    this.current = readSettings();
    this.reportSettingsProblems();
    if (JSON.stringify(before.filePatterns) !== JSON.stringify(this.current.filePatterns) || before.maxFileSize !== this.current.maxFileSize) {
      this.patterns = new GlobSet(this.current.filePatterns);
      this.notStream.clear();
      for (const d of vscode.workspace.textDocuments) this.sync(d);
      if (this.scanned) void this.scanWorkspace();
    }
    this.reanalyse();
  }

  private topologyForKey(key: string): Topology | undefined {
    let best: string | undefined;
    for (const scope of this.topologies.keys()) {
      const covers = scope === '' || key === scope || key.startsWith(`${scope}/`);
      if (covers && (best === undefined || scope.length > best.length)) best = scope;
    }
    return best === undefined ? undefined : this.topologies.get(best);
  }

  // ---- analysis -----------------------------------------------------------------------------

  /** Analyses every known document together and reports the documents whose analysis changed. */
  private reanalyse(): void {
    const sources = new Map<string, Source>(this.disk);
    for (const [key, source] of this.open) sources.set(key, source);
    const docs = [...sources.values()].map((s) => s.doc);
    // One run per distinct topology (usually one): the workspace rules always see every document.
    const groups = new Map<Topology | undefined, Set<string>>();
    for (const key of sources.keys()) {
      const topology = this.topologyForKey(key);
      const group = groups.get(topology);
      if (group) group.add(key);
      else groups.set(topology, new Set([key]));
    }
    const next = new Map<string, Result>();
    for (const [topology, keys] of groups) {
      const run = analyzeWorkspace(docs, { settings: this.current.rules, topology, serverVersion: this.serverVersion });
      for (const analysis of run.documents) {
        if (keys.has(analysis.uri)) next.set(analysis.uri, { analysis, fingerprint: fingerprint(analysis) });
      }
    }
    const uris: vscode.Uri[] = [];
    for (const [key, result] of next) {
      if (this.results.get(key)?.fingerprint !== result.fingerprint) uris.push(sources.get(key)!.uri);
    }
    for (const [key, result] of this.results) if (!next.has(key)) uris.push(vscode.Uri.parse(result.analysis.uri));
    this.results = next;
    if (uris.length > 0) this.changed.fire({ uris });
  }
}

/** True when a folder above `key` (a URI string) is in `folders`. */
function hasAncestorIn(key: string, folders: { has(key: string): boolean }): boolean {
  for (let cut = key.lastIndexOf('/'); cut > 0; cut = key.lastIndexOf('/', cut - 1)) {
    if (folders.has(key.slice(0, cut))) return true;
  }
  return false;
}
