/** What the cluster commands share: the services, the connections, and the documents they show. */
import * as vscode from 'vscode';
import type { ExplorerApi } from '../../explorer';
import { ConnectionManager, connectionManager } from '../../explorer/connections/connectionManager';
import type { Services } from '../../services';
import { ApplyDiagnostics } from './applyDiagnostics';
import { StreamConfigDocuments } from './streamConfigDocuments';

export class ClusterContext implements vscode.Disposable {
  readonly manager: ConnectionManager;
  readonly log: vscode.LogOutputChannel;
  /** Virtual documents of live and file configs, for the diff before Apply to Server. */
  readonly configDocuments = new StreamConfigDocuments();
  /** Server refusals, marked in the stream config files. */
  readonly applyDiagnostics = new ApplyDiagnostics();

  constructor(
    readonly services: Services,
    /** The explorer's views (undefined where no views are registered). */
    readonly explorer: ExplorerApi | undefined,
  ) {
    this.manager = connectionManager(services);
    this.log = services.log;
  }

  dispose(): void {
    this.configDocuments.dispose();
    this.applyDiagnostics.dispose();
  }
}
