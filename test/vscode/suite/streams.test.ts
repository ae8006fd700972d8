/**
 * The stream config editor in a real VS Code: code lenses, diagnostics, hovers, quick fixes,
 * settings, the JSON schema and the stream commands, on the fixture workspace's stream configs.
 * Expected findings come from the core run on the same files (the editor must show exactly those).
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { DocumentAnalysis, analyzeWorkspace } from '../../../src/core/streams';
import { fieldSchema } from '../../../src/core/streams/schema';
import type { StreamAnalysisService } from '../../../src/editor';
import { activateExtension, eventually, uiDriver, workspaceFile, workspaceRoot } from './helpers';

const SECTION = 'natsWorkbench.streams';

/** The core's analysis of every stream config in the fixture folder, keyed by file name. */
function coreAnalysis(): Map<string, DocumentAnalysis> {
  const dir = path.join(workspaceRoot(), 'streams');
  const files = fs.readdirSync(dir).filter((f) => /\.jsonc?$/.test(f));
  const docs = files.map((f) => ({ uri: vscode.Uri.file(path.join(dir, f)).toString(), text: fs.readFileSync(path.join(dir, f), 'utf8') }));
  const run = analyzeWorkspace(docs);
  return new Map(run.documents.map((d, i) => [files[i], d]));
}

function fixtureFolder(): vscode.Uri {
  return workspaceFile('streams');
}

async function open(...parts: string[]): Promise<vscode.TextDocument> {
  const doc = await vscode.workspace.openTextDocument(workspaceFile(...parts));
  await vscode.window.showTextDocument(doc, { preview: false });
  return doc;
}

/** Reverts unsaved changes of a document shown in the active editor and closes it. */
async function revertAndClose(doc: vscode.TextDocument): Promise<void> {
  await vscode.window.showTextDocument(doc, { preview: false });
  await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
}

function natsDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'NATS');
}

function codeOf(d: vscode.Diagnostic): string {
  return typeof d.code === 'object' ? String(d.code.value) : String(d.code);
}

/** Diagnostics as comparable lines: rule, severity, start. */
function shape(diagnostics: vscode.Diagnostic[]): string[] {
  const names = ['error', 'warning', 'info', 'hint'];
  return diagnostics.map((d) => `${codeOf(d)} ${names[d.severity]} ${d.range.start.line}:${d.range.start.character}`).sort();
}

function expectedShape(analysis: DocumentAnalysis): string[] {
  return analysis.findings.map((f) => `${f.rule} ${f.severity} ${f.range.start.line}:${f.range.start.character}`).sort();
}

/** Diagnostics once they equal `expected` (they arrive after a short debounce). */
async function diagnosticsEqual(uri: vscode.Uri, expected: string[]): Promise<vscode.Diagnostic[]> {
  try {
    return await eventually(`diagnostics of ${path.basename(uri.fsPath)}`, () => {
      const ds = natsDiagnostics(uri);
      return JSON.stringify(shape(ds)) === JSON.stringify(expected) ? ds : undefined;
    });
  } catch (e) {
    assert.deepEqual(shape(natsDiagnostics(uri)), expected, String(e));
    throw e;
  }
}

async function codeLenses(uri: vscode.Uri): Promise<vscode.CodeLens[]> {
  return vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 100);
}

async function lensTitles(uri: vscode.Uri): Promise<string[]> {
  return (await codeLenses(uri)).map((l) => l.command?.title ?? '');
}

async function hoverText(doc: vscode.TextDocument, needle: string, occurrence = 0): Promise<string> {
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, positionOf(doc, needle, occurrence, 2));
  return hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
}

/** The position `shift` characters into the `occurrence`-th match of `needle`. */
function positionOf(doc: vscode.TextDocument, needle: string, occurrence = 0, shift = 0): vscode.Position {
  const text = doc.getText();
  let at = -1;
  for (let i = 0; i <= occurrence; i++) {
    at = text.indexOf(needle, at + 1);
    assert.ok(at >= 0, `${needle} #${i} not found in ${doc.uri.fsPath}`);
  }
  return doc.positionAt(at + shift);
}

async function replaceText(doc: vscode.TextDocument, needle: string, replacement: string): Promise<void> {
  const start = positionOf(doc, needle);
  const edit = new vscode.WorkspaceEdit();
  edit.replace(doc.uri, new vscode.Range(start, start.translate(0, needle.length)), replacement);
  assert.ok(await vscode.workspace.applyEdit(edit), 'the edit applies');
}

async function updateSetting(key: string, value: unknown, target = vscode.ConfigurationTarget.Global): Promise<void> {
  await vscode.workspace.getConfiguration(SECTION).update(key, value, target);
}

describe('stream config editor', function () {
  this.timeout(60_000);
  let analysis: StreamAnalysisService;
  let expected: Map<string, DocumentAnalysis>;

  before(async () => {
    // The web workbench saves edits after a second by default: the tests edit fixtures in memory only.
    await vscode.workspace.getConfiguration('files').update('autoSave', 'off', vscode.ConfigurationTarget.Global);
    const api = await activateExtension();
    assert.ok(api.services.streamAnalysis, 'the extension exposes its stream analysis service');
    analysis = api.services.streamAnalysis;
    // A live connection made by other tests must not add live rules to these expectations: the
    // fixture folder gets its own (unknown) topology, the most specific scope winning.
    analysis.setTopology(fixtureFolder(), { kind: 'unknown', reason: 'stream editor tests' });
    expected = coreAnalysis();
  });

  after(() => {
    analysis?.setTopology(fixtureFolder(), undefined);
  });

  afterEach(async () => {
    // Never leave edits behind (closing a dirty editor would ask to save).
    for (const doc of vscode.workspace.textDocuments.filter((d) => d.isDirty)) await revertAndClose(doc);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('notifications.clearAll'); // leave the notification center as found
  });

  it('treats files matching the stream patterns as JSONC and analyses the whole workspace', async () => {
    const doc = await open('streams', 'orders.stream.json');
    assert.equal(doc.languageId, 'jsonc');
    await analysis.whenScanned();
    const names = analysis.documents().map((d) => path.basename(vscode.Uri.parse(d.uri).fsPath));
    for (const file of expected.keys()) assert.ok(names.includes(file), `${file} is among the analysed stream configs (${names.join(', ')})`);
    assert.ok(!names.includes('package.json'), 'a package.json is not a stream config');
  });

  it('shows a code lens summary above each stream, with its copies and its problem count', async () => {
    const orders = await open('streams', 'orders.stream.json');
    const titles = await eventually('the ORDERS lens to name its mirror', async () => {
      const t = await lensTitles(orders.uri);
      return t.some((x) => x.includes('ORDERS_DR')) ? t : undefined;
    });
    assert.ok(titles.includes('R3 · file · survives 1 server failure · restart: data kept on disk'), titles.join(' | '));
    assert.ok(titles.includes('mirrored by ORDERS_DR in cluster west'), titles.join(' | '));
    const dr = await open('streams', 'orders-dr.stream.json');
    const drTitles = await lensTitles(dr.uri);
    assert.ok(drTitles.includes('mirror of ORDERS'), `a mirror is a copy of its origin: ${drTitles.join(' | ')}`);
    // Its only finding is about the file (`jsonc-syntax`: comments), which no stream counts.
    assert.deepEqual(expected.get('orders.stream.json')!.findings.map((f) => `${f.rule} ${f.stream ?? 'file'}`), ['jsonc-syntax file']);
    assert.ok(!titles.some((t) => /problem/.test(t)), 'no problem lens on a stream without problems');
    const lenses = await codeLenses(orders.uri);
    assert.ok(lenses.every((l) => l.range.start.line === positionOf(orders, '"name"').line), 'lenses sit on the name key');

    const cache = await open('streams', 'cache.stream.json');
    const cacheTitles = await lensTitles(cache.uri);
    assert.ok(cacheTitles.some((t) => t.startsWith('R2 · memory · survives no server failure')), cacheTitles.join(' | '));
    const count = expected.get('cache.stream.json')!.findings.length;
    assert.ok(count > 0);
    assert.ok(cacheTitles.some((t) => t.includes(`${count} problems`)), `a lens counts ${count} problems: ${cacheTitles.join(' | ')}`);

    const events = await open('streams', 'events.stream.json');
    const eventLenses = await codeLenses(events.uri);
    const summaries = eventLenses.filter((l) => /^R\d/.test(l.command?.title ?? ''));
    assert.deepEqual(summaries.map((l) => l.range.start.line), [positionOf(events, '"name"', 0).line, positionOf(events, '"name"', 1).line], 'one summary per stream of an array file');
  });

  it('opens the fault tolerance page from the summary lens', async () => {
    const orders = await open('streams', 'orders.stream.json');
    const summary = (await codeLenses(orders.uri)).find((l) => l.command?.title.startsWith('R3'));
    assert.ok(summary?.command);
    const page = await vscode.commands.executeCommand<vscode.Uri>(summary.command.command, ...(summary.command.arguments ?? []));
    assert.ok(page, 'the command returns the page it showed');
    const text = (await vscode.workspace.openTextDocument(page)).getText();
    assert.match(text, /^# ORDERS: fault tolerance/);
    assert.match(text, /R1, R3, R5/);
    assert.match(text, /\| R3 \*\*← this stream\*\* \| 2 of 3 \|/);
    assert.match(text, /Disaster recovery/);
    assert.match(text, /ORDERS\\_DR \(cluster west\)/, 'the page names the copy in another cluster');
    assert.match(text, /nats stream backup ORDERS/);
    await uiDriver()?.gallery('page-fault-tolerance', 'The fault-tolerance page of ORDERS, opened from its code lens: what R1, R3 and R5 survive, and the disaster-recovery options', { settleMs: 1500 });
  });

  it('reports the findings as NATS diagnostics with rule codes, severities and anchors', async () => {
    const events = await open('streams', 'events.stream.json');
    const want = expectedShape(expected.get('events.stream.json')!);
    const ds = await diagnosticsEqual(events.uri, want);
    const byRule = (rule: string): vscode.Diagnostic => ds.find((d) => codeOf(d) === rule)!;
    assert.deepEqual(byRule('replicas-even').range.start, positionOf(events, '"num_replicas"'));
    assert.equal(byRule('replicas-even').severity, vscode.DiagnosticSeverity.Warning);
    assert.deepEqual(byRule('duplicate-window-over-max-age').range.start, positionOf(events, '"duplicate_window"'));
    assert.equal(byRule('duplicate-window-over-max-age').severity, vscode.DiagnosticSeverity.Error);
    assert.deepEqual(byRule('mirror-with-subjects').range.start, positionOf(events, '"subjects"', 1));
    assert.equal(byRule('single-replica').severity, vscode.DiagnosticSeverity.Information);

    const code = byRule('replicas-even').code as { value: string; target: vscode.Uri };
    assert.equal(code.target.scheme, 'nats-workbench-rule');
    const page = (await vscode.workspace.openTextDocument(code.target)).getText();
    assert.match(page, /^## Even replica count \(`replicas-even`\)/);
    assert.match(page, /natsWorkbench\.streams\.rules/);
    assert.match(page, /quorum/);
  });

  it('updates diagnostics on edit, across files for the workspace rules, and clears them on close', async () => {
    const orders = await open('streams', 'orders.stream.json');
    const cache = await open('streams', 'cache.stream.json');
    await diagnosticsEqual(cache.uri, expectedShape(expected.get('cache.stream.json')!));
    await replaceText(cache, '"cache.>"', '"orders.new"');
    const overlap = await eventually('subjects-overlap on CACHE', () => natsDiagnostics(cache.uri).find((d) => codeOf(d) === 'subjects-overlap'));
    assert.equal(overlap.relatedInformation?.[0]?.location.uri.toString(), orders.uri.toString(), 'related information points at ORDERS');
    await eventually('subjects-overlap on ORDERS, the other file involved', () => natsDiagnostics(orders.uri).find((d) => codeOf(d) === 'subjects-overlap'));

    await replaceText(cache, '"orders.new"', '"cache.>"');
    await diagnosticsEqual(orders.uri, expectedShape(expected.get('orders.stream.json')!));
    await revertAndClose(cache);
    await eventually('the closed file to lose its diagnostics', () => (natsDiagnostics(cache.uri).length === 0 ? true : undefined));
  });

  it('shows what a field means for this stream on hover', async () => {
    const orders = await open('streams', 'orders.stream.json');
    const replicas = await hoverText(orders, '"num_replicas"');
    assert.match(replicas, /R3: quorum 2 of 3, survives 1 server failure/);
    const description = fieldSchema('num_replicas')!.description!;
    assert.ok(!replicas.includes(`*${description}*`), 'the schema description is left to the JSON language server in schema files');
    assert.match(await hoverText(orders, '"max_age"'), /\*\*7d\*\*/);
    assert.match(await hoverText(orders, '"duplicate_window"'), /\*\*2m\*\*/);
    assert.match(await hoverText(orders, '"storage"'), /File storage/);
    assert.match(await hoverText(orders, '"retention"'), /Limits retention/);
    const dr = await open('streams', 'orders-dr.stream.json');
    assert.match(await hoverText(dr, '"mirror"'), /read-only copy of \*\*ORDERS\*\*/);
    assert.match(await hoverText(dr, '"placement"'), /cluster `west`/);
    const cache = await open('streams', 'cache.stream.json');
    assert.match(await hoverText(cache, '"storage"'), /Memory storage/);
    const events = await open('streams', 'events.stream.json');
    assert.match(await hoverText(events, '"max_bytes"'), /1 GiB/);
    assert.match(await hoverText(events, '"max_msgs_per_subject"'), /last \*\*10\*\* messages/);
  });

  it('offers quick fixes whose edits remove the finding', async () => {
    const cache = await open('streams', 'cache.stream.json');
    const diagnostic = await eventually('replicas-even on CACHE', () => natsDiagnostics(cache.uri).find((d) => codeOf(d) === 'replicas-even'));
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', cache.uri, diagnostic.range, vscode.CodeActionKind.QuickFix.value);
    const fix = actions.find((a) => a.title === 'Use 3 replicas (R3)');
    assert.ok(fix?.edit, `the R3 fix is offered: ${actions.map((a) => a.title).join(', ')}`);
    assert.equal(fix.isPreferred, true);
    assert.ok(actions.some((a) => a.title === 'Disable rule replicas-even in this workspace' && a.command?.command === 'natsWorkbench.streams.disableRule'));
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.match(cache.getText(), /"num_replicas": 3/);
    await eventually('replicas-even to go', () => (natsDiagnostics(cache.uri).some((d) => codeOf(d) === 'replicas-even') ? undefined : true));
    const lens = await lensTitles(cache.uri);
    assert.ok(lens.some((t) => t.startsWith('R3 · memory · survives 1 server failure')), lens.join(' | '));

    const events = await open('streams', 'events.stream.json');
    const mirror = await eventually('mirror-with-subjects', () => natsDiagnostics(events.uri).find((d) => codeOf(d) === 'mirror-with-subjects'));
    const remove = (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', events.uri, mirror.range)).find((a) => a.edit && a.isPreferred);
    assert.ok(remove?.edit);
    assert.ok(await vscode.workspace.applyEdit(remove.edit));
    assert.doesNotMatch(events.getText(), /audit\.>/);
    await eventually('mirror-with-subjects to go', () => (natsDiagnostics(events.uri).some((d) => codeOf(d) === 'mirror-with-subjects') ? undefined : true));
    await revertAndClose(cache);
    await revertAndClose(events);
  });

  it('turns a rule off in the workspace settings from the quick fix', async () => {
    const settingsFile = path.join(workspaceRoot(), '.vscode', 'settings.json');
    const before = fs.existsSync(settingsFile) ? fs.readFileSync(settingsFile, 'utf8') : undefined;
    const previous = vscode.workspace.getConfiguration(SECTION).inspect('rules')?.workspaceValue;
    try {
      const cache = await open('streams', 'cache.stream.json');
      const diagnostic = await eventually('memory-unbounded', () => natsDiagnostics(cache.uri).find((d) => codeOf(d) === 'memory-unbounded'));
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', cache.uri, diagnostic.range);
      const disable = actions.find((a) => a.title === 'Disable rule memory-unbounded in this workspace');
      assert.ok(disable?.command);
      await vscode.commands.executeCommand(disable.command.command, ...(disable.command.arguments ?? []));
      assert.deepEqual(vscode.workspace.getConfiguration(SECTION).inspect<Record<string, string>>('rules')?.workspaceValue?.['memory-unbounded'], 'off');
      await eventually('memory-unbounded to go', () => (natsDiagnostics(cache.uri).some((d) => codeOf(d) === 'memory-unbounded') ? undefined : true));
    } finally {
      await updateSetting('rules', previous, vscode.ConfigurationTarget.Workspace);
      if (before !== undefined) fs.writeFileSync(settingsFile, before);
      else if (fs.existsSync(settingsFile)) {
        fs.rmSync(settingsFile);
        if (fs.readdirSync(path.dirname(settingsFile)).length === 0) fs.rmdirSync(path.dirname(settingsFile));
      }
    }
  });

  it('follows the rules setting: severities change, rules turn off', async () => {
    const cache = await open('streams', 'cache.stream.json');
    const want = expectedShape(expected.get('cache.stream.json')!);
    await diagnosticsEqual(cache.uri, want);
    try {
      await updateSetting('rules', { 'replicas-even': 'error', 'unbounded-growth': 'off' });
      const changed = want.filter((l) => !l.startsWith('unbounded-growth')).map((l) => l.replace(/^replicas-even warning/, 'replicas-even error')).sort();
      assert.notDeepEqual(changed, want);
      await diagnosticsEqual(cache.uri, changed);
    } finally {
      await updateSetting('rules', undefined);
    }
    await diagnosticsEqual(cache.uri, want);
  });

  it('hides the code lenses when natsWorkbench.streams.codeLens.enabled is false', async () => {
    const orders = await open('streams', 'orders.stream.json');
    assert.ok((await codeLenses(orders.uri)).length > 0);
    try {
      await updateSetting('codeLens.enabled', false);
      await eventually('the lenses to go', async () => ((await codeLenses(orders.uri)).length === 0 ? true : undefined));
    } finally {
      await updateSetting('codeLens.enabled', undefined);
    }
    assert.ok((await codeLenses(orders.uri)).length > 0);
  });

  it('runs the live rules when a topology is set', async () => {
    const cache = await open('streams', 'cache.stream.json');
    await diagnosticsEqual(cache.uri, expectedShape(expected.get('cache.stream.json')!));
    try {
      analysis.setTopology(fixtureFolder(), { kind: 'standalone' });
      const live = await eventually('replicas-standalone', () => natsDiagnostics(cache.uri).find((d) => codeOf(d) === 'replicas-standalone'));
      assert.deepEqual(live.range.start, positionOf(cache, '"num_replicas"'));
      assert.equal(analysis.analysisFor(cache)?.live.checked, true);
      assert.equal(analysis.topologyFor(cache.uri)?.kind, 'standalone');
      // The lens says first that the server refuses it, not what it would survive.
      const refused = await eventually('the refusal on the lens', async () => (await lensTitles(cache.uri)).find((t) => t.startsWith('R2 · cannot be placed')));
      assert.equal(refused, 'R2 · cannot be placed: the server is not clustered');
    } finally {
      analysis.setTopology(fixtureFolder(), { kind: 'unknown', reason: 'stream editor tests' });
    }
    await diagnosticsEqual(cache.uri, expectedShape(expected.get('cache.stream.json')!));
  });

  it('contributes the JSON schema: completion of keys and type checks by the JSON language server', async () => {
    const json = vscode.extensions.getExtension('vscode.json-language-features');
    assert.ok(json, 'the built-in JSON language features extension is present in this VS Code');
    const orders = await open('streams', 'orders.stream.json');
    const labels = await eventually('schema completions', async () => {
      const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', orders.uri, positionOf(orders, '"name"', 0, 2));
      const names = list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
      return names.includes('max_bytes') ? names : undefined;
    }, 30_000);
    for (const key of ['placement', 'mirror', 'discard', 'allow_rollup_hdrs']) assert.ok(labels.includes(key), `completion offers ${key}`);
    await replaceText(orders, '"file"', '"disk"');
    const typeCheck = await eventually('a schema diagnostic on "disk"', () =>
      vscode.languages.getDiagnostics(orders.uri).find((d) => d.source !== 'NATS' && d.range.contains(positionOf(orders, '"disk"', 0, 1))),
    );
    assert.ok(typeCheck.message.length > 0);
    await eventually('invalid-type from NATS too', () => natsDiagnostics(orders.uri).find((d) => codeOf(d) === 'invalid-type'));
    await revertAndClose(orders);
  });

  it('leaves other JSON files alone, and detects stream configs by content', async () => {
    const other = await open('other', 'package.json');
    assert.equal(analysis.isStreamConfig(other), false);
    const lenses = await codeLenses(other.uri);
    assert.ok(!lenses.some((l) => l.command?.command.startsWith('natsWorkbench.') || /^R\d|problem|copy in the workspace/.test(l.command?.title ?? '')), lenses.map((l) => l.command?.title).join(' | '));
    assert.deepEqual(natsDiagnostics(other.uri), []);
    assert.equal(await hoverText(other, '"name"'), '');

    const untitled = await vscode.workspace.openTextDocument({ language: 'json', content: '{\n  "name": "SCRATCH",\n  "storage": "memory",\n  "max_bytes": 1048576\n}\n' });
    await vscode.window.showTextDocument(untitled);
    const storage = await hoverText(untitled, '"storage"');
    assert.match(storage, /every message is lost when the server restarts/);
    assert.ok(storage.includes(`*${fieldSchema('storage')!.description!}*`), 'without the schema, the hover carries its description');
    const titles = await lensTitles(untitled.uri);
    assert.ok(titles.includes('R1 · memory · survives no server failure · a restart loses every message'), titles.join(' | '));
    await eventually('memory-single-replica on the untitled config', () => natsDiagnostics(untitled.uri).find((d) => codeOf(d) === 'memory-single-replica'));
    await revertAndClose(untitled);
  });

  it('leaves a syntax error to the JSON language service: one report of a missing comma, not two', async () => {
    const broken = await vscode.workspace.openTextDocument({ language: 'jsonc', content: '{\n  "name": "BROKEN",\n  "subjects": ["broken.>"]\n  "num_replicas": 3\n}\n' });
    await vscode.window.showTextDocument(broken);
    const parsed = await eventually('the analysis to find the syntax error', () => analysis.analysisFor(broken)?.findings.find((f) => f.rule === 'parse-error'));
    assert.equal(parsed.range.start.line, 3);
    const json = await eventually('the JSON language service’s syntax error', () => vscode.languages.getDiagnostics(broken.uri).find((d) => d.source !== 'NATS' && d.range.start.line === 3));
    assert.ok(json.message.length > 0);
    const titles = await eventually('the lens to say the file cannot be read', async () => {
      const t = await lensTitles(broken.uri);
      return t.includes('R3 · invalid JSON') ? t : undefined;
    });
    assert.ok(!titles.some((t) => /survives/.test(t)), titles.join(' | '));
    assert.deepEqual(natsDiagnostics(broken.uri).filter((d) => codeOf(d) === 'parse-error'), [], 'NATS reports no syntax error the JSON checker already shows');
    const atError = vscode.languages.getDiagnostics(broken.uri).filter((d) => d.range.start.line === 3 && d.severity === vscode.DiagnosticSeverity.Error);
    assert.equal(atError.length, 1, atError.map((d) => `${d.source}: ${d.message}`).join(' | '));
    await revertAndClose(broken);
  });

  it('follows stream config files on disk, also in a folder made a moment before, and forgets them with their folder', async () => {
    await analysis.whenScanned();
    const dir = path.join(workspaceRoot(), `new-streams-${process.pid}`);
    const file = path.join(dir, 'late', 'late.json');
    const uri = vscode.Uri.file(file).toString();
    try {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, JSON.stringify({ name: 'LATE', subjects: ['late.>'], num_replicas: 2, max_age: 86_400e9 }));
      const found = await eventually('the new file analysed', () => analysis.documents().find((d) => d.uri === uri));
      assert.deepEqual(found.findings.map((f) => f.rule), ['replicas-even']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    await eventually('the file forgotten with its folder', () => (analysis.documents().some((d) => d.uri === uri) ? undefined : true));
  });

  it('reads no pipe or device under a stream config name: each is a problem of its own, the other files are analysed', async () => {
    await analysis.whenScanned();
    // A repository can hold a link to /dev/zero (reading it never ends) and a checkout a named
    // pipe (reading it waits for a writer that never comes); the search does not list either,
    // the file watcher reports both.
    const dir = path.join(workspaceRoot(), `special-streams-${process.pid}`);
    const entries = {
      zero: path.join(dir, 'zero.stream.json'),
      pipe: path.join(dir, 'pipe.stream.json'),
      // Not named by a pattern: read for content detection first.
      loosePipe: path.join(dir, 'loose.json'),
      ok: path.join(dir, 'ok.stream.json'),
    };
    const uri = (file: string): string => vscode.Uri.file(file).toString();
    try {
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(entries.ok, JSON.stringify({ name: 'NEXT_TO_PIPES', subjects: ['pipes.>'], num_replicas: 2, max_age: 86_400e9 }));
      // The new folder is watched once its first file is seen (a search does not list the others).
      await eventually('the regular file analysed', () => analysis.documents().find((d) => d.uri === uri(entries.ok)));
      fs.symlinkSync('/dev/zero', entries.zero);
      execFileSync('mkfifo', [entries.pipe, entries.loosePipe]);
      const found = await eventually('every entry analysed', () => {
        const docs = new Map(analysis.documents().map((d) => [d.uri, d]));
        const all = Object.values(entries).map((f) => docs.get(uri(f)));
        return all.every((d) => d !== undefined) ? all : undefined;
      });
      const [zero, pipe, loose, ok] = found.map((d) => d!.findings.map((f) => `${f.rule}: ${f.message}`));
      const refused = ['unreadable-file: not a regular file (a pipe, device or socket)'];
      assert.deepEqual({ zero, pipe, loose }, { zero: refused, pipe: refused, loose: refused });
      assert.deepEqual(ok.map((f) => f.split(':')[0]), ['replicas-even']);
      // The whole workspace is still read and linted after them (no read is left waiting).
      const result = await vscode.commands.executeCommand<{ files: number }>('natsWorkbench.streams.lintWorkspace');
      assert.ok(result.files > 0);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    await eventually('the entries forgotten with their folder', () => (analysis.documents().some((d) => d.uri.includes(`special-streams-${process.pid}`)) ? undefined : true));
  });

  it('forgets a file with its deleted folder also when it was open in an editor, and clears its problems', async () => {
    await analysis.whenScanned();
    const dir = path.join(workspaceRoot(), `gone-streams-${process.pid}`);
    const file = path.join(dir, 'gone.json');
    const uri = vscode.Uri.file(file);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(file, JSON.stringify({ name: 'GONE', subjects: ['gone.>'], num_replicas: 2, max_age: 86_400e9 }));
    try {
      const doc = await vscode.workspace.openTextDocument(uri);
      await vscode.window.showTextDocument(doc);
      await eventually('the open file analysed, with its problem', () => (natsDiagnostics(uri).some((d) => codeOf(d) === 'replicas-even') ? true : undefined));
      // Tab closed: VS Code keeps the document a while longer (no close event yet).
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    await eventually('the file forgotten with its folder', () => (analysis.documents().some((d) => d.uri === uri.toString()) ? undefined : true));
    await eventually('its problems cleared', () => (natsDiagnostics(uri).length === 0 ? true : undefined));
  });

  it('lints every stream config of the workspace into the Problems panel', async () => {
    const result = await vscode.commands.executeCommand<{ files: number; streams: number; errors: number; warnings: number; infos: number }>('natsWorkbench.streams.lintWorkspace');
    assert.ok(result.files >= expected.size, `linted ${result.files} files`);
    const all = [...expected.values()].flatMap((a) => a.findings);
    assert.ok(result.errors >= all.filter((f) => f.severity === 'error').length);
    for (const [file, a] of expected) {
      await diagnosticsEqual(workspaceFile('streams', file), expectedShape(a));
    }
    const ui = uiDriver();
    if (ui) {
      await eventually('the Problems panel rows', async () => ((await ui.texts('.markers-panel .monaco-list-row')).length > 0 ? true : undefined));
      await ui.gallery('view-problems', 'The Problems panel after Lint Stream Configs in Workspace: every finding with its rule id, linked to the rule’s page');
      await vscode.commands.executeCommand('workbench.action.closePanel');
    }
  });
});
