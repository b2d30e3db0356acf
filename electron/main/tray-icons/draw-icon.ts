/**
 * The tray icons, drawn as geometry: a disc per state with a glyph that
 * says the state without its colour (a check, a clock, a cross, an
 * exclamation mark), so the icon still reads for colour-blind users and as
 * a macOS template image (black and alpha only, the glyph cut out).
 *
 * Legible on light and dark panels: each colour is saturated and mid-dark,
 * with a thin dark rim that edges it on a light panel, and the glyph is
 * white or near-black, whichever contrasts with the fill. Drawn with 8x8
 * samples per pixel, so 16 px stays smooth.
 */
import { TRAY_STATES } from '@shared/schemas/tray';
import type { Rgba } from './png';

export type TrayState = (typeof TRAY_STATES)[number];
export type IconVariant = 'colour' | 'template';

type Color = readonly [number, number, number];

const STYLE: Record<TrayState, { fill: Color; glyph: Color }> = {
  ok: { fill: [0x1f, 0x8f, 0x4e], glyph: [0xff, 0xff, 0xff] },
  near_expiry: { fill: [0xf0, 0xa8, 0x00], glyph: [0x1a, 0x1a, 0x1a] },
  expired: { fill: [0xe0, 0x30, 0x25], glyph: [0xff, 0xff, 0xff] },
  attention: { fill: [0x3d, 0x6f, 0xe0], glyph: [0xff, 0xff, 0xff] },
};
const RIM: Color = [0x10, 0x10, 0x10];
const RIM_ALPHA = 0.55;

/** The colours of a state's icon: its fill, its glyph, and the rim that edges the disc. */
export function iconColours(state: TrayState): { fill: Color; glyph: Color; rim: Color } {
  const { fill, glyph } = STYLE[state];
  const rim = fill.map((c, i) => c * (1 - RIM_ALPHA) + RIM[i]! * RIM_ALPHA) as unknown as Color;
  return { fill, glyph, rim };
}

/** In a unit square: the disc, and each glyph as thick segments and dots. */
const DISC_RADIUS = 0.47;
const RIM_WIDTH = 0.06;

type Segment = readonly [number, number, number, number];
interface Glyph {
  segments: readonly Segment[];
  width: number;
  dots?: ReadonlyArray<readonly [number, number, number]>;
}

const GLYPHS: Record<TrayState, Glyph> = {
  ok: {
    segments: [
      [0.27, 0.52, 0.43, 0.68],
      [0.43, 0.68, 0.73, 0.35],
    ],
    width: 0.13,
  },
  near_expiry: {
    // Clock hands at ten to twelve: time running out.
    segments: [
      [0.5, 0.52, 0.5, 0.24],
      [0.5, 0.52, 0.7, 0.62],
    ],
    width: 0.12,
  },
  expired: {
    segments: [
      [0.32, 0.32, 0.68, 0.68],
      [0.68, 0.32, 0.32, 0.68],
    ],
    width: 0.13,
  },
  attention: {
    segments: [[0.5, 0.23, 0.5, 0.55]],
    width: 0.14,
    dots: [[0.5, 0.75, 0.085]],
  },
};

function distanceToSegment(px: number, py: number, [x1, y1, x2, y2]: Segment): number {
  const dx = x2 - x1;
  const dy = y2 - y1;
  const t = Math.max(0, Math.min(1, ((px - x1) * dx + (py - y1) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - (x1 + t * dx), py - (y1 + t * dy));
}

function inGlyph(glyph: Glyph, x: number, y: number): boolean {
  if (glyph.segments.some((segment) => distanceToSegment(x, y, segment) <= glyph.width / 2)) {
    return true;
  }
  return (glyph.dots ?? []).some(([cx, cy, r]) => Math.hypot(x - cx, y - cy) <= r);
}

/** What one sample point shows: a colour with its alpha (0 = nothing). */
function sample(state: TrayState, variant: IconVariant, x: number, y: number): [Color, number] {
  const r = Math.hypot(x - 0.5, y - 0.5);
  if (r > DISC_RADIUS) return [[0, 0, 0], 0];
  const glyph = inGlyph(GLYPHS[state], x, y);
  if (variant === 'template') return glyph ? [[0, 0, 0], 0] : [[0, 0, 0], 1];
  if (glyph) return [STYLE[state].glyph, 1];
  // The rim: the fill darkened, so the disc has an edge on a light panel.
  if (r > DISC_RADIUS - RIM_WIDTH) return [iconColours(state).rim, 1];
  return [STYLE[state].fill, 1];
}

const SAMPLES = 8;

/** The icon for `state` at `size` pixels square. */
export function drawTrayIcon(state: TrayState, size: number, variant: IconVariant): Rgba {
  const pixels = new Uint8Array(size * size * 4);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let red = 0;
      let green = 0;
      let blue = 0;
      let alpha = 0;
      for (let sy = 0; sy < SAMPLES; sy++) {
        for (let sx = 0; sx < SAMPLES; sx++) {
          const x = (px + (sx + 0.5) / SAMPLES) / size;
          const y = (py + (sy + 0.5) / SAMPLES) / size;
          const [color, a] = sample(state, variant, x, y);
          // Premultiplied, so edges blend towards transparent, not towards black.
          red += color[0] * a;
          green += color[1] * a;
          blue += color[2] * a;
          alpha += a;
        }
      }
      const at = (py * size + px) * 4;
      if (alpha > 0) {
        pixels[at] = Math.round(red / alpha);
        pixels[at + 1] = Math.round(green / alpha);
        pixels[at + 2] = Math.round(blue / alpha);
      }
      pixels[at + 3] = Math.round((alpha / (SAMPLES * SAMPLES)) * 255);
    }
  }
  return { width: size, height: size, pixels };
}

export const COLOUR_SIZES = [16, 22, 32] as const;

/** Every icon file the app ships: name -> pixels. */
export function allTrayIcons(): Map<string, Rgba> {
  const icons = new Map<string, Rgba>();
  for (const state of TRAY_STATES) {
    for (const size of COLOUR_SIZES) {
      icons.set(`tray-${state}-${size}.png`, drawTrayIcon(state, size, 'colour'));
    }
    // macOS picks the @2x file itself for a Retina menu bar.
    icons.set(`tray-${state}Template.png`, drawTrayIcon(state, 16, 'template'));
    icons.set(`tray-${state}Template@2x.png`, drawTrayIcon(state, 32, 'template'));
  }
  return icons;
}
