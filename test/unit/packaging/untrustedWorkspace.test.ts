/**
 * Restricted Mode: a cloned repository's workspace settings must not choose the servers the
 * extension logs in to (with the user's credentials) nor the store the Operators view signs from.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../../../..');

interface Manifest {
  capabilities?: { untrustedWorkspaces?: { supported: boolean | 'limited'; restrictedConfigurations?: string[]; description?: string } };
  contributes: { configuration: { properties: Record<string, unknown> } | { properties: Record<string, unknown> }[] };
}

const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as Manifest;

describe('package.json: untrusted workspaces', () => {
  it('ignores the workspace values of the connections and the store root in Restricted Mode', () => {
    const untrusted = manifest.capabilities?.untrustedWorkspaces;
    assert.equal(untrusted?.supported, 'limited');
    assert.ok(untrusted?.description, 'says what is limited');
    const restricted = untrusted?.restrictedConfigurations ?? [];
    assert.ok(restricted.includes('natsWorkbench.connections'));
    assert.ok(restricted.includes('natsWorkbench.store.root'));
    const configuration = manifest.contributes.configuration;
    const settings = new Set((Array.isArray(configuration) ? configuration : [configuration]).flatMap((c) => Object.keys(c.properties)));
    for (const key of restricted) assert.ok(settings.has(key), `${key} is a setting the extension contributes`);
  });
});
