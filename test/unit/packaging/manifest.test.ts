/** The manifest is the extension's user interface: check what VS Code reads from it. */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../../../..');

interface Manifest {
  name: string;
  displayName: string;
  publisher: string;
  license: string;
  icon: string;
  engines: { vscode: string };
  activationEvents: string[];
  devDependencies: Record<string, string>;
  contributes: {
    commands?: { command: string; title: string; category?: string; icon?: unknown }[];
    menus?: Record<string, { command: string; when?: string }[]>;
    views?: Record<string, { id: string }[]>;
  };
}

const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as Manifest;

describe('package.json manifest', () => {
  it('names the extension, its publisher, licence and icon', () => {
    assert.equal(manifest.name, 'nats-workbench');
    assert.equal(manifest.displayName, 'NATS Workbench');
    assert.ok(manifest.publisher);
    assert.ok(manifest.license);
    assert.ok(fs.existsSync(path.join(ROOT, manifest.icon)), `icon ${manifest.icon} exists`);
  });

  it('supports VS Code 1.90 and later, with @types/vscode no newer than that floor', () => {
    assert.equal(manifest.engines.vscode, '^1.90.0');
    const types = manifest.devDependencies['@types/vscode'].replace(/^[\^~]/, '');
    const [major, minor] = types.split('.').map(Number);
    assert.ok(major === 1 && minor <= 90, `@types/vscode ${types} is newer than the engine floor`);
  });

  it('activates only where needed, never on startup', () => {
    assert.ok(!manifest.activationEvents.includes('*'));
    assert.ok(!manifest.activationEvents.includes('onStartupFinished'));
  });

  it('gives every command a title-case title and a category', () => {
    for (const c of manifest.contributes.commands ?? []) {
      assert.ok(c.category, `${c.command} has a category`);
      for (const word of c.title.split(/\s+/).filter((w) => w.length > 3)) {
        assert.match(word, /^[A-Z0-9.(]/, `${c.command}: "${c.title}" is title case`);
      }
    }
  });

  it('gates every view/item/context menu entry with a when clause and names only known commands', () => {
    const known = new Set((manifest.contributes.commands ?? []).map((c) => c.command));
    for (const [where, entries] of Object.entries(manifest.contributes.menus ?? {})) {
      for (const entry of entries) {
        if (!entry.command) continue;
        assert.ok(known.has(entry.command), `${where} names unknown command ${entry.command}`);
        if (where === 'view/item/context' || where === 'explorer/context') {
          assert.ok(entry.when, `${where} entry ${entry.command} has a when clause`);
        }
      }
    }
  });
});
