/**
 * What a cluster command acts on, from what it was called with: a tree node, a Uri (Explorer or
 * editor title menus), an argument object (tests, keybindings, other extensions), or nothing (the
 * palette: then the user picks).
 */
import * as vscode from 'vscode';
import { ClusterError, ConnectionProfile, displayServers, hasProfileErrors, needsSecret } from '../../core/cluster';
import { StreamDocument, StreamEntry, parseStreamDocument } from '../../core/streams';
import { ActiveConnection } from '../../explorer/connections/connectionManager';
import { ConnectionNode } from '../../explorer/connections/connectionNode';
import { StreamFileNode } from '../../explorer/workspaceStreams/fileNode';
import { WorkspaceStreamNode } from '../../explorer/workspaceStreams/streamNode';
import { askText, pickOne } from '../trust/prompts';
import type { ClusterContext } from './context';
import { CommandError, argObject, stringArg, withCancellableProgress } from './run';
import { pickLabel } from '../../core/trust/quote';

/** The profile a command names (`{name, source}`, a connection node, a name), or the one the user picks. */
export async function resolveProfile(ctx: ClusterContext, arg: unknown, placeHolder: string, filter?: (p: ConnectionProfile) => boolean): Promise<ConnectionProfile> {
  if (arg instanceof ConnectionNode) return arg.profile;
  const args = typeof arg === 'string' ? { name: arg } : argObject(arg);
  const name = stringArg(args, 'name') ?? stringArg(args, 'connection');
  const source = stringArg(args, 'source') as ConnectionProfile['source'] | undefined;
  if (name !== undefined) {
    const profile = await ctx.manager.find(name, source);
    if (!profile) throw new CommandError(`There is no connection named "${name}" (see the setting natsWorkbench.connections and the nats contexts).`, 'not-found');
    return profile;
  }
  const { profiles } = await ctx.manager.profiles();
  const choices = profiles.filter(filter ?? (() => true));
  if (choices.length === 0) throw new CommandError('No connection fits. Add one with "NATS: Add Connection".', 'not-found');
  const active = ctx.manager.active;
  return pickOne(
    choices.map((p) => ({
      label: pickLabel(p.name),
      description: `${p.source === 'nats-context' ? 'nats context · ' : ''}${displayServers(p.servers)}`,
      detail: active?.profile === p ? `active (${active.state})` : p.problems[0]?.message,
      value: p,
    })),
    placeHolder,
  );
}

/** The password or token for `profile`: given, stored, from its nats context, or asked for (and then stored). */
async function secretFor(ctx: ClusterContext, profile: ConnectionProfile, given: string | undefined): Promise<string | undefined> {
  if (given !== undefined || !needsSecret(profile)) return given;
  const known = await ctx.manager.secrets.get(profile);
  if (known !== undefined) return known;
  const what = profile.auth.kind === 'token' ? 'token' : `password of user ${profile.auth.kind === 'user' ? profile.auth.user : ''}`;
  const secret = await askText({ title: `Connect to ${profile.name}`, prompt: `The ${what} (kept in VS Code's secret storage)`, password: true });
  await ctx.manager.secrets.store(profile, secret);
  return secret;
}

/** Opens `profile` as the active connection, with a cancellable progress notification. */
export async function openConnection(ctx: ClusterContext, profile: ConnectionProfile, secret?: string): Promise<ActiveConnection> {
  if (hasProfileErrors(profile)) {
    throw new CommandError(`Connection "${profile.name}" cannot be used: ${profile.problems.find((p) => p.severity === 'error')?.message}`, 'config');
  }
  const known = await secretFor(ctx, profile, secret);
  try {
    return await withCancellableProgress(`Connecting to ${profile.name}`, (signal) => ctx.manager.connect(profile, { secret: known, signal }));
  } catch (e) {
    // A stored password or token the server refuses is forgotten, so that the next Connect asks again.
    if (e instanceof ClusterError && e.kind === 'auth' && secret === undefined && known !== undefined && profile.source === 'settings') {
      await ctx.manager.secrets.delete(profile);
      throw new ClusterError({ ...e.failure, message: `${e.message} The stored ${profile.auth.kind === 'token' ? 'token' : 'password'} was forgotten: Connect asks for it again.` });
    }
    throw e;
  }
}

/**
 * The connected connection a command works on: the one named by `connection` (connecting to it when
 * it is not active), else the active one, else one the user picks and connects to.
 */
export async function requireConnection(ctx: ClusterContext, name: string | undefined): Promise<ActiveConnection> {
  let active = ctx.manager.active;
  if (name !== undefined && active?.profile.name !== name) {
    active = await openConnection(ctx, await resolveProfile(ctx, { name }, ''));
  } else if (!active) {
    active = await openConnection(ctx, await resolveProfile(ctx, undefined, 'Connect to which NATS connection?'));
  }
  if (active.state !== 'connected' || !active.connection) {
    throw new ClusterError({ kind: 'disconnected', message: `The connection ${active.profile.name} is ${active.state}; try again when it is connected.` });
  }
  return active;
}

export interface StreamTarget {
  document: vscode.TextDocument;
  parsed: StreamDocument;
  entry: StreamEntry;
}

function toUri(value: unknown, key: string): vscode.Uri | undefined {
  if (value === undefined || value === null) return undefined;
  if (value instanceof vscode.Uri) return value;
  if (typeof value !== 'string') throw new CommandError(`The argument "${key}" must be a file path or URI.`);
  if (/^[a-z][a-z0-9+.-]+:/i.test(value) && !/^[a-z]:[\\/]/i.test(value)) return vscode.Uri.parse(value);
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  return value.startsWith('/') || !folder ? vscode.Uri.file(value) : vscode.Uri.joinPath(folder, value);
}

/** A workspace-relative path or URI string of an argument, as a URI. */
export function fileArg(args: Record<string, unknown>, key: string): vscode.Uri | undefined {
  return toUri(args[key], key);
}

/**
 * The stream config a command acts on: from a Workspace Streams node, a Uri, `{file|uri, stream}`
 * (stream: name or 0-based index), or the active editor; the stream picked when the file has several.
 * The document's current text counts (unsaved edits included).
 */
export async function resolveStreamTarget(arg: unknown): Promise<StreamTarget> {
  let uri: vscode.Uri | undefined;
  let stream: string | number | undefined;
  if (arg instanceof WorkspaceStreamNode) {
    uri = arg.uri;
    stream = arg.index;
  } else if (arg instanceof StreamFileNode) {
    uri = arg.uri;
  } else if (arg instanceof vscode.Uri) {
    uri = arg;
  } else {
    const args = argObject(arg);
    uri = fileArg(args, 'file') ?? fileArg(args, 'uri');
    const s = args.stream;
    if (s !== undefined && typeof s !== 'string' && typeof s !== 'number') throw new CommandError('The argument "stream" must be a stream name or index.');
    stream = s;
  }
  uri ??= vscode.window.activeTextEditor?.document.uri;
  if (!uri) throw new CommandError('Open a stream config file, or pick one in the Workspace Streams view.');
  const document = await vscode.workspace.openTextDocument(uri);
  const parsed = parseStreamDocument(document.getText(), uri.toString());
  const where = vscode.workspace.asRelativePath(uri, false);
  if (parsed.syntaxErrors.length) throw new CommandError(`${where} has JSON syntax errors; fix them first.`);
  if (parsed.streams.length === 0) throw new CommandError(`${where} holds no stream config.`);
  let entry: StreamEntry | undefined;
  if (typeof stream === 'number') entry = parsed.streams[stream];
  else if (typeof stream === 'string') entry = parsed.streams.find((s) => s.name === stream);
  else if (parsed.streams.length === 1) entry = parsed.streams[0];
  else entry = await pickOne(parsed.streams.map((s) => ({ label: pickLabel(s.label), description: `line ${s.anchorRange.start.line + 1}`, value: s })), `Which stream of ${where}?`);
  if (!entry) throw new CommandError(`${where} has no stream ${JSON.stringify(stream)}.`, 'not-found');
  return { document, parsed, entry };
}

