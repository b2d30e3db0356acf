/**
 * The window's size and place, remembered across launches in a small JSON
 * file in the vault's home (written atomically: a crash mid-write leaves
 * the old file, never half a one). What is read back is checked: a file
 * edited by hand, or a place on a monitor that is no longer attached, gives
 * the default instead of a window nobody can see.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { ensurePrivateDirSync, writeFileAtomicSync } from '../core/fs/atomic-write';

export const WINDOW_STATE_FILE = 'window-state.json';
export const DEFAULT_WIDTH = 1100;
export const DEFAULT_HEIGHT = 720;

export interface WindowBounds {
  /** Absent: let the system place the window (centred). */
  x?: number;
  y?: number;
  width: number;
  height: number;
  maximized: boolean;
}

/** A display's usable area, as Electron's screen module reports it. */
export interface WorkArea {
  x: number;
  y: number;
  width: number;
  height: number;
}

const pixels = z.number().int().min(-100_000).max(100_000);
const stateSchema = z.object({
  x: pixels.optional(),
  y: pixels.optional(),
  width: z.number().int().min(200).max(100_000),
  height: z.number().int().min(150).max(100_000),
  maximized: z.boolean().default(false),
});

export const DEFAULT_BOUNDS: WindowBounds = Object.freeze({
  width: DEFAULT_WIDTH,
  height: DEFAULT_HEIGHT,
  maximized: false,
});

/** How much of the window's top must show on some display to be reachable by its title bar. */
const GRAB_WIDTH = 100;
const GRAB_HEIGHT = 30;

function reachable(
  bounds: Required<Pick<WindowBounds, 'x' | 'y' | 'width'>>,
  area: WorkArea,
): boolean {
  const left = Math.max(bounds.x, area.x);
  const right = Math.min(bounds.x + bounds.width, area.x + area.width);
  const top = Math.max(bounds.y, area.y);
  const bottom = Math.min(bounds.y + GRAB_HEIGHT, area.y + area.height);
  return right - left >= Math.min(GRAB_WIDTH, bounds.width) && bottom - top >= GRAB_HEIGHT;
}

/** The window's bounds for this launch: the remembered ones when they still make sense. */
export function loadWindowBounds(home: string, displays: readonly WorkArea[]): WindowBounds {
  let parsed: z.infer<typeof stateSchema>;
  try {
    const result = stateSchema.safeParse(
      JSON.parse(readFileSync(join(home, WINDOW_STATE_FILE), 'utf8')),
    );
    if (!result.success) return { ...DEFAULT_BOUNDS };
    parsed = result.data;
  } catch {
    return { ...DEFAULT_BOUNDS };
  }
  // Never larger than the largest display: a window bigger than the screen hides its edges.
  const widest = Math.max(0, ...displays.map((area) => area.width));
  const tallest = Math.max(0, ...displays.map((area) => area.height));
  const width = widest > 0 ? Math.min(parsed.width, widest) : parsed.width;
  const height = tallest > 0 ? Math.min(parsed.height, tallest) : parsed.height;
  const bounds: WindowBounds = { width, height, maximized: parsed.maximized };
  if (parsed.x !== undefined && parsed.y !== undefined) {
    const placed = { x: parsed.x, y: parsed.y, width };
    if (displays.some((area) => reachable(placed, area))) {
      bounds.x = parsed.x;
      bounds.y = parsed.y;
    }
  }
  return bounds;
}

/** Remembers the window's bounds. Best effort: failing to save them never stops the app. */
export function saveWindowBounds(home: string, bounds: WindowBounds): boolean {
  try {
    ensurePrivateDirSync(home, { followLink: true });
    writeFileAtomicSync(join(home, WINDOW_STATE_FILE), `${JSON.stringify(bounds)}\n`);
    return true;
  } catch {
    return false;
  }
}
