/**
 * Controls that save one setting as soon as they change: a checkbox and a
 * radio group. Each shows its new value while the call runs (a change
 * made meanwhile is ignored), and the
 * vault's error right under it, led by the control's name; on a failure
 * the control shows the saved value again.
 */
import { useId, useState, type ReactNode } from 'react';
import { usePendingAction } from '../../components/use-pending-action';

export function ControlError({ id, name, error }: { id: string; name: string; error: string }) {
  return (
    <p id={id} className="error-text" role="alert">
      {name} not saved: {error}
    </p>
  );
}

export interface SavedCheckboxProps {
  /** The label, and the name an error leads with. */
  label: string;
  hint?: ReactNode;
  value: boolean;
  disabled?: boolean;
  save(value: boolean): Promise<unknown>;
}

export function SavedCheckbox({ label, hint, value, disabled, save }: SavedCheckboxProps) {
  const action = usePendingAction();
  const [pending, setPending] = useState<boolean | null>(null);
  const hintId = useId();
  const errorId = useId();
  // Not disabled while saving (a disabled control drops the keyboard focus); a change meanwhile is ignored.
  const change = async (next: boolean) => {
    if (action.busy) return;
    setPending(next);
    await action.run(() => save(next));
    setPending(null);
  };
  const describedBy = [hint === undefined ? '' : hintId, action.error === null ? '' : errorId]
    .filter((id) => id !== '')
    .join(' ');
  return (
    <div className="settings-control">
      <label className="inline">
        <input
          type="checkbox"
          checked={pending ?? value}
          disabled={disabled}
          aria-describedby={describedBy === '' ? undefined : describedBy}
          onChange={(event) => void change(event.target.checked)}
        />
        {label}
      </label>
      {hint !== undefined && (
        <p id={hintId} className="settings-hint">
          {hint}
        </p>
      )}
      {action.error !== null && <ControlError id={errorId} name={label} error={action.error} />}
    </div>
  );
}

export interface SavedChoiceProps<T extends string> {
  legend: string;
  options: ReadonlyArray<{ value: T; label: string }>;
  value: T;
  hint?: ReactNode;
  save(value: T): Promise<unknown>;
}

export function SavedChoice<T extends string>(props: SavedChoiceProps<T>) {
  const { legend, options, value, hint, save } = props;
  const action = usePendingAction();
  const [pending, setPending] = useState<T | null>(null);
  const name = useId();
  const errorId = useId();
  const change = async (next: T) => {
    if (action.busy) return;
    setPending(next);
    await action.run(() => save(next));
    setPending(null);
  };
  const shown = pending ?? value;
  return (
    <fieldset
      className="settings-control settings-choice"
      aria-describedby={action.error === null ? undefined : errorId}
    >
      <legend>{legend}</legend>
      <div className="settings-choice-options">
        {options.map((option) => (
          <label key={option.value} className="inline">
            <input
              type="radio"
              name={name}
              value={option.value}
              checked={shown === option.value}
              onChange={() => void change(option.value)}
            />
            {option.label}
          </label>
        ))}
      </div>
      {hint !== undefined && <p className="settings-hint">{hint}</p>}
      {action.error !== null && <ControlError id={errorId} name={legend} error={action.error} />}
    </fieldset>
  );
}
