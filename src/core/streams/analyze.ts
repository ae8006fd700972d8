/**
 * The analyser: runs the rule table over documents and turns hits into findings with ranges,
 * applying per-rule settings (severity override or off) and the topology for the live rules.
 */
import { StreamDocument, StreamEntry } from './document';
import { parseAnyStreamDocument } from './resources';
import { Range } from './lineIndex';
import { RULES } from './rules/catalogue';
import { ConsumerRule, DocumentRule, Hit, LiveRule, Rule, RuleContext, Severity, StreamRule, WorkspaceRule } from './rules/types';
import { ServerVersion, parseServerVersion } from './serverVersion';
import { StreamSummary, summarizeStream } from './summary';
import { KnownTopology, Topology, describeTopology } from './topology';
import { WorkspaceIndex } from './workspace';

/** A rule's severity override, or `off`. */
export type RuleSetting = Severity | 'off';
/** Rule id → setting; rules not named keep their default severity. */
export type RuleSettings = Readonly<Record<string, RuleSetting>>;

import type { Finding } from './finding';
export type { Finding, RelatedLocation } from './finding';

/**
 * A stream's report whose ranges and summary are computed on first read and kept: analysing a
 * file of thousands of streams then costs only what its findings need.
 */
class LazyStreamReport implements StreamReport {
  private cachedRange: Range | undefined;
  private cachedAnchor: Range | undefined;
  private cachedSummary: StreamSummary | undefined;

  constructor(
    readonly entry: StreamEntry,
    private readonly workspace: WorkspaceIndex,
    readonly findings: Finding[],
  ) {}

  get range(): Range {
    return (this.cachedRange ??= this.entry.range);
  }

  get anchorRange(): Range {
    return (this.cachedAnchor ??= this.entry.anchorRange);
  }

  get summary(): StreamSummary {
    return (this.cachedSummary ??= summarizeStream(this.entry, this.workspace, this.findings));
  }
}

/** Whether the live-server rules ran. */
export type LiveStatus = { checked: true; topology: KnownTopology } | { checked: false; reason: string };

export interface StreamReport {
  entry: StreamEntry;
  /** The whole configuration object. */
  range: Range;
  /** The `name` key (or the opening brace): where a code lens goes. */
  anchorRange: Range;
  summary: StreamSummary;
  /** This stream's findings (a subset of the document's). */
  findings: Finding[];
}

export interface DocumentAnalysis {
  uri: string;
  document: StreamDocument;
  streams: StreamReport[];
  /** Sorted by position. */
  findings: Finding[];
  live: LiveStatus;
  /** Every stream analysed together with this document (for hovers and the fault-tolerance page). */
  workspace: WorkspaceIndex;
}

export interface WorkspaceAnalysis {
  /** In the order the documents were given. */
  documents: DocumentAnalysis[];
  index: WorkspaceIndex;
  live: LiveStatus;
}

export interface AnalysisOptions {
  settings?: RuleSettings;
  /** For the live rules; absent or `unknown`: they do not run. */
  topology?: Topology;
  /**
   * The nats-server version whose checks apply (`2.9`, `2.10.17`…): rules that differ between
   * versions follow it. Absent, empty or unreadable: the newest server's behaviour.
   */
  serverVersion?: string;
}

/** A document given by text, or one parsed before (reuse it while its text is unchanged). */
export type DocumentInput = StreamDocument | { uri: string; text: string };

function severityOf(rule: Rule, settings: RuleSettings | undefined): Severity | undefined {
  const setting = settings?.[rule.id];
  if (setting === 'off') return undefined;
  return setting ?? rule.severity;
}

/** The stream whose configuration object contains `offset` (streams are in text order). */
function streamAt(doc: StreamDocument, offset: number): StreamEntry | undefined {
  let lo = 0;
  let hi = doc.streams.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = doc.streams[mid].span;
    if (offset < s.offset) hi = mid - 1;
    else if (offset > s.offset + s.length) lo = mid + 1;
    else return doc.streams[mid];
  }
  return undefined;
}

function toFinding(rule: Rule, severity: Severity, doc: StreamDocument, hit: Hit, stream: StreamEntry | undefined): Finding | undefined {
  const finding: Finding = {
    rule: rule.id,
    severity,
    message: hit.message,
    uri: doc.uri,
    range: doc.range(hit.span),
    fixes: hit.fixes ?? [],
    related: (hit.related ?? []).map((r) => ({ uri: r.document.uri, range: r.document.range(r.span), message: r.message })),
  };
  const headline = hit.headline ?? (severity === 'error' && rule.serverCheck ? `refused: ${rule.title[0].toLowerCase()}${rule.title.slice(1)}` : undefined);
  if (headline) finding.headline = headline;
  const owner = stream ?? (hit.fileLevel ? undefined : streamAt(doc, hit.span.offset));
  if (owner) {
    finding.stream = owner.label;
    finding.streamIndex = owner.index;
  }
  return doc.adaptFinding(finding, owner, hit.span);
}

/** Adds a finding unless the document drops it (a rule that does not fit what the file holds). */
function push(findings: Finding[], finding: Finding | undefined): void {
  if (finding) findings.push(finding);
}

const localCache = new WeakMap<StreamDocument, { key: string; findings: Finding[] }>();

/** Findings of the document and stream rules (cached per document, settings and server version). */
function localFindings(doc: StreamDocument, settings: RuleSettings | undefined, version: ServerVersion | undefined): Finding[] {
  const key = `${version?.text ?? ''}\n${settings ? JSON.stringify(settings) : ''}`;
  const context: RuleContext = { serverVersion: version };
  const cached = localCache.get(doc);
  if (cached && cached.key === key) return cached.findings;
  const findings: Finding[] = [];
  const broken = doc.syntaxErrors.length > 0 || doc.readProblem !== undefined;
  for (const rule of RULES) {
    const severity = severityOf(rule, settings);
    if (!severity) continue;
    if (rule.scope === 'document') {
      // A document that does not parse gets only its syntax error: the rest would be guesswork.
      if (broken && rule.id !== 'parse-error' && rule.id !== 'unreadable-file') continue;
      (rule as DocumentRule).check(doc, (hit) => push(findings, toFinding(rule, severity, doc, hit, undefined)));
    } else if (rule.scope === 'stream' && !broken) {
      checkStreams(rule as StreamRule, severity, doc, context, findings);
    }
  }
  localCache.set(doc, { key, findings });
  return findings;
}

/**
 * Runs one stream rule over every stream of a document. The loop is a function of its own, and
 * reads the rule's fields once: rule objects differ in shape, and a loop reading them in the
 * caller sent the optimised caller back to the interpreter at every new rule.
 */
function checkStreams(rule: StreamRule, severity: Severity, doc: StreamDocument, context: RuleContext, findings: Finding[]): void {
  const reads = rule.reads;
  const check = rule.check;
  const streams = doc.streams;
  // One callback per rule (not per stream: thousands of streams would mean thousands of closures).
  let stream = streams[0];
  const report = (hit: Hit): void => {
    push(findings, toFinding(rule, severity, doc, hit, stream));
  };
  for (let i = 0; i < streams.length; i++) {
    stream = streams[i];
    if (stream.hasInvalid(reads)) continue;
    check.call(rule, stream, report, context);
  }
}

function liveStatus(topology: Topology | undefined): LiveStatus {
  if (!topology) return { checked: false, reason: 'no server topology given: the live rules did not run' };
  if (topology.kind === 'unknown') return { checked: false, reason: `server topology ${describeTopology(topology)}: the live rules did not run` };
  return { checked: true, topology };
}

function toDocument(input: DocumentInput): StreamDocument {
  return input instanceof StreamDocument ? input : parseAnyStreamDocument(input.text, input.uri);
}

function byPosition(a: Finding, b: Finding): number {
  return a.range.offset - b.range.offset || a.range.length - b.range.length || a.rule.localeCompare(b.rule);
}

/**
 * Analyses documents together: every rule per document and stream, the workspace rules across all
 * of them (overlapping subjects per folder, copy cycles, copies in the same cluster), and the live
 * rules when a topology is known.
 */
export function analyzeWorkspace(inputs: readonly DocumentInput[], options: AnalysisOptions = {}): WorkspaceAnalysis {
  const documents = inputs.map(toDocument);
  const index = new WorkspaceIndex(documents);
  const live = liveStatus(options.topology);
  const version = options.serverVersion ? parseServerVersion(options.serverVersion) : undefined;
  const perDoc = new Map<StreamDocument, Finding[]>(documents.map((d) => [d, [...localFindings(d, options.settings, version)]]));
  const context: RuleContext = { serverVersion: version };
  const usable = (doc: StreamDocument): boolean => doc.syntaxErrors.length === 0 && !doc.readProblem;

  for (const rule of RULES) {
    const severity = severityOf(rule, options.settings);
    if (!severity) continue;
    if (rule.scope === 'workspace') {
      (rule as WorkspaceRule).check(index, (stream, hit) => {
        const list = perDoc.get(stream.document);
        if (list && usable(stream.document)) push(list, toFinding(rule, severity, stream.document, hit, stream));
      });
    } else if (rule.scope === 'consumer') {
      for (const doc of documents) {
        const list = perDoc.get(doc)!;
        if (!usable(doc)) continue;
        for (const consumer of doc.consumers) (rule as ConsumerRule).check(consumer, index, (hit) => push(list, toFinding(rule, severity, doc, hit, undefined)), context);
      }
    } else if (rule.scope === 'live' && live.checked) {
      for (const doc of documents.filter(usable)) {
        const liveRule = rule as LiveRule;
        for (const stream of doc.streams) {
          if (stream.hasInvalid(liveRule.reads)) continue;
          liveRule.check(stream, live.topology, (hit) => push(perDoc.get(doc)!, toFinding(rule, severity, doc, hit, stream)));
        }
      }
    }
  }

  const analyses = documents.map((document): DocumentAnalysis => {
    const findings = perDoc.get(document)!.sort(byPosition);
    const byStream = new Map<number, Finding[]>();
    for (const f of findings) {
      if (f.streamIndex === undefined) continue;
      const list = byStream.get(f.streamIndex);
      if (list) list.push(f);
      else byStream.set(f.streamIndex, [f]);
    }
    const streams = document.streams.map((entry): StreamReport => new LazyStreamReport(entry, index, byStream.get(entry.index) ?? []));
    return { uri: document.uri, document, streams, findings, live, workspace: index };
  });
  return { documents: analyses, index, live };
}

/** Analyses one document on its own (workspace rules see only its streams). */
export function analyzeDocument(input: string | StreamDocument, options: AnalysisOptions & { uri?: string } = {}): DocumentAnalysis {
  const doc = typeof input === 'string' ? parseAnyStreamDocument(input, options.uri ?? 'untitled') : input;
  return analyzeWorkspace([doc], options).documents[0];
}
