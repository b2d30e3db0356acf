import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeTempDir } from '../../test-support/temp-dir';
import {
  DEFAULT_BOUNDS,
  loadWindowBounds,
  saveWindowBounds,
  WINDOW_STATE_FILE,
  type WorkArea,
} from './window-state';

const laptop: WorkArea = { x: 0, y: 0, width: 1920, height: 1050 };
const rightMonitor: WorkArea = { x: 1920, y: 0, width: 2560, height: 1400 };

describe('window state', () => {
  it('remembers size, place and maximized across launches', () => {
    const home = makeTempDir();
    const bounds = { x: 2000, y: 100, width: 1200, height: 800, maximized: true };
    expect(saveWindowBounds(home, bounds)).toBe(true);
    expect(loadWindowBounds(home, [laptop, rightMonitor])).toEqual(bounds);
    expect(JSON.parse(readFileSync(join(home, WINDOW_STATE_FILE), 'utf8'))).toEqual(bounds);
    // Atomic: no temp file left beside it.
    expect(readdirSync(home)).toEqual([WINDOW_STATE_FILE]);
  });

  it('creates the home folder when it does not exist yet', () => {
    const home = join(makeTempDir(), 'fresh', 'credvault');
    expect(saveWindowBounds(home, { width: 900, height: 600, maximized: false })).toBe(true);
    expect(loadWindowBounds(home, [laptop])).toEqual({ width: 900, height: 600, maximized: false });
  });

  it('drops a place on a monitor that is gone, keeping the size', () => {
    const home = makeTempDir();
    saveWindowBounds(home, { x: 2000, y: 100, width: 1200, height: 800, maximized: false });
    expect(loadWindowBounds(home, [laptop])).toEqual({
      width: 1200,
      height: 800,
      maximized: false,
    });
  });

  it('never opens larger than the largest display', () => {
    const home = makeTempDir();
    saveWindowBounds(home, { x: 0, y: 0, width: 5000, height: 3000, maximized: false });
    expect(loadWindowBounds(home, [laptop])).toMatchObject({ width: 1920, height: 1050 });
  });

  it.each([
    ['no file', null],
    ['not JSON', '{'],
    ['a wrong shape', '{"width":"wide"}'],
    ['a silly size', '{"width":5,"height":5}'],
    ['a fractional place', '{"x":1.5,"y":0,"width":900,"height":600}'],
  ])('falls back to the default on %s', (_what, text) => {
    const home = makeTempDir();
    if (text !== null) writeFileSync(join(home, WINDOW_STATE_FILE), text);
    expect(loadWindowBounds(home, [laptop])).toEqual(DEFAULT_BOUNDS);
  });

  it('saving is best effort: a home that cannot be written reports false, never throws', () => {
    const home = makeTempDir();
    const blocked = join(home, 'file');
    writeFileSync(blocked, '');
    expect(saveWindowBounds(join(blocked, 'credvault'), DEFAULT_BOUNDS)).toBe(false);
  });
});
