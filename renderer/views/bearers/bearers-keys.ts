/**
 * The bearers view's keyboard: `/` goes to the filter, the arrows (and Page
 * Up/Down, Home/End) move the selection, Enter opens it, `r` refreshes it,
 * Escape leaves the filter. Keys typed into a text field stay there, except
 * the ones a filter box has no use for (up, down, Enter, Escape), so one can
 * filter and pick without reaching for the mouse.
 */

export type BearersKeyAction =
  | { kind: 'focus-filter' }
  | { kind: 'leave-filter' }
  | { kind: 'move'; by: number }
  | { kind: 'move-to'; end: 'first' | 'last' }
  | { kind: 'open' }
  | { kind: 'refresh' };

export interface KeyContext {
  key: string;
  /** Ctrl, Alt or Meta held: a browser or system shortcut, never ours. */
  modified: boolean;
  /** Focus is in a text field; `inFilter`: that field is the filter box. */
  typing: boolean;
  inFilter: boolean;
  /** Focus is on a button, link or other control that Enter already activates. */
  onControl: boolean;
  pageRows: number;
}

export function bearersKeyAction(context: KeyContext): BearersKeyAction | null {
  const { key, modified, typing, inFilter, onControl, pageRows } = context;
  if (modified) return null;
  if (typing && !inFilter) return null;
  switch (key) {
    case 'ArrowDown':
      return { kind: 'move', by: 1 };
    case 'ArrowUp':
      return { kind: 'move', by: -1 };
    case 'PageDown':
      return inFilter ? null : { kind: 'move', by: pageRows };
    case 'PageUp':
      return inFilter ? null : { kind: 'move', by: -pageRows };
    case 'Home':
      return inFilter ? null : { kind: 'move-to', end: 'first' };
    case 'End':
      return inFilter ? null : { kind: 'move-to', end: 'last' };
    case 'Enter':
      return onControl ? null : { kind: 'open' };
    case 'Escape':
      return inFilter ? { kind: 'leave-filter' } : null;
    case '/':
      return inFilter ? null : { kind: 'focus-filter' };
    case 'r':
      return inFilter ? null : { kind: 'refresh' };
    default:
      return null;
  }
}

/** The new selected index after a move, within the list (or -1 when it is empty). */
export function movedIndex(current: number, action: BearersKeyAction, count: number): number {
  if (count === 0) return -1;
  if (action.kind === 'move-to') return action.end === 'first' ? 0 : count - 1;
  if (action.kind !== 'move') return current;
  // Nothing selected yet: down starts at the top, up at the bottom.
  if (current < 0) return action.by > 0 ? 0 : count - 1;
  return Math.min(count - 1, Math.max(0, current + action.by));
}
