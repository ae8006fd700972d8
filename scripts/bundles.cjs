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
  };
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
    { ...common, entryPoints: [entry], outfile: path.join(outdir, 'cli.js'), banner: { js: '#!/usr/bin/env node' }, plugins: [commandsApart] },
    { ...common, entryPoints: modules.map((m) => path.join(root, 'src', 'cli', `${m}.ts`)), outdir: path.join(outdir, 'cli') },
  ];
}

/** Every bundle of the extension, written to `<root>/dist`. */
function allBuilds(root, production) {
  const dist = path.join(root, 'dist');
  return [{ ...commonOptions(production), entryPoints: [path.join(root, 'src', 'extension.ts')], outfile: path.join(dist, 'extension.js'), external: ['vscode'] }, ...cliBuilds(root, dist, production)];
}

module.exports = { commonOptions, cliBuilds, allBuilds };
