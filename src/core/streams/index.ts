/**
 * Stream config intelligence: the public API used by the editor adapters and the CLI.
 *
 *   parseStreamDocument(text, uri)        → StreamDocument (streams with typed configs, syntax tree)
 *   analyzeDocument(text | doc, options)  → DocumentAnalysis (streams with summaries, findings)
 *   analyzeWorkspace(docs, options)       → WorkspaceAnalysis (workspace rules across documents)
 *   hoverAt(doc, offset, workspace?)      → Hover | undefined
 *   faultTolerancePage(stream, workspace?, problems?) → markdown
 *   ruleCatalogue() / getRule(id)         → the rule table; ruleMarkdown(rule) → its docs page
 *   looksLikeStreamConfig(text)           → cheap content detection
 */
export { analyzeDocument, analyzeWorkspace } from './analyze';
export type {
  AnalysisOptions,
  DocumentAnalysis,
  DocumentInput,
  Finding,
  LiveStatus,
  RelatedLocation,
  RuleSetting,
  RuleSettings,
  StreamReport,
  WorkspaceAnalysis,
} from './analyze';
export * from './config';
export { looksLikeStreamConfig } from './detect';
export {
  MappedStreamDocument,
  NACK_MAPPINGS,
  goDuration,
  isYamlPath,
  looksLikeConsumerConfig,
  looksLikeKvConfig,
  looksLikeNackResource,
  looksLikeStreamFile,
  parseAnyStreamDocument,
  parseGoDuration,
} from './resources';
export type { ResourceKind, ResourceMapping } from './resources';
export { ConsumerEntry } from './consumers/entry';
export type { ConsumerConfig } from './consumers/entry';
export { StreamDocument, StreamEntry, parseStreamDocument, unreadableDocument } from './document';
export type { InfoCluster, ReadProblem, ShapeIssue } from './document';
export { applyEdits } from './edits';
export type { QuickFix, TextEdit } from './edits';
export { formatBytes, formatCount, formatDuration } from './format';
export { fieldHover, hoverAt, replicasText } from './hover';
export type { Hover, HoverOptions } from './hover';
export { JsonTree, MAX_DEPTH } from './jsonTree';
export { LineIndex } from './lineIndex';
export type { Position, Range, Span } from './lineIndex';
export { RULE_IDS, catalogueMarkdown, getRule, ruleCatalogue, ruleMarkdown } from './rules/catalogue';
export type { RuleContext, RuleInfo, RuleScope, Severity } from './rules/types';
export type { StreamNameFault } from './rules/invalidName';
export { streamNameFault } from './rules/invalidName';
export { configSchema, streamConfigSchema } from './schema';
export { parseServerVersion, versionAtLeast } from './serverVersion';
export { decodeStreamFile } from './textFile';
export type { DecodedText } from './textFile';
export type { ServerVersion } from './serverVersion';
export { isSubsetMatch, subjectProblem, subjectsOverlap } from './subjects';
export { faultTolerancePage, summarizeStream } from './summary';
export type { CopyInfo, StreamSummary } from './summary';
export { describeTopology, jetStreamServers, topologyFromServers, topologyLabel } from './topology';
export type { KnownTopology, ServerReport, Topology, TopologyCluster, TopologyServer } from './topology';
export { WorkspaceIndex, clusterOf } from './workspace';
export type { CopyLink } from './workspace';
