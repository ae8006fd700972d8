/**
 * The Operators tree: operators → accounts → users and signing keys, read from the configured
 * store. Reading never throws: a corrupt entry is a node with an error icon, an unusable store or
 * setting is a problem node.
 */
import * as vscode from 'vscode';
import { readStore, StoreLocation, TrustError } from '../../core/trust';
import { TrustNode } from './node';
import { OperatorNode } from './operatorNode';
import { ProblemNode } from './problemNode';
import { StoreWatcher } from './storeWatcher';
import { displayItem } from '../displayItem';

export const OPERATORS_VIEW = 'natsWorkbench.operators';

export interface StoreSource {
  /** The configured store; throws a TrustError when the setting cannot be used. */
  location(): StoreLocation;
  warnDays(): number;
}

export class OperatorsTreeProvider implements vscode.TreeDataProvider<TrustNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TrustNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly watcher = new StoreWatcher(() => this.refresh());
  private roots: Promise<TrustNode[]> | undefined;

  constructor(
    private readonly source: StoreSource,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  /** Reads the store again and redraws the tree. */
  refresh(): void {
    this.roots = undefined;
    this.changed.fire(undefined);
  }

  getTreeItem(node: TrustNode): vscode.TreeItem {
    return displayItem(node.treeItem());
  }

  getChildren(node?: TrustNode): TrustNode[] | Promise<TrustNode[]> {
    if (node) return node.children();
    this.roots ??= this.load();
    return this.roots;
  }

  private async load(): Promise<TrustNode[]> {
    let location: StoreLocation | undefined;
    try {
      location = this.source.location();
      const model = await readStore(location);
      const options = { now: new Date(), warnDays: this.source.warnDays() };
      return [...model.problems.map((p) => ProblemNode.of(p)), ...model.operators.map((op) => new OperatorNode(op, options))];
    } catch (e) {
      const message = e instanceof TrustError ? e.message : `cannot read the store: ${(e as Error).message}`;
      this.log.error(`Operators view: ${message}`);
      return [new ProblemNode(message)];
    } finally {
      this.watcher.watch(location);
    }
  }

  dispose(): void {
    this.watcher.dispose();
    this.changed.dispose();
  }
}
