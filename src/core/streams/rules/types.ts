/**
 * The shape of a rule: data (id, severity, title, explanation, anchor) plus one small `check`
 * function that reports hits. The analyser turns hits into findings with ranges.
 */
import { StreamField } from '../config';
import type { ConsumerEntry } from '../consumers/entry';
import { StreamDocument, StreamEntry } from '../document';
import { QuickFix } from '../edits';
import { Span } from '../lineIndex';
import { ServerVersion } from '../serverVersion';
import { KnownTopology } from '../topology';
import { WorkspaceIndex } from '../workspace';

import type { Severity } from '../finding';
export type { Severity } from '../finding';

/**
 * - `document`: looks at one document as a whole (syntax, shape, field types);
 * - `stream`: one stream configuration on its own;
 * - `workspace`: several streams across the documents analysed together;
 * - `live`: needs the servers' topology; does not run when it is unknown;
 * - `consumer`: one consumer configuration, with the workspace's streams (its stream, when there);
 * - `audit`: what only a running system shows (leaders, lag, activity, usage): the connection audit's rules.
 */
export type RuleScope = 'document' | 'stream' | 'workspace' | 'live' | 'consumer' | 'audit';

export interface RuleInfo {
  /** Stable id: users filter by it, the CLI prints it, tests name it. */
  readonly id: string;
  /** Default severity (settings may override it or turn the rule off). */
  readonly severity: Severity;
  readonly scope: RuleScope;
  /** A short title for lists and code-action menus. */
  readonly title: string;
  /** Markdown for hovers and docs: what it means, why it matters, what to do. */
  readonly explanation: string;
  /** Where findings are reported, in words. */
  readonly anchor: string;
  /** When the rule predicts a server refusal: the server's error, and the first version refusing. */
  readonly serverCheck?: { error: string; since?: string };
}

/** A place in another (or the same) document that a finding refers to. */
export interface RelatedSpan {
  document: StreamDocument;
  span: Span;
  message: string;
}

export interface Hit {
  span: Span;
  message: string;
  /**
   * When the server would not create the stream because of this: a few words the stream's code
   * lens shows instead of what it survives, e.g. `cannot be placed: cluster c1 has 3 servers`.
   * Without it, an error of a rule with a `serverCheck` says `refused: <its title>`.
   */
  headline?: string;
  /** About the file as a whole, not the stream whose text holds the span (no stream counts it). */
  fileLevel?: boolean;
  fixes?: QuickFix[];
  related?: RelatedSpan[];
}

export type Report = (hit: Hit) => void;

export interface DocumentRule extends RuleInfo {
  readonly scope: 'document';
  check(document: StreamDocument, report: Report): void;
}

/** Rules over single streams name the fields they read: a stream where one is invalid is skipped. */
interface ReadsFields {
  readonly reads: readonly StreamField[];
}

/** What a stream rule may need besides the stream: the server version whose checks apply. */
export interface RuleContext {
  /** Undefined: the newest server's behaviour. */
  readonly serverVersion: ServerVersion | undefined;
}

export interface StreamRule extends RuleInfo, ReadsFields {
  readonly scope: 'stream';
  check(stream: StreamEntry, report: Report, context: RuleContext): void;
}

/** Workspace rules name the stream each hit belongs to. */
export type WorkspaceReport = (stream: StreamEntry, hit: Hit) => void;

export interface WorkspaceRule extends RuleInfo {
  readonly scope: 'workspace';
  check(workspace: WorkspaceIndex, report: WorkspaceReport): void;
}

export interface LiveRule extends RuleInfo, ReadsFields {
  readonly scope: 'live';
  check(stream: StreamEntry, topology: KnownTopology, report: Report): void;
}

export interface ConsumerRule extends RuleInfo {
  readonly scope: 'consumer';
  check(consumer: ConsumerEntry, workspace: WorkspaceIndex, report: Report, context: RuleContext): void;
}

export type Rule = DocumentRule | StreamRule | WorkspaceRule | LiveRule | ConsumerRule;
