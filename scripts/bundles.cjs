// What esbuild bundles: the extension and the command-line entry (used by scripts/build.mjs, and by
// the lint benchmark to time the production CLI).
'use strict';
const fs = require('node:fs');
const path = require('node:path');

/** Options every bundle shares; `production` minifies and drops source maps. */
function commonOptions(production) {
  return {
    bundle: true,
    platform: 'node',
    target: 'node18',
    format: 'cjs',
    sourcemap: !production,
    minify: production,
    logLevel: 'warning',
    // jsonc-parser's `main` is a UMD build whose dynamic requires esbuild cannot follow: prefer ESM.
    mainFields: ['module', 'main'],
    // `import()` of a library kept apart (below) becomes a `require` as the bundled ones are, with
    // the same module interop: the extension host loads CommonJS.
    supported: { 'dynamic-import': false },
  };
}

/**
 * Large libraries that the code loads on first use (an `import()` or a `require` inside a
 * function): each is a file of its own in `<outdir>/lib/`, so that loading a bundle does not
 * compile them. elkjs alone is 1.5 MB of the extension's 2.6 MB, and compiling it cost every
 * activation (on every JSON or YAML file opened) tens of milliseconds for a map that may never be
 * opened; nats.js waits for the first connection, yaml for the first NACK file.
 */
const LAZY_LIBRARIES = { 'elkjs/lib/elk.bundled.js': 'elk', nats: 'nats', yaml: 'yaml' };

/** An esbuild plugin that leaves the lazy libraries out of a bundle written to `bundleDir`, required from `<outdir>/lib/`. */
function librariesApart(bundleDir, outdir) {
  const names = Object.keys(LAZY_LIBRARIES);
  const filter = new RegExp(`^(?:${names.map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})$`);
  return {
    name: 'libraries-apart',
    setup(build) {
      build.onResolve({ filter }, (args) => {
        let relative = path.relative(bundleDir, path.join(outdir, 'lib', `${LAZY_LIBRARIES[args.path]}.js`)).split(path.sep).join('/');
        if (!relative.startsWith('.')) relative = `./${relative}`;
        return { path: relative, external: true };
      });
    },
  };
}

/** The lazy libraries' own bundles, `<outdir>/lib/<name>.js`, each exporting what `require(<library>)` gives. */
function libraryBuilds(root, outdir, production) {
  return Object.entries(LAZY_LIBRARIES).map(([library, name]) => ({
    ...commonOptions(production),
    stdin: { contents: `module.exports = require(${JSON.stringify(library)});`, resolveDir: root, loader: 'js', sourcefile: `${name}.js` },
    outfile: path.join(outdir, 'lib', `${name}.js`),
  }));
}

/** A command module src/cli.ts requires on first use: `require('./cli/lint')`. */
const CLI_COMMAND = /require\('\.\/cli\/([\w-]+)'\)/g;

/**
 * The command-line entry, split the way src/cli.ts loads it: `<outdir>/cli.js` holds the command
 * table, and each command module it requires on first use is a bundle of its own in `<outdir>/cli/`
 * (the same relative path, so the require finds it). A run compiles only its command's code: `lint`
 * about 0.24 MB instead of every command's 2.3 MB, which was most of its start-up time.
 */
function cliBuilds(root, outdir, production) {
  const entry = path.join(root, 'src', 'cli.ts');
  const modules = [...new Set([...fs.readFileSync(entry, 'utf8').matchAll(CLI_COMMAND)].map((m) => m[1]))];
  if (!modules.length) throw new Error('src/cli.ts requires no command module from ./cli/: nothing would be bundled apart');
  const commandsApart = {
    name: 'cli-commands-apart',
    setup(build) {
      build.onResolve({ filter: /^\.\/cli\/[\w-]+$/ }, (args) => (args.importer === entry && args.kind === 'require-call' ? { path: `${args.path}.js`, external: true } : undefined));
    },
  };
  const common = commonOptions(production);
  return [
    { ...common, entryPoints: [entry], outfile: path.join(outdir, 'cli.js'), banner: { js: '#!/usr/bin/env node' }, plugins: [commandsApart, librariesApart(outdir, outdir)] },
    { ...common, entryPoints: modules.map((m) => path.join(root, 'src', 'cli', `${m}.ts`)), outdir: path.join(outdir, 'cli'), plugins: [librariesApart(path.join(outdir, 'cli'), outdir)] },
    ...libraryBuilds(root, outdir, production),
  ];
}

/** The extension's bundle, `<outdir>/extension.js`, and the libraries it loads on first use. */
function extensionBuilds(root, outdir, production) {
  const extension = { ...commonOptions(production), entryPoints: [path.join(root, 'src', 'extension.ts')], outfile: path.join(outdir, 'extension.js'), external: ['vscode'], plugins: [librariesApart(outdir, outdir)] };
  return [extension, ...libraryBuilds(root, outdir, production)];
}

/** Every bundle of the extension, written to `<root>/dist`. */
function allBuilds(root, production) {
  const dist = path.join(root, 'dist');
  const [extension] = extensionBuilds(root, dist, production);
  return [extension, ...cliBuilds(root, dist, production)];
}

module.exports = { commonOptions, cliBuilds, extensionBuilds, allBuilds };
