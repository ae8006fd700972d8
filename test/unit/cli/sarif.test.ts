/** SARIF built from names a server sends (stream names may hold `[`, `]`, `(`, backquotes and controls). */
import * as assert from 'node:assert/strict';
import { sarifLog } from '../../../src/cli/sarif';

describe('SARIF output of names from a server', () => {
  it('escapes square brackets in result messages, so a stream name is no embedded link', () => {
    const name = '[click](0)\u001b[2J';
    const out = sarifLog([], [{ rule: 'r1-in-cluster', severity: 'warning', message: `stream ${name} has 1 replica`, location: { logical: name, kind: 'stream' } }], '/tmp');
    const result = (JSON.parse(out) as { runs: { results: { message: { text: string }; locations: { logicalLocations: { fullyQualifiedName: string }[] }[] }[] }[] }).runs[0].results[0];
    assert.equal(result.message.text, 'stream \\[click\\](0)\u001b\\[2J has 1 replica');
    assert.equal(result.locations[0].logicalLocations[0].fullyQualifiedName, name, 'a location name is data, not a message');
    assert.doesNotMatch(out, /\u001b/, 'JSON writes the escape as \\u001b');
  });
});
