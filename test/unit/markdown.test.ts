/**
 * Markdown built from names a server sends: nats-server 2.9.10 accepts a `server_name` holding a
 * line break and `|`, and stream names holding `|`, `[`, `]`, `(`, backquotes, `#`, `<`, escape
 * sequences and bidirectional overrides.
 */
import * as assert from 'node:assert/strict';
import { md } from '../../src/core/markdown';

describe('md: names from a server in Markdown', () => {
  it('keeps a table row one row: line breaks are shown as \\n, pipes are escaped', () => {
    const row = `| ${md('n1\n| evil | row |\r\n# Heading')} | R3 |`;
    assert.equal(row.split('\n').length, 1);
    assert.equal(row, '| n1\\\\n\\| evil \\| row \\|\\\\r\\\\n\\# Heading | R3 |');
  });

  it('shows bidirectional overrides, escapes and line separators instead of obeying them', () => {
    assert.equal(md('ORDERS\u202eNOSJ'), 'ORDERS\\\\u202eNOSJ');
    assert.equal(md('a\u001b[2Jb'), 'a\\\\u001b\\[2Jb');
    assert.equal(md('a\u2028b'), 'a\\\\u2028b');
  });

  it('escapes links, images, code and HTML', () => {
    assert.equal(md('[x](javascript:alert(1))'), '\\[x\\]\\(javascript:alert\\(1\\)\\)');
    assert.equal(md('![i](http://h/p.png)'), '\\!\\[i\\]\\(http\\://h/p\\.png\\)');
    assert.equal(md('<img src=x onerror=alert(1)>'), '\\<img src=x onerror=alert\\(1\\)\\>');
    assert.equal(md('`code`'), '\\`code\\`');
  });
});
