/**
 * Just enough PNG for the README's screenshots: read the 8-bit RGB/RGBA pictures Chromium writes
 * (and the palette ones written here),
 * crop them, reduce them to at most 256 colours (the most frequent ones: a UI screenshot is mostly a
 * few flat colours, the rest is anti-aliasing), and write them with a palette and zlib at level 9.
 * No dependency beyond node:zlib.
 */
import * as zlib from 'node:zlib';

export interface Picture {
  width: number;
  height: number;
  /** RGBA, 4 bytes a pixel, row after row. */
  rgba: Buffer;
}

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

export function decodePng(file: Buffer): Picture {
  if (!file.subarray(0, 8).equals(SIGNATURE)) throw new Error('not a PNG file');
  let width = 0;
  let height = 0;
  let colorType = -1;
  let palette: Buffer = Buffer.alloc(0);
  let transparency: Buffer = Buffer.alloc(0);
  const data: Buffer[] = [];
  for (let at = 8; at < file.length; ) {
    const length = file.readUInt32BE(at);
    const type = file.toString('latin1', at + 4, at + 8);
    const body = file.subarray(at + 8, at + 8 + length);
    if (type === 'IHDR') {
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
      colorType = body[9];
      if (body[8] !== 8 || ![2, 3, 6].includes(colorType) || body[12] !== 0) {
        throw new Error(`only 8-bit, non-interlaced RGB, RGBA or palette PNGs are read (bit depth ${body[8]}, colour type ${colorType}, interlace ${body[12]})`);
      }
    } else if (type === 'PLTE') {
      palette = body;
    } else if (type === 'tRNS') {
      transparency = body;
    } else if (type === 'IDAT') {
      data.push(body);
    }
    at += 12 + length;
  }
  const bpp = colorType === 6 ? 4 : colorType === 3 ? 1 : 3;
  const raw = zlib.inflateSync(Buffer.concat(data));
  const stride = width * bpp;
  const pixels = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    const out = y * stride;
    for (let x = 0; x < stride; x++) {
      const a = x >= bpp ? pixels[out + x - bpp] : 0;
      const b = y > 0 ? pixels[out - stride + x] : 0;
      const c = x >= bpp && y > 0 ? pixels[out - stride + x - bpp] : 0;
      const predictor = [0, a, b, (a + b) >> 1, paeth(a, b, c)][filter];
      if (predictor === undefined) throw new Error(`unknown PNG filter ${filter} in row ${y}`);
      pixels[out + x] = (line[x] + predictor) & 0xff;
    }
  }
  const rgba = Buffer.alloc(width * height * 4, 0xff);
  if (colorType === 3) {
    for (let i = 0; i < pixels.length; i++) {
      const index = pixels[i];
      if (index * 3 + 3 > palette.length) throw new Error(`palette index ${index} outside the palette of ${palette.length / 3} colours`);
      palette.copy(rgba, i * 4, index * 3, index * 3 + 3);
      if (index < transparency.length) rgba[i * 4 + 3] = transparency[index];
    }
  } else {
    for (let i = 0, j = 0; i < pixels.length; i += bpp, j += 4) pixels.copy(rgba, j, i, i + bpp);
  }
  return { width, height, rgba };
}

export function crop(picture: Picture, x: number, y: number, width: number, height: number): Picture {
  if (x < 0 || y < 0 || width <= 0 || height <= 0 || x + width > picture.width || y + height > picture.height) {
    throw new Error(`crop ${width}x${height}+${x}+${y} is outside the ${picture.width}x${picture.height} picture`);
  }
  const rgba = Buffer.alloc(width * height * 4);
  for (let row = 0; row < height; row++) {
    const from = ((y + row) * picture.width + x) * 4;
    picture.rgba.copy(rgba, row * width * 4, from, from + width * 4);
  }
  return { width, height, rgba };
}

/**
 * The picture with at most `colours` colours: the most frequent ones kept as they are, every other
 * pixel given the nearest of them (in RGB distance, weighted for the eye).
 */
export function reduceColours(picture: Picture, colours = 256): Picture {
  const counts = new Map<number, number>();
  for (let i = 0; i < picture.rgba.length; i += 4) {
    const key = picture.rgba.readUInt32BE(i);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  if (counts.size <= colours) return picture;
  const palette = [...counts.entries()].sort((a, b) => b[1] - a[1]).slice(0, colours).map(([k]) => k);
  const kept = new Set(palette);
  const nearest = new Map<number, number>();
  const rgba = Buffer.from(picture.rgba);
  for (let i = 0; i < rgba.length; i += 4) {
    const key = rgba.readUInt32BE(i);
    if (kept.has(key)) continue;
    let best = nearest.get(key);
    if (best === undefined) {
      let bestDistance = Infinity;
      for (const p of palette) {
        const dr = (p >>> 24) - (key >>> 24);
        const dg = ((p >>> 16) & 0xff) - ((key >>> 16) & 0xff);
        const db = ((p >>> 8) & 0xff) - ((key >>> 8) & 0xff);
        const da = (p & 0xff) - (key & 0xff);
        const distance = 3 * dr * dr + 4 * dg * dg + 2 * db * db + 4 * da * da;
        if (distance < bestDistance) {
          bestDistance = distance;
          best = p;
        }
      }
      nearest.set(key, best!);
    }
    rgba.writeUInt32BE(best!, i);
  }
  return { ...picture, rgba };
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, body: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(body.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), body])), 0);
  return Buffer.concat([head, body, crc]);
}

/** Filters each row with the filter whose output has the smallest sum of absolute values (the usual heuristic). */
function filterRows(pixels: Buffer, stride: number, height: number, bpp: number): Buffer {
  const out = Buffer.alloc((stride + 1) * height);
  const candidate = Buffer.alloc(stride);
  for (let y = 0; y < height; y++) {
    const row = y * stride;
    let best = -1;
    let bestScore = Infinity;
    for (let filter = 0; filter < 5; filter++) {
      let score = 0;
      for (let x = 0; x < stride; x++) {
        const a = x >= bpp ? pixels[row + x - bpp] : 0;
        const b = y > 0 ? pixels[row - stride + x] : 0;
        const c = x >= bpp && y > 0 ? pixels[row - stride + x - bpp] : 0;
        const value = (pixels[row + x] - [0, a, b, (a + b) >> 1, paeth(a, b, c)][filter]) & 0xff;
        candidate[x] = value;
        score += value < 128 ? value : 256 - value;
      }
      if (score < bestScore) {
        bestScore = score;
        best = filter;
        out[y * (stride + 1)] = filter;
        candidate.copy(out, y * (stride + 1) + 1);
      }
    }
    if (best < 0) throw new Error('no filter chosen');
  }
  return out;
}

/** The smallest lossless PNG of the picture this module can write. */
export function encodePng(picture: Picture): Buffer {
  const { width, height, rgba } = picture;
  const opaque = rgba.every((v, i) => i % 4 !== 3 || v === 0xff);
  const colours = new Map<number, number>();
  for (let i = 0; i < rgba.length && colours.size <= 256; i += 4) {
    const key = rgba.readUInt32BE(i);
    if (!colours.has(key)) colours.set(key, colours.size);
  }
  let colorType: number;
  let bpp: number;
  let pixels: Buffer;
  const extra: Buffer[] = [];
  if (colours.size <= 256) {
    colorType = 3;
    bpp = 1;
    pixels = Buffer.alloc(width * height);
    for (let i = 0, j = 0; j < pixels.length; i += 4, j++) pixels[j] = colours.get(rgba.readUInt32BE(i))!;
    const keys = [...colours.keys()];
    extra.push(chunk('PLTE', Buffer.from(keys.flatMap((k) => [k >>> 24, (k >>> 16) & 0xff, (k >>> 8) & 0xff]))));
    if (!opaque) extra.push(chunk('tRNS', Buffer.from(keys.map((k) => k & 0xff))));
  } else if (opaque) {
    colorType = 2;
    bpp = 3;
    pixels = Buffer.alloc(width * height * 3);
    for (let i = 0, j = 0; i < rgba.length; i += 4, j += 3) rgba.copy(pixels, j, i, i + 3);
  } else {
    colorType = 6;
    bpp = 4;
    pixels = rgba;
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8;
  header[9] = colorType;
  // A palette picture compresses best unfiltered; others with the per-row choice.
  const filtered = colorType === 3 ? Buffer.concat(Array.from({ length: height }, (_, y) => Buffer.concat([Buffer.from([0]), pixels.subarray(y * width, (y + 1) * width)]))) : filterRows(pixels, width * bpp, height, bpp);
  const idat = zlib.deflateSync(filtered, { level: 9, memLevel: 9 });
  return Buffer.concat([SIGNATURE, chunk('IHDR', header), ...extra, chunk('IDAT', idat), chunk('IEND', Buffer.alloc(0))]);
}
