/**
 * Markdown built from text a file's author or a server chooses (stream configs, JWTs of a cloned
 * store): rendered, it shows that text and nothing else: no link (`command:`, `file:`,
 * `javascript:`, `https:`), no image (a remote picture loads when a hover shows), no HTML, no
 * heading, no bidirectional override smuggled in as an entity.
 */
import * as assert from 'node:assert/strict';
import MarkdownIt from 'markdown-it';
import { md, mdCode } from '../../src/core/markdown';
import { WorkspaceIndex, faultTolerancePage, hoverAt, parseStreamDocument } from '../../src/core/streams';
import { decodeJwt, Diagnosis, formatDecodedJwt, formatDiagnosis, NKey } from '../../src/core/trust';
import { signJwt } from '../../src/core/trust/jwtEncode';
import { pageHtml } from '../../src/pages/pageHtml';

/** Raw HTML allowed: stricter than the pages (html off), so nothing slips by. */
const renderer = new MarkdownIt({ html: true, linkify: false });
renderer.validateLink = () => true;

const LINK = '[Fix it](command:workbench.action.terminal.sendSequence?%7B%22text%22%3A%22rm%22%7D)';
const FILE = '[key](file:///home/me/.ssh/id_ed25519)';
const IMAGE = '![x](https://tracker.example/p.png)';
const HTML = '<img src=x onerror=alert(1)><a href="command:x">y</a>';
const ENTITY = 'ORDERS&#8238;NOSJ';
const CODE_BREAK = '`` ` [c](command:evil) `';
const HEADING = 'x\n# Owned';
const HOSTILE = [LINK, FILE, IMAGE, HTML, ENTITY, CODE_BREAK, HEADING, '$(zap) icon', 'javascript:alert(1)'];

function assertInert(markdown: string, what: string): string {
  const html = renderer.render(markdown);
  assert.doesNotMatch(html, /<a[\s>]/, `${what}: no link in ${html}`);
  assert.doesNotMatch(html, /<img/, `${what}: no image in ${html}`);
  assert.doesNotMatch(html, /<h[1-6]>\s*Owned/, `${what}: no heading in ${html}`);
  assert.doesNotMatch(html, /\u202e/, `${what}: no override in ${html}`);
  // What VS Code's renderer (GFM) links by itself in a hover or a tooltip: a bare web address.
  assert.doesNotMatch(markdown.replace(/`+[^`]*`+/g, ''), /https?:\/\/|www\./, `${what}: no bare web address in ${markdown}`);
  return html;
}

describe('hostile text in Markdown', () => {
  for (const text of HOSTILE) {
    it(`md and mdCode show ${JSON.stringify(text)} as text`, () => {
      assertInert(md(text), 'md');
      assertInert(`a ${md(text)} b`, 'md inline');
      assertInert(mdCode(text), 'mdCode');
    });
  }

  it('md escapes an entity, so &#8238; cannot bring back the override displayText showed', () => {
    const html = assertInert(md(ENTITY), 'entity');
    assert.match(html, /ORDERS&amp;#8238;NOSJ/);
  });

  it('mdCode keeps the whole text in one code span, backquotes included', () => {
    const html = renderer.renderInline(mdCode(CODE_BREAK));
    assert.equal(html, '<code>`` ` [c](command:evil) `</code>');
    assert.equal(renderer.renderInline(mdCode('')), '<code>  </code>');
    assert.equal(renderer.renderInline(mdCode('a\nb')), '<code>a\\nb</code>');
  });

  it('md and mdCode take a 100 KB name without hanging', () => {
    const long = `${'`'.repeat(50_000)}${'[x](command:y)'.repeat(3_000)}`;
    assertInert(md(long), 'long md');
    assertInert(mdCode(long), 'long mdCode');
  });

  it('a stream config\'s hover shows crafted names, subjects, clusters and tags as text', () => {
    for (const text of HOSTILE) {
      const config = {
        name: 'S',
        subjects: [text],
        placement: { cluster: text, tags: [text] },
        sources: [{ name: text, filter_subject: text, opt_start_time: text, external: { api: text } }],
      };
      const source = JSON.stringify(config, null, 2);
      const doc = parseStreamDocument(source, 'f/s.json');
      const origin = parseStreamDocument(JSON.stringify({ name: text, subjects: ['o'], placement: { cluster: text } }), `f/${encodeURIComponent(LINK)}.json`);
      const workspace = new WorkspaceIndex([doc, origin]);
      for (const key of ['subjects', 'placement', 'sources']) {
        const hover = hoverAt(doc, source.indexOf(`"${key}"`) + 2, workspace);
        assert.ok(hover, key);
        assertInert(hover.markdown, `${key} hover of ${JSON.stringify(text)}`);
      }
    }
  });

  it('a stream\'s fault tolerance page shows a crafted name, cluster and copies as text', () => {
    for (const text of HOSTILE) {
      const stream = parseStreamDocument(JSON.stringify({ name: text, subjects: ['a'], num_replicas: 3, placement: { cluster: text } }), 'f/a.json');
      const mirror = parseStreamDocument(JSON.stringify({ name: `${text}2`, mirror: { name: text }, placement: { cluster: `${text}w` } }), 'f/b.json');
      const workspace = new WorkspaceIndex([stream, mirror]);
      const page = faultTolerancePage(stream.streams[0], workspace);
      assertInert(page, `page of ${JSON.stringify(text)}`);
      const mirrorPage = faultTolerancePage(mirror.streams[0], workspace);
      assertInert(mirrorPage, `mirror page of ${JSON.stringify(text)}`);
    }
  });

  it('the fault tolerance page still suggests the mirror and the backup of a plain name as code', () => {
    const stream = parseStreamDocument(JSON.stringify({ name: 'ORDERS', subjects: ['a'] }), 'f/a.json');
    const page = faultTolerancePage(stream.streams[0]);
    assert.match(page, /`"mirror": \{"name": "ORDERS"\}`/);
    assert.match(page, /`nats stream backup ORDERS \.\/backup`/);
  });

  it('a decoded JWT page shows a crafted name, claim names and values as text', () => {
    const op = NKey.generate('operator');
    for (const text of HOSTILE) {
      const jwt = signJwt({ name: text, sub: NKey.generate('account').publicKey, nats: { type: 'account', description: text, tags: [text], [text]: text, limits: { [text]: 1 } } }, op);
      const page = formatDecodedJwt(decodeJwt(jwt));
      assertInert(page, `decoded JWT named ${JSON.stringify(text)}`);
      // A table row per claim: a line break or a pipe in a claim cannot add rows or cells.
      for (const row of page.split('\n').filter((l) => l.startsWith('| '))) assert.equal(row.replace(/\\\|/g, '').split('|').length, 5, row);
    }
  });
});

describe('hostile text in a page webview', () => {
  it('even a link policy that keeps every link finds none in a crafted stream\'s page', () => {
    for (const text of HOSTILE) {
      const stream = parseStreamDocument(JSON.stringify({ name: text, subjects: ['a'], placement: { cluster: text } }), 'f/a.json');
      const html = pageHtml(faultTolerancePage(stream.streams[0]), { title: text, nonce: 'bm9uY2U=', linkHref: (href) => href });
      assert.doesNotMatch(html, /<a[\s>]|<img|<script|<h[1-6]>\s*Owned/, `page of ${JSON.stringify(text)}`);
    }
  });
});

describe('hostile text in a credentials diagnosis', () => {
  it('a subject or URL with a line break and a link stays inside its table cell, as code', () => {
    const hostile = `a|b\n${FILE} \`x`;
    const d: Diagnosis = {
      ok: false,
      reasons: [],
      notes: [],
      user: { publicKey: hostile, account: hostile, name: hostile },
      account: { name: hostile, publicKey: hostile },
      server: { url: hostile, ok: false, said: hostile },
      tries: [{ operation: 'publish', subject: hostile, forbiddenBy: 'x', server: 'refused' }],
    };
    const page = formatDiagnosis(d, { subject: hostile, file: hostile });
    const html = assertInert(page, 'diagnosis');
    for (const row of page.split('\n').filter((l) => l.startsWith('| '))) assert.equal(row.replace(/\\\|/g, '').split('|').length, 5, row);
    assert.match(html, /<td>publish to <code>a\|b\\n\[key\]\(file:\/\/\/home\/me\/\.ssh\/id_ed25519\) `x<\/code><\/td>/);
  });
});
