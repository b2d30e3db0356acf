/**
 * A modal dialog that is open while it is mounted: the platform's <dialog>
 * with showModal(), which brings the dialog role, the focus trap, Escape and
 * the inert page behind it. Focus goes to the element marked
 * `data-initial-focus` (else the title) and, when the dialog goes, back to
 * the control that opened it, unless `focusOnClose` names another (the
 * opener may go with what the dialog removed). Unmounting it forgets
 * whatever it showed.
 */
import { useEffect, useId, useRef, type ReactNode } from 'react';

export interface ModalDialogProps {
  title: string;
  /** Escape, or a Close button calling it: the owner unmounts the dialog. */
  onClose(): void;
  className?: string;
  /** Asked when the dialog goes: where the focus goes instead of the opener (null: the opener). */
  focusOnClose?: () => HTMLElement | null;
  children: ReactNode;
}

export function ModalDialog(props: ModalDialogProps) {
  const { title, onClose, className, focusOnClose, children } = props;
  const dialogRef = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const closeRef = useRef(onClose);
  closeRef.current = onClose;
  const focusOnCloseRef = useRef(focusOnClose);
  focusOnCloseRef.current = focusOnClose;

  useEffect(() => {
    const dialog = dialogRef.current;
    if (dialog === null) return;
    const returnTo = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    dialog.showModal();
    const first = dialog.querySelector<HTMLElement>('[data-initial-focus]');
    (first ?? dialog.querySelector<HTMLElement>('h2'))?.focus();
    return () => {
      if (dialog.open) dialog.close();
      const target = focusOnCloseRef.current?.() ?? returnTo;
      if (target !== null && target.isConnected) target.focus();
    };
  }, []);

  return (
    <dialog
      ref={dialogRef}
      className={`modal ${className ?? ''}`}
      aria-labelledby={titleId}
      onCancel={(event) => {
        // Escape: let the owner unmount us (the cleanup closes the element).
        event.preventDefault();
        closeRef.current();
      }}
    >
      <h2 id={titleId} tabIndex={-1}>
        {title}
      </h2>
      {children}
    </dialog>
  );
}
