/**
 * What the DR map panel shows and opens, from the explorer and the editor: the active connection's
 * listed streams with the topology it sees, or the workspace's stream config files; changes of
 * either redraw the map; a stream opens at its place in its file, or is revealed in the
 * Connections view; a server's or cluster's "Lose" button runs the failure drill.
 */
import * as vscode from 'vscode';
import { DrMap, drMapFromFiles, drMapFromLive, DrStream } from '../../core/drmap';
import type { StreamAnalysisService } from '../../editor';
import type { ExplorerApi } from '../../explorer';
import type { DrLoseTarget, DrMapFeed, DrMapSource } from '../../pages/drMapPanel';
import * as notify from '../../notifications';

/** The DR map of the workspace's stream config files, once the workspace is scanned. */
export async function workspaceDrMap(analysis: StreamAnalysisService): Promise<DrMap> {
  await analysis.whenScanned();
  return drMapFromFiles(analysis.documents().flatMap((d) => d.streams.map((r) => r.entry)));
}

export class ExtensionDrMapFeed implements DrMapFeed, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<DrMapSource>();
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[];

  constructor(
    private readonly explorer: ExplorerApi,
    private readonly analysis: StreamAnalysisService,
  ) {
    this.disposables = [
      this.changed,
      // The tree also redraws every second for the relative times of expanded streams: only a change of the listing counts.
      explorer.connectionsTree.onDidChangeTreeData(() => this.listingChanged() && this.changed.fire('live')),
      explorer.connections.onDidChange(() => this.changed.fire('live')),
      analysis.onDidChange(() => this.changed.fire('workspace')),
    ];
  }

  private seen: unknown;

  /** Whether the listing (which one, its streams) changed since last asked. */
  private listingChanged(): boolean {
    const listing = this.explorer.connectionsTree.listing;
    const now = listing ? `${listing.connection.profile.name}\u0000${listing.updatedAt}\u0000${listing.streams.length}\u0000${listing.state}` : undefined;
    if (now === this.seen) return false;
    this.seen = now;
    return true;
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }

  /** The live map when a connection is open and listed, else the workspace's. */
  defaultSource(): DrMapSource {
    const active = this.explorer.connections.active;
    return active?.state === 'connected' && this.explorer.connectionsTree.listing ? 'live' : 'workspace';
  }

  async map(source: DrMapSource): ReturnType<DrMapFeed['map']> {
    if (source === 'workspace') return { map: await workspaceDrMap(this.analysis), title: 'DR Map: workspace stream files' };
    const active = this.explorer.connections.active;
    if (!active || active.state !== 'connected') return { why: 'No connection is open: connect in the Connections view, or show the workspace files.' };
    const listing = this.explorer.connectionsTree.listing;
    if (!listing) return { why: `The streams of ${active.profile.name} are not listed yet: expand the connection in the Connections view.` };
    await listing.firstPage;
    return { map: drMapFromLive(listing.streams, active.topology, active.id), title: `DR Map: ${active.profile.name}` };
  }

  /** The map's "Lose" button: NATS: Run Failure Drill for that server or cluster, over the map's source (it asks the kind of failure). */
  lose(source: DrMapSource, target: DrLoseTarget): Promise<unknown> {
    return Promise.resolve(vscode.commands.executeCommand('natsWorkbench.runFailureDrill', { ...target, source: source === 'live' ? 'live' : 'files' }));
  }

  async open(stream: DrStream): Promise<void> {
    const origin = stream.origin;
    if (origin.kind === 'file') {
      const at = new vscode.Position(origin.line, 0);
      await vscode.window.showTextDocument(vscode.Uri.parse(origin.uri), { selection: new vscode.Range(at, at), preview: true });
      return;
    }
    const node = this.explorer.connectionsTree.streamNode(stream.name);
    if (!node) {
      void notify.showInformationMessage(`The stream ${stream.name} is no longer listed by the connection.`);
      return;
    }
    await this.explorer.connectionsView.reveal(node, { select: true, focus: true, expand: false });
  }
}
