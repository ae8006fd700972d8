/** The screenshot gallery's bookkeeping and index page (test/vscode/runner/gallery.ts), without a browser. */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { checkGalleryName, Gallery, galleryIndexHtml } from '../../vscode/runner/gallery';

const PNG = Buffer.from('89504e470d0a1a0a', 'hex');

describe('screenshot gallery', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nwb-gallery-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const shoot = (gallery: Gallery, name: string, caption: string, test?: string): void => {
    fs.writeFileSync(gallery.file(name), PNG);
    gallery.record({ name, caption, test });
  };

  it('takes names that start with a section, and refuses others clearly', () => {
    for (const good of ['view-operators', 'page-rule', 'wizard-add-user-2', 'editor-hover', 'error-broken-json']) assert.equal(checkGalleryName(good), good);
    for (const bad of ['', 'operators', 'view', 'view-', 'View-Operators', 'view-../x', 'view-a b', 'misc-thing']) {
      assert.throws(() => checkGalleryName(bad), /use lower-case words joined by '-', starting with one of view, page, wizard, editor, error/, bad);
    }
  });

  it('writes an index with one section per kind, each picture linked with its name, caption and test, escaped', () => {
    const gallery = new Gallery(path.join(dir, 'gallery'), '2026-01-01 10:00:00', true);
    shoot(gallery, 'view-operators', 'Operators view <with> "quotes" & more', 'trust: the view');
    shoot(gallery, 'error-unreachable', 'No server');
    shoot(gallery, 'view-connections', 'Connections');
    const html = fs.readFileSync(gallery.writeIndex(), 'utf8');
    assert.match(html, /3 screenshots/);
    assert.ok(html.indexOf('id="section-view"') < html.indexOf('id="section-error"'), 'sections in their order');
    assert.ok(!html.includes('id="section-page"'), 'empty sections are left out');
    assert.ok(html.indexOf('view-connections.png') < html.indexOf('view-operators.png'), 'sorted by name within a section');
    assert.match(html, /<a href="view-operators\.png"><img src="view-operators\.png" alt="Operators view &lt;with&gt; &quot;quotes&quot; &amp; more"/);
    assert.match(html, /test: trust: the view/);
    assert.ok(!html.includes('<with>'), 'captions are escaped');
  });

  it('a partial run keeps the earlier screenshots and marks them; a full run starts empty', () => {
    const folder = path.join(dir, 'gallery');
    const first = new Gallery(folder, 'run 1', true);
    shoot(first, 'view-operators', 'first');
    shoot(first, 'page-rule', 'rule page');
    first.writeIndex();
    const partial = new Gallery(folder, 'run 2', false);
    shoot(partial, 'view-operators', 'again');
    const html = galleryIndexHtml(JSON.parse(fs.readFileSync(path.join(folder, 'gallery.json'), 'utf8')), 'run 2');
    assert.equal(partial.size, 2);
    assert.match(html, /; 1 from an earlier run/);
    assert.match(html, /page-rule<\/a> <span class="old">from an earlier run/);
    assert.doesNotMatch(html, /view-operators<\/a> <span class="old">/);
    fs.rmSync(path.join(folder, 'page-rule.png'));
    assert.equal(new Gallery(folder, 'run 3', false).size, 1, 'an entry whose picture is gone is dropped');
    const full = new Gallery(folder, 'run 4', true);
    assert.equal(full.size, 0);
    assert.deepEqual(fs.readdirSync(folder), []);
  });
});
