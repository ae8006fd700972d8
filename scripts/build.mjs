// Bundles the extension and the command-line entry with esbuild (what goes where: bundles.cjs).
//   node scripts/build.mjs               development build with source maps
//   node scripts/build.mjs --production  minified, as packaged into the .vsix
//   node scripts/build.mjs --watch       rebuild on change
import * as fs from 'node:fs';
import * as esbuild from 'esbuild';
import { allBuilds } from './bundles.cjs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const builds = allBuilds(process.cwd(), production);

// The stream config schema, contributed to the JSON language server (package.json jsonValidation).
fs.mkdirSync('schemas', { recursive: true });
fs.copyFileSync('src/core/streams/stream-config.schema.json', 'schemas/stream-config.schema.json');
// Bundles of commands (and libraries kept apart) that no longer exist must not linger.
fs.rmSync('dist/cli', { recursive: true, force: true });
fs.rmSync('dist/lib', { recursive: true, force: true });

if (watch) {
  for (const options of builds) {
    const ctx = await esbuild.context(options);
    await ctx.watch();
  }
  console.log('[build] watching for changes');
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
}
