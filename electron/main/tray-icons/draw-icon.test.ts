/**
 * The committed tray icons are the drawing's (decoded pixel for pixel, so
 * a different zlib cannot make this flaky), the README shows the same files
 * the app ships, and every state stays legible: its glyph against its fill,
 * and the disc against a light and a dark panel (WCAG's 3:1 for graphics).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { TRAY_STATES } from '@shared/schemas/tray';
import { allTrayIcons, drawTrayIcon, iconColours } from './draw-icon';
import { crc32, encodePng, type Rgba } from './png';

const APP_DIR = __dirname;
const DOCS_DIR = join(__dirname, '..', '..', '..', 'docs', 'tray');

/** Decodes the PNGs encodePng writes (8-bit RGBA, filter 0), checking every CRC. */
function decodePng(file: Buffer): Rgba {
  expect([...file.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  let offset = 8;
  let width = 0;
  let height = 0;
  const idat: Buffer[] = [];
  while (offset < file.length) {
    const length = file.readUInt32BE(offset);
    const type = file.toString('latin1', offset + 4, offset + 8);
    const data = file.subarray(offset + 8, offset + 8 + length);
    expect(file.readUInt32BE(offset + 8 + length)).toBe(
      crc32(file.subarray(offset + 4, offset + 8 + length)),
    );
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      expect([data[8], data[9]]).toEqual([8, 6]);
    } else if (type === 'IDAT') idat.push(data);
    offset += 12 + length;
  }
  const rows = inflateSync(Buffer.concat(idat));
  const pixels = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    const start = y * (1 + width * 4);
    expect(rows[start]).toBe(0);
    pixels.set(rows.subarray(start + 1, start + 1 + width * 4), y * width * 4);
  }
  return { width, height, pixels };
}

function luminance([r, g, b]: readonly number[]): number {
  const lin = (c: number) => {
    const v = c / 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r!) + 0.7152 * lin(g!) + 0.0722 * lin(b!);
}

function contrast(a: readonly number[], b: readonly number[]): number {
  const [x, y] = [luminance(a), luminance(b)];
  return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05);
}

const LIGHT_PANEL = [0xf2, 0xf2, 0xf2];
const DARK_PANEL = [0x20, 0x21, 0x24];

describe('tray icons', () => {
  it('the committed files are the drawing (run scripts/draw-tray-icons.ts after a change)', () => {
    for (const [name, drawn] of allTrayIcons()) {
      const committed = decodePng(readFileSync(join(APP_DIR, name)));
      expect({ name, width: committed.width, height: committed.height }).toEqual({
        name,
        width: drawn.width,
        height: drawn.height,
      });
      expect(Buffer.from(committed.pixels).equals(Buffer.from(drawn.pixels)), name).toBe(true);
    }
  });

  it('the README shows the very files the app ships', () => {
    for (const state of TRAY_STATES) {
      const name = `tray-${state}-32.png`;
      expect(
        readFileSync(join(DOCS_DIR, name)).equals(readFileSync(join(APP_DIR, name))),
        name,
      ).toBe(true);
    }
  });

  it('encodes what it is given, losslessly', () => {
    const icon = drawTrayIcon('near_expiry', 22, 'colour');
    expect(decodePng(encodePng(icon))).toEqual(icon);
  });

  it.each(TRAY_STATES)(
    '%s: glyph on fill, and the disc on light and dark panels, at 3:1 or more',
    (state) => {
      const { fill, glyph, rim } = iconColours(state);
      expect(contrast(glyph, fill)).toBeGreaterThanOrEqual(3);
      expect(contrast(fill, DARK_PANEL)).toBeGreaterThanOrEqual(3);
      expect(
        Math.max(contrast(fill, LIGHT_PANEL), contrast(rim, LIGHT_PANEL)),
      ).toBeGreaterThanOrEqual(3);
    },
  );

  it('each state has a shape of its own (colour-blind users, macOS templates)', () => {
    const shapes = TRAY_STATES.map((state) =>
      Buffer.from(drawTrayIcon(state, 16, 'template').pixels).toString('base64'),
    );
    expect(new Set(shapes).size).toBe(TRAY_STATES.length);
  });

  it('templates are black with alpha only, as macOS requires', () => {
    for (const state of TRAY_STATES) {
      const { pixels } = drawTrayIcon(state, 32, 'template');
      for (let i = 0; i < pixels.length; i += 4) {
        expect([pixels[i], pixels[i + 1], pixels[i + 2]]).toEqual([0, 0, 0]);
      }
    }
  });
});
