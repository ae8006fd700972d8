/** The PNG reader/writer behind the README's screenshots (scripts/png.ts). */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { crop, decodePng, encodePng, Picture, reduceColours } from '../../../scripts/png';

const ROOT = path.resolve(__dirname, '../../../..');

/** A picture with many colours (a gradient) and some transparency: every filter gets used. */
function gradient(width: number, height: number, alpha = false): Picture {
  const rgba = Buffer.alloc(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      rgba[i] = (x * 7) & 0xff;
      rgba[i + 1] = (y * 5) & 0xff;
      rgba[i + 2] = (x * y) & 0xff;
      rgba[i + 3] = alpha ? (x + y) & 0xff : 0xff;
    }
  }
  return { width, height, rgba };
}

const colourCount = (p: Picture): number => new Set(Array.from({ length: p.rgba.length / 4 }, (_, i) => p.rgba.readUInt32BE(i * 4))).size;

describe('scripts/png: the README screenshots’ PNG codec', () => {
  it('reads an RGBA PNG written by another encoder (the extension icon)', () => {
    const icon = decodePng(fs.readFileSync(path.join(ROOT, 'media/icon.png')));
    assert.equal(icon.width, 128);
    assert.equal(icon.height, 128);
    assert.equal(icon.rgba.length, 128 * 128 * 4);
    assert.deepEqual(decodePng(encodePng(icon)), icon, 'written back, it reads the same');
  });

  it('writes and reads back exactly: RGB and RGBA with many colours, and palettes', () => {
    for (const picture of [gradient(97, 41), gradient(64, 64, true), reduceColours(gradient(80, 30))]) {
      assert.deepEqual(decodePng(encodePng(picture)), picture);
    }
    const paletted = encodePng(reduceColours(gradient(80, 30)));
    assert.equal(paletted[25], 3, 'a picture of at most 256 colours is written with a palette');
  });

  it('crops exactly, and refuses a crop outside the picture', () => {
    const picture = gradient(50, 40);
    const part = crop(picture, 10, 5, 20, 7);
    assert.equal(part.width, 20);
    assert.equal(part.height, 7);
    assert.equal(part.rgba.readUInt32BE(0), picture.rgba.readUInt32BE((5 * 50 + 10) * 4));
    assert.equal(part.rgba.readUInt32BE(part.rgba.length - 4), picture.rgba.readUInt32BE((11 * 50 + 29) * 4));
    assert.throws(() => crop(picture, 40, 0, 20, 10), /crop 20x10\+40\+0 is outside the 50x40 picture/);
  });

  it('reduces to 256 colours, keeping the most frequent ones exactly', () => {
    const picture = gradient(120, 90);
    // Half the picture one flat colour, as a UI background is.
    for (let i = 0; i < picture.rgba.length / 2; i += 4) picture.rgba.writeUInt32BE(0x204060ff, i);
    assert.ok(colourCount(picture) > 256);
    const reduced = reduceColours(picture);
    assert.ok(colourCount(reduced) <= 256);
    assert.equal(reduced.rgba.readUInt32BE(0), 0x204060ff);
    assert.equal(reduceColours(reduced), reduced, 'nothing to do at 256 colours or fewer');
  });

  it('refuses what it cannot read, clearly', () => {
    assert.throws(() => decodePng(Buffer.from('not a png')), /not a PNG file/);
  });
});
