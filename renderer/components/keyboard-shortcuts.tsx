/**
 * "Keyboard shortcuts": a button (and the `?` key) opening a dialog that
 * lists a view's keys, so they are found without reading the status line's
 * hints (which screen readers skip) or the code. The keys themselves are
 * handled where they act; this only shows them.
 */
import { useEffect, useState } from 'react';
import { ModalDialog } from './modal-dialog';

export interface Shortcut {
  /** The keys as shown, e.g. ['↑', '↓']; each is one <kbd>. */
  keys: readonly string[];
  /** What they do, in a few words. */
  does: string;
}

/** Whether a key press belongs to a text field (where `?` is a character, not a command). */
function typingIn(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return (
    target.isContentEditable ||
    target instanceof HTMLInputElement ||
    target instanceof HTMLTextAreaElement ||
    target instanceof HTMLSelectElement
  );
}

export function KeyboardShortcuts({ shortcuts }: { shortcuts: readonly Shortcut[] }) {
  const [open, setOpen] = useState(false);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== '?' || event.ctrlKey || event.altKey || event.metaKey) return;
      if (event.defaultPrevented || typingIn(event.target)) return;
      // Another dialog is open: its keys are its own.
      if (document.querySelector('dialog[open]') !== null) return;
      event.preventDefault();
      setOpen(true);
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

  return (
    <>
      <button
        type="button"
        className="button quiet"
        aria-keyshortcuts="?"
        onClick={() => setOpen(true)}
      >
        Keyboard shortcuts
      </button>
      {open && (
        <ModalDialog title="Keyboard shortcuts" onClose={() => setOpen(false)}>
          <table className="admin-table shortcuts" aria-label="Keyboard shortcuts">
            <thead>
              <tr>
                <th scope="col">Keys</th>
                <th scope="col">Does</th>
              </tr>
            </thead>
            <tbody>
              {shortcuts.map((shortcut) => (
                <tr key={shortcut.does}>
                  <td className="keys">
                    {shortcut.keys.map((key) => (
                      <kbd key={key}>{key}</kbd>
                    ))}
                  </td>
                  <td>{shortcut.does}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="dialog-actions">
            <button
              type="button"
              className="button primary"
              data-initial-focus
              onClick={() => setOpen(false)}
            >
              Close
            </button>
          </div>
        </ModalDialog>
      )}
    </>
  );
}
