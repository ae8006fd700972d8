/**
 * Names from a server or a file as tree rows, quick picks and the DR map draw them: one line, in
 * their own order, nothing invisible, nothing drawn as an icon, a 100 KB name cut, and fast.
 */
import * as assert from 'node:assert/strict';
import { drMapFromFiles, layoutDrMap, renderDrMapSvg } from '../../src/core/drmap';
import { parseStreamDocument } from '../../src/core/streams';
import { LABEL_MAX, displayLabel, inertLinks, pickLabel } from '../../src/core/trust/quote';

describe('hostile names as labels', () => {
  it('a line break, an override and zero-width characters are shown, not obeyed', () => {
    assert.equal(displayLabel('ORDERS\n\u202eNOSJ'), 'ORDERS\\n\\u202eNOSJ');
    assert.equal(displayLabel('ORD\u200bERS\u2066'), 'ORD\\u200bERS\\u2066');
    assert.equal(displayLabel('plain-name.1'), 'plain-name.1', 'a plain name is unchanged');
  });

  it('a 100 KB name is cut after LABEL_MAX characters, never in the middle of a surrogate pair', () => {
    const label = displayLabel('x'.repeat(100_000));
    assert.equal(label, `${'x'.repeat(LABEL_MAX)}…`);
    const pairs = displayLabel(`${'a'.repeat(LABEL_MAX - 1)}${'😀'.repeat(50_000)}`);
    assert.equal(pairs, `${'a'.repeat(LABEL_MAX - 1)}…`);
    assert.doesNotMatch(pairs, /\\ud[89a-f]/, 'no lone surrogate shown');
    assert.ok(displayLabel('\u202e'.repeat(100_000)).length < LABEL_MAX * 7);
  });

  it('a quick pick shows $(name) in a name as text, not as an icon', () => {
    assert.equal(pickLabel('$(loading~spin) prod'), '\\$(loading~spin) prod');
    assert.equal(pickLabel('a\n$(x)'), 'a\\n\\$(x)');
  });

  it('the DR map shows a line break, an override and a zero-width character in a name as escapes', async () => {
    const name = 'ORD\u202eSRE\u200bDRO\nX';
    const map = drMapFromFiles(parseStreamDocument(JSON.stringify({ name, subjects: ['a'], placement: { cluster: 'e\u202ets' } }), '/ws/x.json').streams);
    const svg = renderDrMapSvg(await layoutDrMap(map), 'map', { lose: 'regions' });
    // data-* attributes keep the real names (the map finds its boxes by them); nothing shows them.
    const shown = svg.replace(/ data-[\w-]+="[^"]*"/g, '');
    assert.doesNotMatch(shown, /[\u202e\u200b]/, 'no override nor zero-width character shown');
    assert.match(svg, /data-lose-cluster="e\u202ets"/, 'the button still names the real region');
    assert.match(svg, /ORD\\u202eSRE\\u200bDRO\\nX/);
    assert.match(svg, /e\\u202ets/);
  });
});

/** VS Code's pattern for a link in a notification (its linkedText parser), which runs `command:` targets. */
const NOTIFICATION_LINK = /\[([^\]]+)\]\(((?:https?:\/\/|command:|file:)[^)\s]+)(?: (["'])(.+?)(\3))?\)/i;

describe('hostile names in notifications', () => {
  it('inertLinks leaves no link for a notification to make, and plain text as it was', () => {
    for (const text of ['[Fix](command:workbench.action.terminal.sendSequence?%7B%7D)', 'a [x](https://e.example) b', '[k](file:///etc/passwd "t")']) {
      assert.match(text, NOTIFICATION_LINK);
      assert.doesNotMatch(inertLinks(text), NOTIFICATION_LINK, text);
    }
    assert.equal(inertLinks('Stream ORDERS (R3) on prod [east]'), 'Stream ORDERS (R3) on prod [east]');
    assert.equal(inertLinks('[x](command:y)'), '[x]\\u0028command:y)');
  });
});
