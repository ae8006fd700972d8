/**
 * The import graph of a TypeScript source folder, read with TypeScript's own pre-processor (every
 * `import`, `import type`, `export … from`, `import()` and module augmentation counts), and the
 * two things that must not be in it: cycles, and imports that go against the layers.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';
import { stronglyConnectedComponents } from '../../../src/core/graph';

/** File (relative to the root, with '/') → the modules it imports: relative ones resolved to files, packages by name. */
export type ImportGraph = Map<string, string[]>;

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(full);
    return e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [full] : [];
  });
}

function resolveRelative(root: string, from: string, specifier: string): string {
  const base = path.resolve(path.dirname(from), specifier);
  const candidates = [`${base}.ts`, path.join(base, 'index.ts'), base];
  const found = candidates.find((c) => fs.existsSync(c) && fs.statSync(c).isFile()) ?? `${base}.ts`;
  return path.relative(root, found).split(path.sep).join('/');
}

export function importGraph(root: string): ImportGraph {
  const graph: ImportGraph = new Map();
  for (const file of sourceFiles(root).sort()) {
    const info = ts.preProcessFile(fs.readFileSync(file, 'utf8'), true, true);
    const targets = info.importedFiles.map((i) => (i.fileName.startsWith('.') ? resolveRelative(root, file, i.fileName) : i.fileName));
    graph.set(path.relative(root, file).split(path.sep).join('/'), [...new Set(targets)]);
  }
  return graph;
}

/** Every cycle of files, each once, as the path that closes it (`a → b → a`). */
export function importCycles(graph: ImportGraph): string[][] {
  const components = stronglyConnectedComponents(graph.keys(), (v) => graph.get(v) ?? [], (v) => graph.has(v)).filter(
    (c) => c.length > 1 || (graph.get(c[0]) ?? []).includes(c[0]),
  );
  return components.map((component) => closingPath(graph, new Set(component)));
}

/** One cycle through the first file of a strongly connected component (breadth-first, so the shortest). */
function closingPath(graph: ImportGraph, component: Set<string>): string[] {
  const start = [...component].sort()[0];
  const previous = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const v = queue.shift()!;
    for (const w of graph.get(v) ?? []) {
      if (!component.has(w)) continue;
      if (w === start) {
        const cycle = [start];
        for (let u: string | undefined = v; u !== undefined && u !== start; u = previous.get(u)) cycle.splice(1, 0, u);
        return [...cycle, start];
      }
      if (!previous.has(w)) {
        previous.set(w, v);
        queue.push(w);
      }
    }
  }
  return [start, start];
}

export interface Layer {
  name: string;
  /** Whether a file (relative path with '/') belongs to this layer. */
  contains: (file: string) => boolean;
  /** The layers it may import (its own is always allowed). */
  mayImport: string[];
  /** Packages it must not import. */
  forbiddenPackages?: string[];
}

/** Imports against the layers: `file → target (why)`; a file in no layer is one too. */
export function layerViolations(graph: ImportGraph, layers: Layer[]): string[] {
  const layerOf = (file: string): Layer | undefined => layers.find((l) => l.contains(file));
  const problems: string[] = [];
  for (const [file, targets] of graph) {
    const layer = layerOf(file);
    if (!layer) {
      problems.push(`${file} belongs to no layer (add it to the layers in test/unit/packaging/imports.test.ts)`);
      continue;
    }
    for (const target of targets) {
      if (!graph.has(target)) {
        if (layer.forbiddenPackages?.includes(target)) problems.push(`${file} → ${target} (${layer.name} must not import ${target})`);
        continue;
      }
      const to = layerOf(target);
      if (to && to !== layer && !layer.mayImport.includes(to.name)) problems.push(`${file} → ${target} (${layer.name} must not import ${to.name})`);
    }
  }
  return problems;
}
