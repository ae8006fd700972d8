/**
 * NATS: Diagnose Credentials — why a login with a user's credentials would fail ("Authorization
 * Violation" says nothing), as a readable page: on a user of the Operators tree (its JWT and seed
 * from the store), on a `.creds` file (the Explorer's context menu, the active editor, or `file`),
 * from the palette, or with an argument object. Optionally against a server (the active
 * connection's URL is offered): a real login and, with the store's system user, the account JWT the
 * server holds. The page shows the core's diagnosis (formatDiagnosis); the seed never reaches it.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { diagnoseCreds, diagnoseCredsOnServer, Diagnosis, formatDiagnosis, OperatorEntry, operatorOfCreds, StoreModel, storeUserCreds, systemUserCreds, TrustError } from '../../core/trust';
import { invocation } from './args';
import type { TrustContext } from './context';
import { usersMatching, UserRef } from './pickers';
import { askText, Choice, pickOne } from './prompts';
import { askDialog, setWizardTitle, wizard } from '../wizard';
import { urlWithoutUserInfo } from '../../core/cluster';
import { readContextFile, whyUnreadable } from '../../core/cluster/contextRefs';
import { pickLabel } from '../../core/trust/quote';
import * as notify from '../../notifications';

export const DIAGNOSIS_SCHEME = 'nats-diagnosis';

export interface DiagnoseCredentialsCommandArgs {
  operator: string;
  account: string;
  user: string;
  /** A .creds file to diagnose instead of a user of the store. */
  file: string;
  /** A server to try the login at; '' for none (the store only); omitted: asked, the active connection's URL offered. */
  serverUrl: string;
  /** For the login and the lookup (default 3000 ms). */
  timeoutMs: number;
  /** Subjects the user tries to publish to: may it? (asked of the server too, when one is given) */
  publish: string[];
  /** Subjects the user tries to subscribe to. */
  subscribe: string[];
}

export interface DiagnoseCredentialsCommandResult {
  uri: vscode.Uri;
  diagnosis: Diagnosis;
  /** The page's Markdown. */
  markdown: string;
}

/** The pages of the diagnoses made so far, by URI (a diagnosis is made once, not on every rendering). */
class DiagnosisPages implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.emitter.event;
  private readonly pages = new Map<string, string>();

  static uri(title: string, key: object): vscode.Uri {
    return vscode.Uri.from({ scheme: DIAGNOSIS_SCHEME, path: `/${title} (diagnosis).md`, query: JSON.stringify(key) });
  }

  set(uri: vscode.Uri, markdown: string): void {
    this.pages.set(uri.toString(), markdown);
    this.emitter.fire(uri);
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.pages.get(uri.toString()) ?? '# Diagnosis\n\nThis diagnosis is no longer held: run "NATS: Diagnose Credentials" again.\n';
  }

  dispose(): void {
    this.emitter.dispose();
  }
}

const registered = new WeakMap<TrustContext, DiagnosisPages>();

/** The page kind, registered with the page panels on first use. */
function diagnosisPages(ctx: TrustContext): DiagnosisPages {
  let pages = registered.get(ctx);
  if (!pages) {
    const created = new DiagnosisPages();
    ctx.services.context.subscriptions.push(created, ctx.services.pages.register({ scheme: DIAGNOSIS_SCHEME, provider: created }));
    registered.set(ctx, created);
    pages = created;
  }
  return pages;
}

type Source = { kind: 'user'; ref: UserRef } | { kind: 'file'; file: string };

const CREDS_FILE = /\.creds$/i;

/** A user of the store, or a .creds file (the palette without an active .creds editor). */
async function chooseSource(model: StoreModel, given: Partial<UserRef>): Promise<Source> {
  const users = usersMatching(model, given);
  const items: Choice<Source | undefined>[] = users.map((u) => ({
    label: `$(person) ${pickLabel(u.name)}`,
    description: pickLabel(`${u.operator} / ${u.account}`),
    value: { kind: 'user', ref: { operator: u.operator, account: u.account, user: u.name } },
  }));
  items.push({ label: '$(file) A .creds File…', description: 'diagnose a credentials file', value: undefined });
  const chosen = items.length === 1 ? undefined : await pickOne(items, 'Credentials to diagnose: a user of the store, or a .creds file');
  if (chosen) return chosen;
  const file = await askDialog('creds file', async () => (await vscode.window.showOpenDialog({ canSelectFiles: true, canSelectFolders: false, filters: { Credentials: ['creds'] }, openLabel: 'Diagnose' }))?.[0]?.fsPath);
  return { kind: 'file', file };
}

/** '' for no server, else a URL: the active connection's offered first. */
async function chooseServer(ctx: TrustContext): Promise<string> {
  // The login tries the diagnosed credentials: the connection's own user or password is neither
  // needed nor shown.
  const first = ctx.services.connections?.active?.profile.servers[0];
  const active = first === undefined ? undefined : urlWithoutUserInfo(first);
  const items: Choice<string | undefined>[] = [];
  if (active) items.push({ label: `$(plug) ${pickLabel(active)}`, description: 'the active connection: also try to log in there', value: active });
  items.push({ label: '$(database) The Store Only', description: 'no login attempt', value: '' });
  items.push({ label: '$(globe) Another Server…', description: 'also try to log in at a URL', value: undefined });
  const chosen = await pickOne(items, 'Also try the credentials on a server?');
  if (chosen !== undefined) return chosen;
  return askText({
    prompt: 'URL of the server to try the login at',
    value: 'nats://127.0.0.1:4222',
    validateInput: (v) => (/^(nats|tls|ws|wss):\/\/\S+$/.test(v.trim()) || /^[\w.-]+:\d+$/.test(v.trim()) ? undefined : 'a URL such as nats://127.0.0.1:4222'),
  });
}

/** A .creds file picked or named: only a regular file of at most 1 MiB (a pipe would block the extension host, a device never end). */
async function readCredsFile(file: string): Promise<string> {
  try {
    return (await readContextFile(file)).toString('utf8');
  } catch (e) {
    throw new TrustError('io', `cannot read ${file}: ${whyUnreadable(e)}`);
  }
}

/** The store's system user, when usable: the lookup is an extra, its absence no error. */
function systemCreds(ctx: TrustContext, operator: OperatorEntry | undefined): string | undefined {
  if (!operator) return undefined;
  try {
    return systemUserCreds(ctx.store(), operator);
  } catch (e) {
    if (e instanceof TrustError) return undefined;
    throw e;
  }
}

export async function diagnoseCredentialsCommand(ctx: TrustContext, arg: unknown): Promise<DiagnoseCredentialsCommandResult> {
  const args = invocation<DiagnoseCredentialsCommandArgs>(arg);
  const model = await ctx.read();
  const active = vscode.window.activeTextEditor?.document.uri;
  const givenFile = args.file ?? args.uri?.fsPath ?? (args.operator === undefined && active?.scheme === 'file' && CREDS_FILE.test(active.fsPath) ? active.fsPath : undefined);
  const { source, serverUrl } = await wizard('Diagnose Credentials', async () => {
    const complete = args.operator !== undefined && args.account !== undefined && args.user !== undefined;
    const source: Source = givenFile !== undefined ? { kind: 'file', file: path.resolve(givenFile) } : complete ? { kind: 'user', ref: args as UserRef } : await chooseSource(model, args);
    setWizardTitle(`Diagnose Credentials of ${source.kind === 'user' ? `user '${source.ref.user}'` : `'${path.basename(source.file)}'`}`);
    return { source, serverUrl: args.serverUrl ?? (await chooseServer(ctx)) };
  });

  let text: string;
  let operator: OperatorEntry | undefined;
  let subject: string;
  let title: string;
  if (source.kind === 'user') {
    const { ref } = source;
    const user = usersMatching(model, ref)[0];
    if (!user) throw new TrustError('not-found', `there is no user '${ref.user}' in account '${ref.account}' of operator '${ref.operator}' in the store ${model.location.storesDir}`);
    text = storeUserCreds(ctx.store(), user);
    operator = model.operators.find((o) => o.name === ref.operator);
    subject = `user '${ref.user}' of account '${ref.account}'`;
    title = ref.user;
  } else {
    text = await readCredsFile(source.file);
    operator = operatorOfCreds(model.operators, text);
    subject = path.basename(source.file);
    title = subject;
  }
  const tries = args.publish?.length || args.subscribe?.length ? { tries: { publish: args.publish, subscribe: args.subscribe } } : {};
  const options = { operator, where: source.kind === 'file' ? source.file : subject, timeoutMs: args.timeoutMs, ...tries };
  const diagnosis = serverUrl
    ? await notify.withProgress({ location: vscode.ProgressLocation.Notification, title: `Trying ${subject} at ${serverUrl}…` }, () =>
        diagnoseCredsOnServer(text, { ...options, serverUrl, systemUserCreds: systemCreds(ctx, operator) }),
      )
    : diagnoseCreds(text, options);
  const markdown = formatDiagnosis(diagnosis, { subject, file: source.kind === 'file' ? source.file : undefined });
  const uri = DiagnosisPages.uri(title, source.kind === 'file' ? { file: source.file } : source.ref);
  diagnosisPages(ctx).set(uri, markdown);
  await ctx.services.pages.show(uri);
  const verdict = diagnosis.ok ? 'the login works' : `the login fails (${diagnosis.reasons.map((r) => r.code).join(', ')})`;
  ctx.log.info(`Diagnose Credentials: ${subject}${serverUrl ? ` at ${serverUrl}` : ''}: ${verdict}`);
  return { uri, diagnosis, markdown };
}
