/**
 * The folder layout draws the architecture, and imports run one way:
 * extension → commands → explorer → editor → (services) → core. The core is pure (no `vscode`),
 * the command-line front reads only the core, and no file imports itself back through others.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ImportGraph, importCycles, importGraph, Layer, layerViolations } from './importGraph';

const ROOT = path.resolve(__dirname, '../../../..');

const under = (folder: string) => (file: string): boolean => file.startsWith(`${folder}/`);
const oneOf = (...files: string[]) => (file: string): boolean => files.includes(file);

/** Lowest first. A layer may import the layers it lists, never one above it. */
const LAYERS: Layer[] = [
  { name: 'core', contains: under('core'), mayImport: [], forbiddenPackages: ['vscode'] },
  { name: 'cli', contains: (f) => f === 'cli.ts' || under('cli')(f), mayImport: ['core'], forbiddenPackages: ['vscode'] },
  // The adapters' shared base: the services object, the log channel, the notifications and the page panels.
  { name: 'services', contains: (f) => oneOf('services.ts', 'logLines.ts', 'notifications.ts')(f) || under('pages')(f), mayImport: ['core'] },
  { name: 'editor', contains: under('editor'), mayImport: ['core', 'services'] },
  { name: 'explorer', contains: under('explorer'), mayImport: ['core', 'services', 'editor'] },
  { name: 'commands', contains: under('commands'), mayImport: ['core', 'services', 'editor', 'explorer'] },
  { name: 'extension', contains: oneOf('extension.ts'), mayImport: ['core', 'services', 'editor', 'explorer', 'commands'] },
];

describe('source layout: the import graph of src/', () => {
  const graph = importGraph(path.join(ROOT, 'src'));

  it('reads the whole source tree', () => {
    assert.ok(graph.size > 100, `only ${graph.size} files found`);
    assert.deepEqual(graph.get('extension.ts')?.includes('vscode'), true);
  });

  it('has no import cycle', () => {
    assert.deepEqual(importCycles(graph).map((c) => c.join(' → ')), []);
  });

  it('imports only downwards: extension → commands → explorer → editor → core; core and the CLI never import vscode', () => {
    assert.deepEqual(layerViolations(graph, LAYERS), []);
  });
});

describe('source layout: the checks can fail', () => {
  let dir: string;
  const write = (file: string, text: string): void => {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  };
  let graph: ImportGraph;

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nwb-imports-'));
    write('core/a.ts', "import type { B } from './b';\nexport const a = 1;\n");
    write('core/b.ts', "import { a } from './a';\nexport type B = typeof a;\n");
    write('core/c.ts', "import * as vscode from 'vscode';\nimport { d } from '../editor/d';\nexport const c = [vscode, d];\n");
    write('editor/d.ts', "export const d = 1;\n");
    write('editor/index.ts', "export async function e() {\n  return import('../commands/x');\n}\n");
    write('commands/x/index.ts', "export * from '../../editor';\n");
    write('stray.ts', 'export {};\n');
    graph = importGraph(dir);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('finds cycles, through type-only and dynamic imports too', () => {
    assert.deepEqual(importCycles(graph).map((c) => c.join(' → ')).sort(), [
      'core/a.ts → core/b.ts → core/a.ts',
      'commands/x/index.ts → editor/index.ts → commands/x/index.ts',
    ].sort());
  });

  it('finds imports against the layers, forbidden packages and files in no layer', () => {
    assert.deepEqual(layerViolations(graph, LAYERS).sort(), [
      'core/c.ts → vscode (core must not import vscode)',
      'core/c.ts → editor/d.ts (core must not import editor)',
      'editor/index.ts → commands/x/index.ts (editor must not import commands)',
      'stray.ts belongs to no layer (add it to the layers in test/unit/packaging/imports.test.ts)',
    ].sort());
  });
});
