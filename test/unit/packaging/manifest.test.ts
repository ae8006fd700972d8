/** The manifest is the extension's user interface: check what VS Code reads from it. */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { visit } from 'jsonc-parser';

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
    viewsContainers?: Record<string, { id: string; icon: string }[]>;
    walkthroughs?: { id: string; title: string; steps: { id: string; title: string; description: string; media: { markdown?: string; svg?: string; image?: string }; completionEvents?: string[] }[] }[];
  };
}

const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as Manifest;

describe('package.json manifest', () => {
  it('holds no key twice in one object (JSON.parse keeps the last silently, VS Code too)', () => {
    const keys: Set<string>[] = [];
    const twice: string[] = [];
    visit(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'), {
      onObjectBegin: () => void keys.push(new Set()),
      onObjectEnd: () => void keys.pop(),
      onObjectProperty: (name, offset) => {
        const seen = keys[keys.length - 1];
        if (seen.has(name)) twice.push(`${name} at offset ${offset}`);
        seen.add(name);
      },
    });
    assert.deepEqual(twice, []);
  });

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

  it('draws the activity-bar icon in one colour (currentColor) on a 24 × 24 grid, as VS Code asks', () => {
    const icons = (manifest.contributes.viewsContainers?.activitybar ?? []).map((c) => c.icon);
    assert.ok(icons.length > 0);
    for (const icon of icons) {
      const svg = fs.readFileSync(path.join(ROOT, icon), 'utf8');
      assert.match(svg, /<svg[^>]*width="24" height="24" viewBox="0 0 24 24"/, `${icon} is 24 × 24`);
      const colours = [...svg.matchAll(/(?:fill|stroke|color|stop-color)="([^"]+)"/g)].map((m) => m[1]);
      for (const c of colours) assert.ok(c === 'currentColor' || c === 'none', `${icon} uses the colour ${c}`);
      assert.ok(!/opacity|<image|style=/.test(svg), `${icon} has no opacity, bitmap or inline style`);
    }
  });

  it('contributes a walkthrough whose steps have their media and complete on our commands or on context keys the extension sets', () => {
    const walkthroughs = manifest.contributes.walkthroughs ?? [];
    assert.equal(walkthroughs.length, 1);
    const known = new Set((manifest.contributes.commands ?? []).map((c) => c.command));
    const source = sourceText(path.join(ROOT, 'src'));
    for (const step of walkthroughs[0].steps) {
      const media = step.media.markdown ?? step.media.svg ?? step.media.image;
      assert.ok(media && fs.existsSync(path.join(ROOT, media)), `step ${step.id}: media ${media} exists`);
      for (const [, command] of step.description.matchAll(/\(command:([\w.]+)/g)) assert.ok(known.has(command), `step ${step.id} links unknown command ${command}`);
      assert.ok(step.completionEvents?.length, `step ${step.id} completes on an action, not on being opened`);
      for (const event of step.completionEvents) {
        const [kind, what] = [event.slice(0, event.indexOf(':')), event.slice(event.indexOf(':') + 1)];
        if (kind === 'onCommand') assert.ok(known.has(what), `step ${step.id}: ${what} is a contributed command`);
        else {
          assert.equal(kind, 'onContext', `step ${step.id}: ${event}`);
          const key = what.split(/\s/)[0];
          assert.ok(source.includes(`'${key}'`), `step ${step.id}: the extension sets the context key ${key}`);
        }
      }
    }
  });
});

/** Every TypeScript source below `dir`, concatenated. */
function sourceText(dir: string): string {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .map((e) => (e.isDirectory() ? sourceText(path.join(dir, e.name)) : e.name.endsWith('.ts') ? fs.readFileSync(path.join(dir, e.name), 'utf8') : ''))
    .join('\n');
}
