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

  constructor(readonly services: Services) {
    this.manager = connectionManager(services);
    this.log = services.log;
  }

  /** The explorer's views, once registered. */
  get explorer(): ExplorerApi | undefined {
    return this.services.explorer;
  }

  dispose(): void {
    this.configDocuments.dispose();
    this.applyDiagnostics.dispose();
  }
}
