import { describe, expect, it } from 'vitest';
import { bearersKeyAction, movedIndex, type KeyContext } from './bearers-keys';

const on = (key: string, where: Partial<KeyContext> = {}) =>
  bearersKeyAction({
    key,
    modified: false,
    typing: false,
    inFilter: false,
    onControl: false,
    pageRows: 20,
    ...where,
  });

describe('the bearers keyboard', () => {
  it('maps / to the filter, the arrows to a move, Enter to open and r to refresh', () => {
    expect(on('/')).toEqual({ kind: 'focus-filter' });
    expect(on('ArrowDown')).toEqual({ kind: 'move', by: 1 });
    expect(on('PageUp')).toEqual({ kind: 'move', by: -20 });
    expect(on('Enter')).toEqual({ kind: 'open' });
    expect(on('r')).toEqual({ kind: 'refresh' });
  });

  it('leaves typed letters to the filter, but moves and opens from it', () => {
    const inFilter = { typing: true, inFilter: true };
    expect(on('r', inFilter)).toBeNull();
    expect(on('/', inFilter)).toBeNull();
    expect(on('Home', inFilter)).toBeNull();
    expect(on('ArrowDown', inFilter)).toEqual({ kind: 'move', by: 1 });
    expect(on('Enter', inFilter)).toEqual({ kind: 'open' });
    expect(on('Escape', inFilter)).toEqual({ kind: 'leave-filter' });
  });

  it('never takes a key from another text field, a button’s Enter, or a shortcut', () => {
    expect(on('r', { typing: true })).toBeNull();
    expect(on('Enter', { onControl: true })).toBeNull();
    expect(on('r', { modified: true })).toBeNull();
  });

  it('moves within the list, starting from an end when nothing is selected', () => {
    expect(movedIndex(-1, { kind: 'move', by: 1 }, 5)).toBe(0);
    expect(movedIndex(-1, { kind: 'move', by: -1 }, 5)).toBe(4);
    expect(movedIndex(3, { kind: 'move', by: 20 }, 5)).toBe(4);
    expect(movedIndex(3, { kind: 'move', by: -20 }, 5)).toBe(0);
    expect(movedIndex(2, { kind: 'move-to', end: 'last' }, 5)).toBe(4);
    expect(movedIndex(2, { kind: 'move', by: 1 }, 0)).toBe(-1);
  });
});
