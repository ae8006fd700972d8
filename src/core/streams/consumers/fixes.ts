/** The stream of a consumer, and quick fixes on a consumer's configuration. */
import { ConsumerEntry, ConsumerField } from './entry';
import { QuickFix } from '../edits';
import { removePropertyFix, setPropertyFix } from '../rules/fixes';
import { StreamEntry } from '../document';
import { WorkspaceIndex } from '../workspace';

/** The consumer's stream when the document names it and the workspace holds exactly one stream of that name. */
export function streamOf(consumer: ConsumerEntry, workspace: WorkspaceIndex): StreamEntry | undefined {
  if (!consumer.streamName) return undefined;
  const found = workspace.byName(consumer.streamName);
  return found.length === 1 ? found[0] : undefined;
}

/** Sets (or inserts) a field of the consumer's configuration. */
export function setConsumerField(consumer: ConsumerEntry, field: ConsumerField, valueText: string, title: string, preferred = false): QuickFix {
  return setPropertyFix(consumer.document.tree, consumer.node, field, valueText, title, preferred);
}

/** Removes a field of the consumer's configuration; undefined when it is not written. */
export function removeConsumerField(consumer: ConsumerEntry, field: ConsumerField, title: string, preferred = false): QuickFix | undefined {
  return removePropertyFix(consumer.document.tree, consumer.node, field, title, preferred);
}
