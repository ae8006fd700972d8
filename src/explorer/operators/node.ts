/** What every node of the Operators tree has: its tree item, its children, and what it stands for. */
import * as vscode from 'vscode';

/** The operator / account / user a node stands for: the argument it hands to the commands. */
export interface TrustTarget {
  operator?: string;
  account?: string;
  user?: string;
  /** A signing key's public key. */
  signingKey?: string;
  /** The public key of the entity (for Copy Public Key). */
  publicKey?: string;
  /** An export's or import's subject (on the exporting side) and type. */
  subject?: string;
  type?: 'stream' | 'service';
  /** An import's exporting account (its name, or its public key when not in the store). */
  fromAccount?: string;
}

/** Context values of the node kinds: they drive the menus (`viewItem == nats.account`). */
export const CONTEXT = {
  operator: 'nats.operator',
  account: 'nats.account',
  user: 'nats.user',
  signingKey: 'nats.signingKey',
  problem: 'nats.problem',
  exports: 'nats.exports',
  imports: 'nats.imports',
  export: 'nats.export',
  import: 'nats.import',
} as const;

/** Clock and thresholds shared by the nodes of one rendering. */
export interface NodeOptions {
  now: Date;
  /** Expiries within this many days are flagged. */
  warnDays: number;
}

export abstract class TrustNode {
  abstract readonly target: TrustTarget;
  abstract treeItem(): vscode.TreeItem;
  children(): TrustNode[] {
    return [];
  }
}
