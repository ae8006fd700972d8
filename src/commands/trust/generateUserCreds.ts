/**
 * NATS: Generate User Credentials — writes `<user>.creds` (mode 0600, atomically) into a folder of
 * the workspace, asks before replacing a file, and offers a `*.creds` line for the workspace
 * `.gitignore`.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { addGitignoreEntry, credsReplacement, generateUserCreds, gitignoreHas } from '../../core/trust';
import { invocation } from './args';
import type { TrustContext } from './context';
import { chooseUser, usersMatching } from './pickers';
import { walkthroughDone, WALKTHROUGH_KEYS } from '../walkthrough';
import { addSteps, askDialog, setWizardTitle, wizard } from '../wizard';
import { mayReplace, pickOne } from './prompts';
import { inform } from './run';
import * as notify from '../../notifications';

export const CREDS_GITIGNORE_PATTERN = '*.creds';

export interface GenerateUserCredsCommandArgs {
  operator: string;
  account: string;
  user: string;
  /** Folder that gets `<user>.creds` (default: the workspace folder, asked when there are several). */
  folder: string;
  /** The exact file to write, instead of `<folder>/<user>.creds`. */
  outFile: string;
  /** Replace an existing file (true) or refuse (false); omitted: asked. */
  overwrite: boolean;
  /** Add `*.creds` to the workspace `.gitignore` (true) or not (false); omitted: offered. */
  gitignore: boolean;
}

/** `failed`: the line could not be added (the person is told why and to add it themselves). */
export type GitignoreOutcome = 'added' | 'present' | 'declined' | 'offered' | 'outside-workspace' | 'failed';

export interface GenerateUserCredsCommandResult {
  path: string;
  publicKey: string;
  expires?: Date;
  gitignore: GitignoreOutcome;
}

async function chooseFolder(given: { folder?: string; uri?: vscode.Uri }): Promise<string> {
  if (given.folder) return path.resolve(given.folder);
  if (given.uri) {
    const p = given.uri.fsPath;
    return fs.existsSync(p) && !fs.statSync(p).isDirectory() ? path.dirname(p) : p;
  }
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length === 1) return folders[0].uri.fsPath;
  if (folders.length > 1) {
    return pickOne(
      folders.map((f) => ({ label: `$(root-folder) ${f.name}`, description: f.uri.fsPath, value: f.uri.fsPath })),
      'Workspace folder for the .creds file',
    );
  }
  return askDialog('creds folder', async () => (await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, openLabel: 'Write Credentials Here' }))?.[0]?.fsPath);
}

function gitignore(ctx: TrustContext, file: string, given: boolean | undefined): GitignoreOutcome {
  const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(file));
  if (!folder) return 'outside-workspace';
  const dir = folder.uri.fsPath;
  if (gitignoreHas(dir, CREDS_GITIGNORE_PATTERN)) return 'present';
  const add = (): boolean => {
    try {
      addGitignoreEntry(dir, CREDS_GITIGNORE_PATTERN);
    } catch (e) {
      // The credentials are written: only the ignore line is missing, and the person must know.
      const why = `Could not add ${CREDS_GITIGNORE_PATTERN} to the .gitignore of '${folder.name}': ${(e as Error).message}. Add it yourself before you commit: ${path.basename(file)} holds a secret.`;
      ctx.log.error(why);
      void notify.showErrorMessage(why);
      return false;
    }
    ctx.log.info(`Added ${CREDS_GITIGNORE_PATTERN} to ${path.join(dir, '.gitignore')}`);
    return true;
  };
  if (given === true) return add() ? 'added' : 'failed';
  if (given === false) return 'declined';
  void notify
    .showInformationMessage(`${path.basename(file)} holds a secret. Add ${CREDS_GITIGNORE_PATTERN} to the .gitignore of '${folder.name}'?`, 'Add to .gitignore', 'Not Now')
    .then((choice) => {
      if (choice === 'Add to .gitignore') add();
    });
  return 'offered';
}

export async function generateUserCredsCommand(ctx: TrustContext, arg: unknown): Promise<GenerateUserCredsCommandResult> {
  const args = invocation<GenerateUserCredsCommandArgs>(arg);
  const { ref, outFile } = await wizard('Generate User Credentials', async () => {
    const askFolder = !args.outFile && !args.folder && !args.uri && (vscode.workspace.workspaceFolders?.length ?? 0) !== 1;
    if (askFolder) addSteps(1);
    const given = args.operator !== undefined && args.account !== undefined && args.user !== undefined;
    const model = given ? undefined : await ctx.read();
    if (model && usersMatching(model, args).length > 1) addSteps(1);
    const ref = await chooseUser(ctx, args, model);
    setWizardTitle(`Generate Credentials of user '${ref.user}' in account '${ref.account}'`);
    return { ref, outFile: args.outFile ? path.resolve(args.outFile) : path.join(await chooseFolder(args), `${ref.user}.creds`) };
  });
  const overwrite = await mayReplace(outFile, args.overwrite, () => credsReplacement(outFile, ctx.store(), ref.operator, ref.account, ref.user));
  const creds = await generateUserCreds({ store: ctx.store(), ...ref, outFile, overwrite });
  const ignore = gitignore(ctx, outFile, args.gitignore);
  walkthroughDone(WALKTHROUGH_KEYS.credsWritten);
  inform(ctx, `Wrote the credentials of user '${ref.user}' (${creds.publicKey}) to ${outFile} (mode 0600)`, {
    title: 'Reveal in Explorer',
    run: () => vscode.commands.executeCommand('revealInExplorer', vscode.Uri.file(outFile)),
  });
  return { path: creds.path, publicKey: creds.publicKey, ...(creds.expires ? { expires: creds.expires } : {}), gitignore: ignore };
}
