/** What every trust command needs: the services, the configured store, the views to refresh. */
import * as vscode from 'vscode';
import { readStore, StoreLocation, StoreModel } from '../../core/trust';
import { OperatorsTreeProvider } from '../../explorer/operators/provider';
import { currentStore, expiryWarningDays } from '../../explorer/operators/storeSettings';
import { Services } from '../../services';
import { DecodedJwtDocuments } from './decodedDocuments';

export class TrustContext {
  constructor(
    readonly services: Services,
    readonly tree: OperatorsTreeProvider,
    readonly documents: DecodedJwtDocuments,
  ) {}

  get log(): vscode.LogOutputChannel {
    return this.services.log;
  }

  /** The configured store (a TrustError when the setting cannot be used). */
  store(): StoreLocation {
    return currentStore();
  }

  read(): Promise<StoreModel> {
    return readStore(this.store());
  }

  warnDays(): number {
    return expiryWarningDays();
  }

  /** The store changed: redraw the tree and the open decoded JWTs. */
  changed(): void {
    this.tree.refresh();
    this.documents.refreshAll();
  }
}
