/**
 * The Bearers view's keys as the Keyboard shortcuts dialog lists them; they
 * are handled by bearers-keys.ts (keep the two in step).
 */
import type { Shortcut } from '../../components/keyboard-shortcuts';

export const BEARERS_SHORTCUTS: readonly Shortcut[] = [
  { keys: ['/'], does: 'Go to the filter' },
  { keys: ['↑', '↓'], does: 'Select the previous or next bearer' },
  { keys: ['Page Up', 'Page Down'], does: 'Move the selection a page' },
  { keys: ['Home', 'End'], does: 'Select the first or last bearer' },
  { keys: ['Enter'], does: 'Inspect the selected bearer' },
  { keys: ['r'], does: 'Refresh the selected bearer' },
  { keys: ['Escape'], does: 'In the filter: clear it, then go back to the list' },
  { keys: ['Escape'], does: 'Close a dialog' },
  { keys: ['?'], does: 'Show these shortcuts' },
];
