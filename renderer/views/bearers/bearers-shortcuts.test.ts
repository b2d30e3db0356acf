import { describe, expect, it } from 'vitest';
import { bearersKeyAction, type KeyContext } from './bearers-keys';
import { BEARERS_SHORTCUTS } from './bearers-shortcuts';

// The names the dialog shows, as KeyboardEvent.key spells them.
const EVENT_KEYS: Record<string, string> = {
  '↑': 'ArrowUp',
  '↓': 'ArrowDown',
  'Page Up': 'PageUp',
  'Page Down': 'PageDown',
};

const onTheList: KeyContext = {
  key: '',
  modified: false,
  typing: false,
  inFilter: false,
  onControl: false,
  pageRows: 20,
};

describe('the bearers shortcuts shown', () => {
  it('are keys the view acts on (Escape in the filter, ? and dialogs aside)', () => {
    const shown = BEARERS_SHORTCUTS.filter(
      (shortcut) => !/filter:|dialog|these shortcuts/.test(shortcut.does),
    ).flatMap((shortcut) => shortcut.keys.map((key) => EVENT_KEYS[key] ?? key));
    expect(shown.length).toBeGreaterThan(6);
    for (const key of shown) expect(bearersKeyAction({ ...onTheList, key }), key).not.toBeNull();
    expect(bearersKeyAction({ ...onTheList, key: 'Escape', inFilter: true })).toEqual({
      kind: 'leave-filter',
    });
  });
});
