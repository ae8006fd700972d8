/** NATS: Show DR Map: the map of the live connection (when one is listed) or of the workspace files. */
import type { DrMapPanel, DrMapSource } from '../../pages/drMapPanel';
import { CommandError, CommandResult, argObject, stringArg } from '../cluster/run';
import type { ExtensionDrMapFeed } from './drMapFeed';

export const SHOW_DR_MAP = 'natsWorkbench.showDrMap';

/** `{ source?: 'live' | 'workspace' }`; resolves to what was drawn. */
export async function showDrMap(panel: DrMapPanel, feed: ExtensionDrMapFeed, arg: unknown): Promise<CommandResult> {
  const source = stringArg(argObject(arg), 'source');
  if (source !== undefined && source !== 'live' && source !== 'workspace') throw new CommandError(`The argument "source" must be "live" or "workspace", not ${JSON.stringify(source)}.`);
  const shown = await panel.show((source as DrMapSource | undefined) ?? feed.defaultSource());
  return { ok: true, source: shown.source, streams: shown.streams, edges: shown.edges, renderMs: shown.renderMs };
}
