/**
 * Mint key: asks for a name, then shows the new key once, with Copy and a
 * plain warning. The key lives in this component's state only (never in the
 * store), so closing the dialog, by any road, forgets it.
 */
import { useState, type FormEvent } from 'react';
import { errorMessage } from '../../api/client';
import { ModalDialog } from '../../components/modal-dialog';
import type { MintedKey } from '../../stores/keys-slice';
import { useActions } from '../../stores/use-app-store';
import { FormFooter } from '../../components/form-footer';

function MintedKeyShown({ minted, onClose }: { minted: MintedKey; onClose(): void }) {
  const actions = useActions();
  const [copyNote, setCopyNote] = useState('');
  const copy = async () => {
    try {
      await actions.copyMintedKey(minted.key);
      setCopyNote(
        'Copied. Credvault cannot clear the clipboard for you here: clear it once pasted.',
      );
    } catch (error) {
      setCopyNote(`Not copied: ${errorMessage(error)}`);
    }
  };
  return (
    <>
      <p>
        Key <strong>{minted.name}</strong> was added to <code>{minted.file}</code>
        {minted.createdFile ? ' (a new file)' : ''}.
      </p>
      <output className="secret-box" aria-label="New API key">
        {minted.key}
      </output>
      <p className="warning-text" role="alert">
        This key will not be shown again. Copy it now: the vault keeps only its hash.
      </p>
      <p className="admin-note" role="status" aria-live="polite">
        {copyNote}
      </p>
      <div className="dialog-actions">
        <button type="button" className="button" data-initial-focus onClick={() => void copy()}>
          Copy
        </button>
        <button type="button" className="button primary" onClick={onClose}>
          Done
        </button>
      </div>
    </>
  );
}

export function MintKeyDialog({ fileLabel, onClose }: { fileLabel: string; onClose(): void }) {
  const actions = useActions();
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [minted, setMinted] = useState<MintedKey | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      setMinted(await actions.mintKey(name.trim()));
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <ModalDialog title={minted === null ? 'Mint a key' : 'Your new key'} onClose={onClose}>
      {minted !== null ? (
        <MintedKeyShown minted={minted} onClose={onClose} />
      ) : (
        <form className="form" onSubmit={(event) => void submit(event)}>
          <p className="admin-note">
            A new random key for <code>{fileLabel}</code>. You see it once; the file keeps its hash.
          </p>
          <label>
            Key name
            <input
              data-initial-focus
              value={name}
              maxLength={128}
              required
              autoComplete="off"
              spellCheck={false}
              onChange={(event) => setName(event.target.value)}
            />
          </label>
          <FormFooter
            error={error}
            busy={busy}
            submitLabel="Mint key"
            busyLabel="Minting…"
            onCancel={onClose}
            blocked={name.trim() === ''}
          />
        </form>
      )}
    </ModalDialog>
  );
}
