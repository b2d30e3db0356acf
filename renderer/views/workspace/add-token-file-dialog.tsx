/**
 * Add token file: a path typed, added to the settings' token files. A page
 * may not add a path on its own (it could then write any file the user
 * can), so the host asks the user outside the page: `credvault ui` in its
 * terminal, the desktop app in a dialog of its own. This dialog says so
 * while it waits, and shows the refusal if the answer is no.
 */
import { useState, type FormEvent } from 'react';
import { ModalDialog } from '../../components/modal-dialog';
import { usePendingAction } from '../../components/use-pending-action';
import { isAbsolutePath } from '../../lib/paths';
import { useActions, useAppStore } from '../../stores/use-app-store';
import { FormFooter } from '../../components/form-footer';

function WaitingNote() {
  const desktop = useAppStore((state) => state.app.info?.mode === 'desktop');
  return (
    <p className="warning-text" role="status">
      {desktop
        ? 'Allow it in the dialog Credvault shows. Nothing is added until you do.'
        : 'Allow it in the terminal running credvault ui (answer y there). Nothing is added until you do.'}
    </p>
  );
}

export function AddTokenFileDialog(props: {
  /** The paths listed now, to refuse one twice. */
  configured: readonly string[];
  onAdded(path: string): void;
  onClose(): void;
}) {
  const { configured, onAdded, onClose } = props;
  const actions = useActions();
  const action = usePendingAction();
  const [path, setPath] = useState('');
  const [inputError, setInputError] = useState<string | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const wanted = path.trim();
    action.clearError();
    if (!isAbsolutePath(wanted)) {
      setInputError(
        'Path: give the full path, from / (for example /home/you/project/.auth_token).',
      );
      return;
    }
    if (configured.includes(wanted)) {
      setInputError(`Path: ${wanted} is already in the list.`);
      return;
    }
    setInputError(null);
    if (await action.run(() => actions.addTokenFile(wanted))) {
      onAdded(wanted);
      onClose();
    }
  };

  return (
    <ModalDialog title="Add a token file" onClose={onClose}>
      <form className="form" onSubmit={(event) => void submit(event)}>
        <p className="admin-note">
          The file need not exist yet: Set creates it. Adding it lets this page show and set its
          token; you are asked to allow it outside the page first.
        </p>
        <label>
          Path
          <input
            data-initial-focus
            value={path}
            required
            maxLength={4096}
            autoComplete="off"
            spellCheck={false}
            placeholder="/home/you/project/.auth_token"
            onChange={(event) => {
              setPath(event.target.value);
              setInputError(null);
            }}
          />
        </label>
        {action.busy && <WaitingNote />}
        {inputError !== null && (
          <p className="error-text" role="alert">
            {inputError}
          </p>
        )}
        <FormFooter
          error={action.error !== null && `Not added: ${action.error}`}
          busy={action.busy}
          submitLabel="Add"
          busyLabel="Waiting for your approval…"
          onCancel={onClose}
          blocked={path.trim() === ''}
        />
      </form>
    </ModalDialog>
  );
}
