/**
 * The extension-host test suite: every compiled `*.test.js` below this folder, run with Mocha.
 * Launcher-agnostic: the code-server runner (npm run test:vscode) and @vscode/test-electron
 * (npm run test:electron) both load this module and call run().
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';
import { setCurrentTest } from './helpers';

function findTests(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return findTests(full);
    return entry.name.endsWith('.test.js') ? [full] : [];
  });
}

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 60_000, reporter: 'spec' });
  const grep = process.env.NATS_WORKBENCH_TEST_GREP;
  if (grep) mocha.grep(grep);
  // Gallery screenshots name the test that took them.
  mocha.suite.beforeEach(function () {
    setCurrentTest(this.currentTest?.fullTitle());
  });
  for (const file of findTests(__dirname).sort()) mocha.addFile(file);
  return new Promise((resolve, reject) => {
    try {
      mocha.run((failures) => {
        if (failures > 0) reject(new Error(`${failures} extension test(s) failed`));
        else resolve();
      });
    } catch (e) {
      reject(e instanceof Error ? e : new Error(String(e)));
    }
  });
}
