/**
 * The end of a dialog's form: what went wrong (the vault's words, which name
 * the input), then Cancel and the submit button, which says what is under
 * way while the action runs. Every form dialog ends so.
 */
import type { ReactNode } from 'react';

export function FormError({ children }: { children: ReactNode }) {
  if (children === null || children === undefined || children === false) return null;
  return (
    <p className="error-text" role="alert">
      {children}
    </p>
  );
}

export interface FormFooterProps {
  /** Shown above the buttons; null: nothing went wrong. */
  error: ReactNode;
  busy: boolean;
  submitLabel: string;
  /** On the submit button while the action runs, e.g. "Saving…". */
  busyLabel: string;
  onCancel(): void;
  /** The submit button is disabled for another reason too (e.g. a required field is empty). */
  blocked?: boolean;
}

export function FormFooter(props: FormFooterProps) {
  const { error, busy, submitLabel, busyLabel, onCancel, blocked = false } = props;
  return (
    <>
      <FormError>{error}</FormError>
      <div className="dialog-actions">
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="button primary" disabled={busy || blocked}>
          {busy ? busyLabel : submitLabel}
        </button>
      </div>
    </>
  );
}
