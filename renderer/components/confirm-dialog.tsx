/**
 * "Are you sure?" for an action that removes or changes something other
 * programs use: the body says what will happen, Cancel has the focus (so a
 * stray Enter does nothing), and the dialog closes only once the action
 * succeeded; a failure is shown in the dialog, which stays open.
 */
import { useRef, type ReactNode, type RefObject } from 'react';
import { FormError } from './form-footer';
import { ModalDialog } from './modal-dialog';
import { usePendingAction } from './use-pending-action';

export interface ConfirmDialogProps {
  title: string;
  /** What will happen, in plain words. */
  children: ReactNode;
  confirmLabel: string;
  /** Shown on the button while the action runs, e.g. "Removing…". */
  busyLabel: string;
  /** 'danger' for what cannot be undone. */
  tone?: 'danger' | 'primary';
  onConfirm(): Promise<unknown>;
  onClose(): void;
  /**
   * Where the focus goes once the action succeeded, when the control that
   * opened the dialog goes with what it removed (e.g. the list's Add button).
   */
  focusAfterConfirm?: RefObject<HTMLElement | null>;
}

export function ConfirmDialog({
  title,
  children,
  confirmLabel,
  busyLabel,
  tone = 'danger',
  onConfirm,
  onClose,
  focusAfterConfirm,
}: ConfirmDialogProps) {
  const action = usePendingAction();
  const confirmed = useRef(false);
  const confirm = async () => {
    if (await action.run(onConfirm)) {
      confirmed.current = true;
      onClose();
    }
  };
  return (
    <ModalDialog
      title={title}
      onClose={onClose}
      focusOnClose={() => (confirmed.current ? (focusAfterConfirm?.current ?? null) : null)}
    >
      <div className="form">{children}</div>
      <FormError>{action.error}</FormError>
      <div className="dialog-actions">
        <button type="button" className="button" data-initial-focus onClick={onClose}>
          Cancel
        </button>
        <button
          type="button"
          className={`button ${tone}`}
          disabled={action.busy}
          onClick={() => void confirm()}
        >
          {action.busy ? busyLabel : confirmLabel}
        </button>
      </div>
    </ModalDialog>
  );
}
