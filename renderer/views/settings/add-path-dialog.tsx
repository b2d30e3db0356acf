/**
 * Adding a path to the settings (a bearer root, a key file, a token file).
 * A page may not add one on its own: the host asks the user outside the
 * page (`credvault ui` in its terminal, the desktop app in a dialog of its
 * own), so while the call waits the dialog says where to answer. A refusal
 * comes back as the vault's error, shown beside the path; nothing was added.
 */
import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { ModalDialog } from '../../components/modal-dialog';
import { usePendingAction } from '../../components/use-pending-action';
import { useAppStore } from '../../stores/use-app-store';
import { pathProblem } from './settings-input';
import { FormFooter } from '../../components/form-footer';

/** Where the user answers the host's question, in this front end. */
export function ApprovalWhere() {
  const mode = useAppStore((state) => state.app.info?.mode);
  return mode === 'desktop' ? (
    <>Allow it in the dialog Credvault opens</>
  ) : (
    <>
      Allow it in the terminal running <code>credvault ui</code>
    </>
  );
}

export interface AddPathDialogProps {
  title: string;
  /** One sentence: what adding it does. */
  intro: ReactNode;
  placeholder: string;
  /** More fields (a root's window), above the approval note. */
  extra?: ReactNode;
  /** A problem with the extra fields, checked before asking (null: none). */
  extraProblem?(): string | null;
  onAdd(path: string): Promise<unknown>;
  onClose(): void;
}

export function AddPathDialog(props: AddPathDialogProps) {
  const { title, intro, placeholder, extra, extraProblem, onAdd, onClose } = props;
  const [path, setPath] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const action = usePendingAction();
  const errorId = useId();
  const error = problem ?? (action.error === null ? null : `Not added: ${action.error}`);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const typed = path.trim();
    const found = pathProblem(typed) ?? extraProblem?.() ?? null;
    setProblem(found);
    action.clearError();
    if (found !== null) return;
    if (await action.run(() => onAdd(typed))) onClose();
  };

  return (
    <ModalDialog title={title} onClose={onClose}>
      <form className="form" onSubmit={(event) => void submit(event)} noValidate>
        <p className="admin-note">{intro}</p>
        <label>
          Path
          <input
            data-initial-focus
            value={path}
            placeholder={placeholder}
            autoComplete="off"
            spellCheck={false}
            aria-invalid={error !== null}
            aria-describedby={error !== null ? errorId : undefined}
            onChange={(event) => {
              setPath(event.target.value);
              setProblem(null);
            }}
          />
        </label>
        {extra}
        {error !== null && (
          <p id={errorId} className="error-text" role="alert">
            {error}
          </p>
        )}
        {action.busy ? (
          <p className="settings-waiting" role="status">
            <span className="spinner" aria-hidden="true" /> Waiting for your answer.{' '}
            <ApprovalWhere />.
          </p>
        ) : (
          <p className="admin-note">
            A page cannot add a path on its own: when you press Add, Credvault asks you first,
            outside this page.
          </p>
        )}
        <FormFooter
          error={null}
          busy={action.busy}
          submitLabel="Add"
          busyLabel="Waiting…"
          onCancel={onClose}
        />
      </form>
    </ModalDialog>
  );
}
