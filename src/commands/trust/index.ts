/**
 * The trust area of the extension: the Operators view, the decoded-JWT documents and the
 * commands on operators, accounts, users and credentials. Called once from activate().
 */
import * as vscode from 'vscode';
import { OPERATORS_VIEW, OperatorsTreeProvider } from '../../explorer/operators/provider';
import { affectsTrust, currentStore, expiryWarningDays } from '../../explorer/operators/storeSettings';
import { Services } from '../../services';
import { addAccountCommand } from './addAccount';
import { addSigningKeyCommand } from './addSigningKey';
import { addUserCommand } from './addUser';
import { checkExpirationsCommand } from './checkExpirations';
import { TrustContext } from './context';
import { copyPublicKeyCommand } from './copyPublicKey';
import { createOperatorCommand } from './createOperator';
import { DECODED_SCHEME, DecodedJwtDocuments } from './decodedDocuments';
import { generateServerConfigCommand } from './generateServerConfig';
import { generateUserCredsCommand } from './generateUserCreds';
import { pushAccountCommand } from './pushAccount';
import { TrustHandler, trustCommand } from './run';
import { showDecodedJwtCommand } from './showDecodedJwt';
import { deleteAccountCommand, deleteUserCommand, removeSigningKeyCommand } from './deleteEntry';
import { editAccountCommand } from './editAccount';
import { editUserCommand } from './editUser';
import { revokeUserCommand } from './revokeUser';
import { addExportCommand } from './addExport';
import { addImportCommand } from './addImport';
import { removeExportCommand, removeImportCommand } from './removeExportImport';
import { diagnoseCredentialsCommand } from './diagnoseCredentials';
import { rotateSigningKeyCommand } from './rotateSigningKey';
import { compareWithClusterCommand, pushToClusterCommand } from './pushToCluster';
import { CLUSTER_SCHEME, clusterReports } from './clusterReports';

/** Command id → title (as in package.json) and handler. */
const COMMANDS: Record<string, [string, TrustHandler]> = {
  'natsWorkbench.createOperator': ['Create Operator', createOperatorCommand],
  'natsWorkbench.addAccount': ['Add Account', addAccountCommand],
  'natsWorkbench.addSigningKey': ['Add Signing Key', addSigningKeyCommand],
  'natsWorkbench.addUser': ['Add User', addUserCommand],
  'natsWorkbench.generateUserCreds': ['Generate User Credentials', generateUserCredsCommand],
  'natsWorkbench.generateServerConfig': ['Generate Server Config', generateServerConfigCommand],
  'natsWorkbench.pushAccount': ['Push Account to Server', pushAccountCommand],
  'natsWorkbench.showDecodedJwt': ['Show Decoded JWT', showDecodedJwtCommand],
  'natsWorkbench.checkExpirations': ['Check Expirations', checkExpirationsCommand],
  'natsWorkbench.copyPublicKey': ['Copy Public Key', copyPublicKeyCommand],
  'natsWorkbench.editUser': ['Edit User', editUserCommand],
  'natsWorkbench.editAccount': ['Edit Account', editAccountCommand],
  'natsWorkbench.revokeUser': ['Revoke User', revokeUserCommand],
  'natsWorkbench.deleteUser': ['Delete User', deleteUserCommand],
  'natsWorkbench.deleteAccount': ['Delete Account', deleteAccountCommand],
  'natsWorkbench.removeSigningKey': ['Remove Signing Key', removeSigningKeyCommand],
  'natsWorkbench.addExport': ['Add Export', addExportCommand],
  'natsWorkbench.addImport': ['Add Import', addImportCommand],
  'natsWorkbench.removeExport': ['Remove Export', removeExportCommand],
  'natsWorkbench.removeImport': ['Remove Import', removeImportCommand],
  'natsWorkbench.diagnoseCredentials': ['Diagnose Credentials', diagnoseCredentialsCommand],
  'natsWorkbench.rotateSigningKey': ['Rotate Signing Key', rotateSigningKeyCommand],
  'natsWorkbench.pushToCluster': ['Push to Cluster', pushToClusterCommand],
  'natsWorkbench.compareWithCluster': ['Compare to Cluster', compareWithClusterCommand],
};

/**
 * For the extension-host tests, not contributed to the palette:
 * `executeCommand('natsWorkbench._test.trust')` returns this object.
 */
export interface TrustTestAccess {
  tree: OperatorsTreeProvider;
  context: TrustContext;
  /** The folder of the extension's log files (the LogOutputChannel writes there). */
  logDir: string;
}

export function registerTrust(services: Services): TrustContext {
  const { context, log } = services;
  const tree = new OperatorsTreeProvider({ location: currentStore, warnDays: expiryWarningDays }, log);
  const documents = new DecodedJwtDocuments();
  const trust = new TrustContext(services, tree, documents);
  const view = vscode.window.createTreeView(OPERATORS_VIEW, { treeDataProvider: tree, showCollapseAll: true });
  context.subscriptions.push(
    tree,
    documents,
    view,
    services.pages.register({ scheme: DECODED_SCHEME, provider: documents }),
    clusterReports,
    services.pages.register({ scheme: CLUSTER_SCHEME, provider: clusterReports, title: (uri) => clusterReports.title(uri) }),
    vscode.workspace.onDidChangeConfiguration((e) => affectsTrust(e) && trust.changed()),
    vscode.commands.registerCommand('natsWorkbench.refreshOperators', () => trust.changed()),
    vscode.commands.registerCommand('natsWorkbench._test.trust', (): TrustTestAccess => ({ tree, context: trust, logDir: context.logUri.fsPath })),
    ...Object.entries(COMMANDS).map(([id, [title, handler]]) => vscode.commands.registerCommand(id, trustCommand(trust, title, handler))),
  );
  return trust;
}
