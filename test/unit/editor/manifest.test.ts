/** The stream editor's contributions in package.json stay in step with the core and the sources. */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { RULE_IDS } from '../../../src/core/streams';
import { DEFAULT_FILE_PATTERNS } from '../../../src/editor/filePatterns';

const ROOT = path.resolve(__dirname, '../../../..');

interface Property {
  type?: string;
  default?: unknown;
  enum?: string[];
  properties?: Record<string, Property>;
  additionalProperties?: unknown;
}

const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  contributes: {
    commands: { command: string; title: string; category?: string }[];
    configuration: { properties: Record<string, Property> };
    jsonValidation: { fileMatch: string[]; url: string }[];
    languages: { id: string; filenamePatterns?: string[] }[];
  };
};
const settings = manifest.contributes.configuration.properties;

describe('stream editor contributions (package.json)', () => {
  it('lists every rule of the catalogue, and only those, in natsWorkbench.streams.rules', () => {
    const rules = settings['natsWorkbench.streams.rules'];
    assert.equal(rules.type, 'object');
    assert.deepEqual(Object.keys(rules.properties ?? {}), [...RULE_IDS], 'add or remove the rule in package.json');
    for (const [id, p] of Object.entries(rules.properties ?? {})) assert.deepEqual(p.enum, ['error', 'warning', 'info', 'off'], id);
    assert.equal(rules.additionalProperties, false);
  });

  it('uses the same default file patterns for detection, the JSON schema and JSONC', () => {
    assert.deepEqual(settings['natsWorkbench.streams.filePatterns'].default, [...DEFAULT_FILE_PATTERNS]);
    const validation = manifest.contributes.jsonValidation.find((v) => v.url.endsWith('stream-config.schema.json'));
    assert.ok(validation);
    assert.deepEqual(validation.fileMatch, [...DEFAULT_FILE_PATTERNS]);
    const jsonc = manifest.contributes.languages.find((l) => l.id === 'jsonc');
    assert.deepEqual(jsonc?.filenamePatterns, [...DEFAULT_FILE_PATTERNS]);
  });

  it('contributes the core schema, copied by the build', () => {
    const validation = manifest.contributes.jsonValidation.find((v) => v.url.endsWith('stream-config.schema.json'))!;
    const build = fs.readFileSync(path.join(ROOT, 'scripts/build.mjs'), 'utf8');
    const target = path.posix.normalize(validation.url);
    assert.ok(build.includes(`'src/core/streams/stream-config.schema.json', '${target}'`), `scripts/build.mjs copies the core schema to ${target}`);
    const copy = path.join(ROOT, target);
    if (fs.existsSync(copy)) {
      assert.equal(fs.readFileSync(copy, 'utf8'), fs.readFileSync(path.join(ROOT, 'src/core/streams/stream-config.schema.json'), 'utf8'), 'the copy is current (run the build)');
    }
  });

  it('contributes the stream commands and the code lens switch', () => {
    const commands = new Map(manifest.contributes.commands.map((c) => [c.command, c]));
    for (const [id, title] of [
      ['natsWorkbench.streams.explainFaultTolerance', 'Explain Stream Fault Tolerance'],
      ['natsWorkbench.streams.lintWorkspace', 'Lint Stream Configs in Workspace'],
      ['natsWorkbench.streams.disableRule', 'Disable Stream Rule in Workspace'],
    ]) {
      assert.equal(commands.get(id)?.title, title);
      assert.equal(commands.get(id)?.category, 'NATS');
    }
    assert.equal(settings['natsWorkbench.streams.codeLens.enabled'].default, true);
  });
});
