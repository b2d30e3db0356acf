/**
 * Set: a token pasted into a password field (never echoed back) and stored
 * in one token file, by the seed's rules, which the vault applies: white
 * space around the token is dropped, an empty token is refused (the file
 * is left as it was), and the same token again writes nothing.
 *
 * The field is uncontrolled and read once on submit: React mirrors a
 * controlled input's value into its `value` attribute, which would put the
 * pasted token into the page's HTML. Closing the dialog drops the field.
 */
import { useRef, useState, type FormEvent } from 'react';
import { ModalDialog } from '../../components/modal-dialog';
import { usePendingAction } from '../../components/use-pending-action';
import { useActions } from '../../stores/use-app-store';
import { FormFooter } from '../../components/form-footer';

export function SetTokenDialog(props: {
  path: string;
  /** After the vault answered: written false means the same token was already there. */
  onSaved(written: boolean): void;
  onClose(): void;
}) {
  const { path, onSaved, onClose } = props;
  const actions = useActions();
  const action = usePendingAction();
  const tokenRef = useRef<HTMLInputElement>(null);
  // Nothing typed at all: said here, since the vault's schema would only
  // answer that the field is too short.
  const [emptyNote, setEmptyNote] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    action.clearError();
    const token = tokenRef.current?.value ?? '';
    if (token === '') {
      setEmptyNote(true);
      return;
    }
    setEmptyNote(false);
    let written = false;
    const ok = await action.run(async () => {
      written = await actions.setTokenFile(path, token);
    });
    if (ok) {
      onSaved(written);
      onClose();
    }
  };

  return (
    <ModalDialog title="Set the token" onClose={onClose}>
      <form className="form" onSubmit={(event) => void submit(event)}>
        <p className="admin-note">
          Stores a token in <code>{path}</code>, replacing the one there. White space around it
          (such as a trailing newline) is dropped. The file is written whole and readable by you
          alone.
        </p>
        <label>
          Token
          <input
            type="password"
            data-initial-focus
            ref={tokenRef}
            autoComplete="off"
            spellCheck={false}
            placeholder="Paste the token"
            onChange={() => setEmptyNote(false)}
          />
        </label>
        {emptyNote && (
          <p className="error-text" role="alert">
            Token: nothing pasted. An empty token is refused; {path} is left as it was.
          </p>
        )}
        <FormFooter
          error={action.error !== null && `Not saved: ${action.error}. The file is left as it was.`}
          busy={action.busy}
          submitLabel="Save token"
          busyLabel="Saving…"
          onCancel={onClose}
        />
      </form>
    </ModalDialog>
  );
}
