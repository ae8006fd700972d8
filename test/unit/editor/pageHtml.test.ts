import * as assert from 'node:assert/strict';
import { faultTolerancePage, parseStreamDocument } from '../../../src/core/streams';

import { pageHtml } from '../../../src/pages/pageHtml';

const NONCE = 'bm9uY2Utb2YtdGhlLXRlc3Q=';

function csp(html: string): string {
  const m = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html);
  assert.ok(m, 'the page has a Content-Security-Policy');
  return m[1];
}

describe('page HTML (the webview of every readable page)', () => {
  it('renders the Markdown the core produces: headings, tables, lists, code', () => {
    const doc = parseStreamDocument('{"name": "ORDERS", "subjects": ["orders.>"], "num_replicas": 3}', 'file:///w/orders.stream.json');
    const markdown = faultTolerancePage(doc.streams[0]);
    const html = pageHtml(markdown, { title: 'ORDERS fault tolerance', nonce: NONCE });
    assert.match(html, /<h1>ORDERS: fault tolerance<\/h1>/);
    assert.match(html, /<h2>What it survives<\/h2>/);
    assert.match(html, /<div class="table"><table>\s*<thead>/);
    assert.match(html, /<th>Replicas<\/th>/);
    assert.match(html, /<td>R3 <strong>← this stream<\/strong><\/td>/);
    assert.match(html, /<code>nats stream backup ORDERS \.\/backup<\/code>/);
    assert.doesNotMatch(html, /\| --- \|/, 'no raw Markdown table left');
    assert.doesNotMatch(html, /^#+ /m, 'no raw Markdown heading left');
    assert.match(html, /<title>ORDERS fault tolerance<\/title>/);
  });

  it('loads nothing: a strict policy, one style element with the nonce, no script', () => {
    const html = pageHtml('# Page', { title: 'Page', nonce: NONCE });
    const policy = csp(html);
    assert.match(policy, /^default-src 'none'/);
    assert.match(policy, new RegExp(`style-src 'nonce-${NONCE}'`));
    assert.match(policy, /script-src 'none'/);
    assert.doesNotMatch(policy, /https?:|\*|unsafe/);
    assert.equal(html.match(/<style/g)?.length, 1);
    assert.match(html, new RegExp(`<style nonce="${NONCE}">`));
    assert.doesNotMatch(html, /<script/);
    assert.match(html, /var\(--vscode-editor-foreground\)/, 'theme colours come from VS Code');
  });

  it('keeps HTML in the Markdown as text, also in the title', () => {
    const html = pageHtml('# A <script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n| a |\n| --- |\n| <b>x</b> |\n', { title: '<i>t</i>', nonce: NONCE });
    assert.doesNotMatch(html, /<script>alert|<img|<b>x|<i>t/);
    assert.match(html, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
    assert.match(html, /<title>&lt;i&gt;t&lt;\/i&gt;<\/title>/);
  });

  it('links only where linkHref says, and drops every other link to its text', () => {
    const markdown = '[rule](nats-workbench-rule:/x.md) [web](https://nats.io) [evil](javascript:alert(1)) [other](foo:bar) [file](file:///w/a.json)';
    const none = pageHtml(markdown, { title: 't', nonce: NONCE });
    assert.doesNotMatch(none, /href=/, 'without linkHref no link is kept');
    assert.match(none, /<a>rule<\/a>/);
    const linkHref = (href: string): string | undefined => (/^(nats-workbench-rule|file):/.test(href) ? `command:open?${encodeURIComponent(JSON.stringify([href]))}` : href.startsWith('https:') ? href : undefined);
    const html = pageHtml(markdown, { title: 't', nonce: NONCE, linkHref });
    assert.match(html, /<a href="command:open\?%5B%22nats-workbench-rule%3A%2Fx\.md%22%5D" title="nats-workbench-rule:\/x\.md">rule<\/a>/);
    assert.match(html, /<a href="https:\/\/nats\.io" title="https:\/\/nats\.io">web<\/a>/);
    assert.doesNotMatch(html, /href="(javascript|foo):/);
    assert.match(html, /<a>other<\/a>/);
    assert.match(html, /<a href="command:open\?%5B%22file%3A%2F%2F%2Fw%2Fa\.json%22%5D"/, 'a file link goes through linkHref too');
  });
});
