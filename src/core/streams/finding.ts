/**
 * What a rule found, where, and how to fix it: the one shape the editor, the CLI and the
 * documents' adapters (NACK YAML, consumers) exchange.
 */
import type { QuickFix } from './edits';
import type { Range } from './lineIndex';

export type Severity = 'error' | 'warning' | 'info';

export interface RelatedLocation {
  uri: string;
  range: Range;
  message: string;
}

export interface Finding {
  /** The rule id, e.g. `replicas-even`. */
  rule: string;
  severity: Severity;
  message: string;
  /** The document's URI or path, as given. */
  uri: string;
  /** At the rule's anchor; 0-based line/character (the CLI prints them 1-based). */
  range: Range;
  /** The stream the finding is about (its name or `stream #N`), when there is one. */
  stream?: string;
  /** Its 0-based position among the document's streams. */
  streamIndex?: number;
  /** Quick fixes as text edits in this finding's document; may be empty. */
  fixes: QuickFix[];
  /** Other places involved (e.g. the stream whose subjects overlap). */
  related: RelatedLocation[];
  /** Set when the server would refuse the stream for this: what its code lens says first (Hit.headline). */
  headline?: string;
}
