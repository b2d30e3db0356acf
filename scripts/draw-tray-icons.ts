/**
 * Draws the tray icons (electron/main/tray-icons/draw-icon.ts) into the
 * app's folder, and the README's copies plus a preview of every state on a
 * light and a dark panel into docs/tray/. Run after changing the drawing:
 *   npx tsx scripts/draw-tray-icons.ts
 * (a test fails while the committed files differ from the drawing).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TRAY_STATES } from '@shared/schemas/tray';
import { allTrayIcons, COLOUR_SIZES, drawTrayIcon } from '../electron/main/tray-icons/draw-icon';
import { encodePng, type Rgba } from '../electron/main/tray-icons/png';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const APP_DIR = join(ROOT, 'electron/main/tray-icons');
const DOCS_DIR = join(ROOT, 'docs/tray');

const PANELS: ReadonlyArray<readonly [number, number, number]> = [
  [0xf2, 0xf2, 0xf2], // a light panel (GNOME, Windows light)
  [0x20, 0x21, 0x24], // a dark panel
];

/** Every state at 16, 22 and 32 px on each panel, magnified `zoom` times (nearest pixel). */
function preview(zoom: number): Rgba {
  const gap = 8;
  const stateWidth = COLOUR_SIZES.reduce((sum, size) => sum + size + gap, 0) + gap;
  const rowHeight = 32 + 2 * gap;
  const width = stateWidth * TRAY_STATES.length;
  const height = rowHeight * PANELS.length;
  const canvas = new Uint8Array(width * height * 4);
  PANELS.forEach((panel, row) => {
    for (let y = row * rowHeight; y < (row + 1) * rowHeight; y++) {
      for (let x = 0; x < width; x++) canvas.set([...panel, 255], (y * width + x) * 4);
    }
    TRAY_STATES.forEach((state, column) => {
      let left = column * stateWidth + gap;
      for (const size of COLOUR_SIZES) {
        const icon = drawTrayIcon(state, size, 'colour');
        const top = row * rowHeight + gap + (32 - size) / 2;
        for (let y = 0; y < size; y++) {
          for (let x = 0; x < size; x++) {
            const from = (y * size + x) * 4;
            const to = ((top + y) * width + left + x) * 4;
            const a = icon.pixels[from + 3]! / 255;
            for (let c = 0; c < 3; c++) {
              canvas[to + c] = Math.round(icon.pixels[from + c]! * a + canvas[to + c]! * (1 - a));
            }
          }
        }
        left += size + gap;
      }
    });
  });
  const big = new Uint8Array(width * zoom * height * zoom * 4);
  for (let y = 0; y < height * zoom; y++) {
    for (let x = 0; x < width * zoom; x++) {
      const from = (Math.floor(y / zoom) * width + Math.floor(x / zoom)) * 4;
      big.set(canvas.subarray(from, from + 4), (y * width * zoom + x) * 4);
    }
  }
  return { width: width * zoom, height: height * zoom, pixels: big };
}

mkdirSync(APP_DIR, { recursive: true });
mkdirSync(DOCS_DIR, { recursive: true });
for (const [name, icon] of allTrayIcons()) {
  const png = encodePng(icon);
  writeFileSync(join(APP_DIR, name), png);
  if (/-32\.png$/.test(name)) writeFileSync(join(DOCS_DIR, name), png);
}
writeFileSync(join(DOCS_DIR, 'preview.png'), encodePng(preview(2)));
console.log(`drew ${allTrayIcons().size} icons into ${APP_DIR} and the README's into ${DOCS_DIR}`);
