/**
 * Copies the README's screenshots from the screenshot gallery of the extension-host tests into
 * media/screenshots/, cropped to what each one shows and reduced to 256 colours (png.ts).
 *
 *   npm run test:vscode                      (fills test-output/gallery/)
 *   node out/scripts/readmeScreenshots.js    (after npm run compile)
 *
 * Crops are in pixels of the runner's 1400x900 workbench.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { crop, decodePng, encodePng, reduceColours } from './png';

const ROOT = path.resolve(__dirname, '../..');

export const README_SCREENSHOTS: { gallery: string; file: string; crop: [x: number, y: number, width: number, height: number] }[] = [
  { gallery: 'editor-code-lens', file: 'code-lens.png', crop: [350, 35, 760, 290] },
  { gallery: 'editor-quick-fix', file: 'quick-fix.png', crop: [350, 35, 760, 240] },
  { gallery: 'page-fault-tolerance', file: 'fault-tolerance-page.png', crop: [350, 35, 1050, 835] },
  { gallery: 'view-connections', file: 'connections.png', crop: [0, 35, 712, 790] },
  { gallery: 'wizard-add-user-summary', file: 'add-user-summary.png', crop: [0, 0, 1010, 240] },
  { gallery: 'page-trust-diagnose-revoked', file: 'diagnose-credentials.png', crop: [350, 35, 1050, 835] },
  { gallery: 'view-dr-map-workspace', file: 'dr-map.png', crop: [350, 35, 1050, 540] },
  { gallery: 'page-failure-drill', file: 'failure-drill.png', crop: [353, 35, 1047, 700] },
];

function main(): void {
  const gallery = path.resolve(process.argv[2] ?? path.join(ROOT, 'test-output/gallery'));
  const target = path.join(ROOT, 'media/screenshots');
  fs.mkdirSync(target, { recursive: true });
  for (const shot of README_SCREENSHOTS) {
    const source = path.join(gallery, `${shot.gallery}.png`);
    if (!fs.existsSync(source)) throw new Error(`${source} is missing: run npm run test:vscode first`);
    const png = encodePng(reduceColours(crop(decodePng(fs.readFileSync(source)), ...shot.crop)));
    fs.writeFileSync(path.join(target, shot.file), png);
    console.log(`media/screenshots/${shot.file}  ${(png.length / 1024).toFixed(1)} KiB  (from ${shot.gallery})`);
  }
}

if (require.main === module) {
  try {
    main();
  } catch (e) {
    console.error(e instanceof Error ? e.message : String(e));
    process.exit(1);
  }
}
