/**
 * The screenshot gallery: named, captioned screenshots of every view, page, wizard step, editor
 * feature and error state, saved by the extension-host tests through the UI driver into
 * `test-output/gallery/`, with an index page that links them all, so that the whole UI can be
 * reviewed in a minute.
 *
 * A name's first word is its section: `view-…`, `page-…`, `wizard-…`, `editor-…`, `error-…`.
 * A full run starts from an empty folder; a run of some tests only (NATS_WORKBENCH_TEST_GREP)
 * keeps the other screenshots, and the index marks them as taken by an earlier run.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface GalleryEntry {
  /** File name without `.png`: lower case words joined by '-', the first one its section. */
  name: string;
  caption: string;
  /** The full title of the test that took it. */
  test?: string;
  /** ISO time it was taken. */
  takenAt: string;
  /** The run that took it (the runner's start time). */
  run: string;
}

export const GALLERY_SECTIONS: readonly { prefix: string; title: string }[] = [
  { prefix: 'view', title: 'Views' },
  { prefix: 'page', title: 'Pages' },
  { prefix: 'wizard', title: 'Wizard steps' },
  { prefix: 'editor', title: 'In the editor: lenses, hovers, quick fixes' },
  { prefix: 'error', title: 'Error states' },
];

const NAME = new RegExp(`^(${GALLERY_SECTIONS.map((s) => s.prefix).join('|')})(-[a-z0-9]+)+$`);

/** Throws a clear error for a name the gallery cannot file. */
export function checkGalleryName(name: string): string {
  if (!NAME.test(name)) {
    throw new Error(`gallery name "${name}": use lower-case words joined by '-', starting with one of ${GALLERY_SECTIONS.map((s) => s.prefix).join(', ')}`);
  }
  return name;
}

const MANIFEST = 'gallery.json';

export class Gallery {
  private readonly entries = new Map<string, GalleryEntry>();

  /** `fresh`: remove what earlier runs left (a full run); else keep their screenshots. */
  constructor(
    readonly dir: string,
    readonly run: string,
    fresh: boolean,
  ) {
    if (fresh) fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    for (const entry of readManifest(path.join(dir, MANIFEST))) {
      if (fs.existsSync(this.file(entry.name))) this.entries.set(entry.name, entry);
    }
  }

  file(name: string): string {
    return path.join(this.dir, `${checkGalleryName(name)}.png`);
  }

  /** Records a screenshot saved at `file(name)` (call after saving it). */
  record(entry: Omit<GalleryEntry, 'run' | 'takenAt'>): GalleryEntry {
    const full: GalleryEntry = { ...entry, name: checkGalleryName(entry.name), run: this.run, takenAt: new Date().toISOString() };
    this.entries.set(full.name, full);
    fs.writeFileSync(path.join(this.dir, MANIFEST), `${JSON.stringify([...this.entries.values()], null, 2)}\n`);
    return full;
  }

  /** Writes index.html; returns its path. */
  writeIndex(): string {
    const file = path.join(this.dir, 'index.html');
    fs.writeFileSync(file, galleryIndexHtml([...this.entries.values()], this.run));
    return file;
  }

  get size(): number {
    return this.entries.size;
  }
}

function readManifest(file: string): GalleryEntry[] {
  try {
    const data = JSON.parse(fs.readFileSync(file, 'utf8')) as unknown;
    return Array.isArray(data) ? data.filter((e): e is GalleryEntry => typeof e?.name === 'string' && NAME.test(e.name) && typeof e.caption === 'string') : [];
  } catch {
    return [];
  }
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** The index page: one section per kind, each screenshot as a linked thumbnail with its name, caption and test. */
export function galleryIndexHtml(entries: GalleryEntry[], run: string): string {
  const sections = GALLERY_SECTIONS.map((section) => ({
    ...section,
    entries: entries.filter((e) => e.name.split('-')[0] === section.prefix).sort((a, b) => a.name.localeCompare(b.name)),
  })).filter((s) => s.entries.length > 0);
  const earlier = entries.filter((e) => e.run !== run).length;
  const figure = (e: GalleryEntry): string => {
    const png = `${encodeURIComponent(e.name)}.png`;
    const old = e.run !== run ? ` <span class="old">from an earlier run (${escapeHtml(e.takenAt.slice(0, 16).replace('T', ' '))})</span>` : '';
    const test = e.test ? `<div class="test">test: ${escapeHtml(e.test)}</div>` : '';
    return [
      `<figure id="${escapeHtml(e.name)}">`,
      `<a href="${png}"><img src="${png}" alt="${escapeHtml(e.caption)}" loading="lazy"></a>`,
      `<figcaption><a class="name" href="#${escapeHtml(e.name)}">${escapeHtml(e.name)}</a>${old}<div>${escapeHtml(e.caption)}</div>${test}</figcaption>`,
      '</figure>',
    ].join('');
  };
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>NATS Workbench: UI gallery</title>
<style>
body { font: 14px/1.45 system-ui, sans-serif; margin: 0 auto; padding: 1.5rem; max-width: 1600px; background: #f6f6f6; color: #222; }
h1 { margin-top: 0; }
nav a { margin-right: 1rem; }
.grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(400px, 1fr)); gap: 1.2rem; }
figure { margin: 0; background: #fff; border: 1px solid #ddd; border-radius: 6px; overflow: hidden; }
figure:target { outline: 3px solid #27aae1; }
img { display: block; width: 100%; height: auto; border-bottom: 1px solid #ddd; }
figcaption { padding: .6rem .8rem; }
.name { font-family: ui-monospace, monospace; font-weight: 600; color: #0b5394; text-decoration: none; }
.test { color: #666; font-size: 12px; margin-top: .3rem; }
.old { color: #a35b00; font-size: 12px; }
</style>
</head>
<body>
<h1>NATS Workbench: UI gallery</h1>
<p>${entries.length} screenshots taken by the extension-host tests (<code>npm run test:vscode</code>), run of ${escapeHtml(run)}${earlier > 0 ? `; ${earlier} from an earlier run` : ''}. Click a picture for full size.</p>
<nav>${sections.map((s) => `<a href="#section-${s.prefix}">${escapeHtml(s.title)} (${s.entries.length})</a>`).join('')}</nav>
${sections.map((s) => `<h2 id="section-${s.prefix}">${escapeHtml(s.title)}</h2>\n<div class="grid">\n${s.entries.map(figure).join('\n')}\n</div>`).join('\n')}
</body>
</html>
`;
}
