/**
 * The rule table: every rule in the order of the catalogue (../shared/docs/stream-rules.md).
 * Diagnostics, hovers, the CLI and the docs all read this one table.
 */
import { consumerReplicasOverStream } from './consumerReplicasOverStream';
import { consumerInvalidName } from './consumerInvalidName';
import { consumerInvalidSettings } from './consumerInvalidSettings';
import { republishInvalid } from './republishInvalid';
import { descriptionTooLong } from './descriptionTooLong';
import { externalPrefixInvalid } from './externalPrefixInvalid';
import { copyInvalidName } from './copyInvalidName';
import { copyMsgSizeBelowOrigin } from './copyMsgSizeBelowOrigin';
import { consumerMemoryStorage } from './consumerMemoryStorage';
import { consumerAckNoneWorkqueue } from './consumerAckNoneWorkqueue';
import { consumerUnlimitedAckPending } from './consumerUnlimitedAckPending';
import { consumerPushWithoutDurable } from './consumerPushWithoutDurable';
import { consumerFilterOutsideStream } from './consumerFilterOutsideStream';
import { consumerInactiveDurable } from './consumerInactiveDurable';
import { consumerFlowControlHeartbeat } from './consumerFlowControlHeartbeat';
import { discardNewPerSubject } from './discardNewPerSubject';
import { duplicateSource } from './duplicateSource';
import { duplicateWindowOverMaxAge } from './duplicateWindowOverMaxAge';
import { duplicateWindowTooSmall } from './duplicateWindowTooSmall';
import { fieldNameCase } from './fieldNameCase';
import { invalidName } from './invalidName';
import { invalidSubject } from './invalidSubject';
import { invalidType } from './invalidType';
import { jsoncSyntax } from './jsoncSyntax';
import { kvHistoryOverMax } from './kvHistoryOverMax';
import { maxAgeTooSmall } from './maxAgeTooSmall';
import { memorySingleReplica } from './memorySingleReplica';
import { memoryUnbounded } from './memoryUnbounded';
import { mirrorDirectWithoutMirror } from './mirrorDirectWithoutMirror';
import { mirrorSameCluster } from './mirrorSameCluster';
import { mirrorWithSources } from './mirrorWithSources';
import { mirrorWithSubjects } from './mirrorWithSubjects';
import { parseError } from './parseError';
import { placementUnmatched } from './placementUnmatched';
import { replicasEven } from './replicasEven';
import { reservedSubject } from './reservedSubject';
import { replicasExceedCluster } from './replicasExceedCluster';
import { replicasNegative } from './replicasNegative';
import { replicasOverMax } from './replicasOverMax';
import { replicasStandalone } from './replicasStandalone';
import { rollupWithDenyPurge } from './rollupWithDenyPurge';
import { sealedOnCreate } from './sealedOnCreate';
import { singleReplica } from './singleReplica';
import { sourceCycle } from './sourceCycle';
import { subjectsOverlap } from './subjectsOverlap';
import { unboundedGrowth } from './unboundedGrowth';
import { unreadableFile } from './unreadableFile';
import { Rule, RuleInfo } from './types';

export const RULES: readonly Rule[] = [
  unreadableFile,
  parseError,
  jsoncSyntax,
  invalidType,
  fieldNameCase,
  invalidName,
  replicasNegative,
  replicasOverMax,
  replicasEven,
  memorySingleReplica,
  singleReplica,
  memoryUnbounded,
  unboundedGrowth,
  maxAgeTooSmall,
  duplicateWindowOverMaxAge,
  duplicateWindowTooSmall,
  mirrorWithSubjects,
  mirrorWithSources,
  duplicateSource,
  rollupWithDenyPurge,
  mirrorDirectWithoutMirror,
  discardNewPerSubject,
  sealedOnCreate,
  republishInvalid,
  descriptionTooLong,
  externalPrefixInvalid,
  copyInvalidName,
  kvHistoryOverMax,
  consumerReplicasOverStream,
  consumerInvalidName,
  consumerInvalidSettings,
  consumerMemoryStorage,
  consumerAckNoneWorkqueue,
  consumerUnlimitedAckPending,
  consumerPushWithoutDurable,
  consumerFilterOutsideStream,
  consumerInactiveDurable,
  consumerFlowControlHeartbeat,
  invalidSubject,
  reservedSubject,
  subjectsOverlap,
  sourceCycle,
  mirrorSameCluster,
  copyMsgSizeBelowOrigin,
  replicasStandalone,
  replicasExceedCluster,
  placementUnmatched,
];

const byId = new Map<string, Rule>(RULES.map((r) => [r.id, r]));

/** The catalogue: id, default severity, scope, title, explanation, anchor, server check. */
export function ruleCatalogue(): readonly RuleInfo[] {
  return RULES;
}

/** One rule by id, or undefined. */
export function getRule(id: string): RuleInfo | undefined {
  return byId.get(id);
}

/** Every rule id, in catalogue order. */
export const RULE_IDS: readonly string[] = RULES.map((r) => r.id);

/** A markdown page on one rule: title, id, severity, anchor, the server check it mirrors, explanation. */
export function ruleMarkdown(rule: RuleInfo): string {
  const lines = [
    `## ${rule.title} (\`${rule.id}\`)`,
    '',
    `Severity: **${rule.severity}** · reported on ${rule.anchor}${rule.scope === 'live' ? ' · needs a server or a declared topology' : ''}${rule.scope === 'workspace' ? ' · across files' : ''}${rule.scope === 'audit' ? ' · found by auditing a connection' : ''}`,
  ];
  if (rule.serverCheck) lines.push('', `The server refuses it: ${rule.serverCheck.error}${rule.serverCheck.since ? ` (from ${rule.serverCheck.since})` : ''}.`);
  lines.push('', rule.explanation, '');
  return lines.join('\n');
}

/** The whole catalogue as markdown, in catalogue order. */
export function catalogueMarkdown(): string {
  return ['# Stream configuration rules', '', ...RULES.map(ruleMarkdown)].join('\n');
}
