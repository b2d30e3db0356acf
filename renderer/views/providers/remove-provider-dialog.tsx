/**
 * Remove provider: names the bearers linked to it. With none, one
 * confirmation removes it; with some, the user confirms that they will be
 * unlinked (their tokens stay, but can no longer be refreshed).
 */
import { useState } from 'react';
import { errorMessage } from '../../api/client';
import { ModalDialog } from '../../components/modal-dialog';
import type { ProviderInfo } from '../../stores/providers-slice';
import { useActions } from '../../stores/use-app-store';

export function RemoveProviderDialog({
  provider,
  onClose,
}: {
  provider: ProviderInfo;
  onClose(): void;
}) {
  const actions = useActions();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const linked = provider.linkedBearers;

  const remove = async () => {
    setBusy(true);
    setError(null);
    try {
      await actions.removeProvider(provider.name, linked.length > 0);
      onClose();
    } catch (failure) {
      setError(errorMessage(failure));
      setBusy(false);
    }
  };

  return (
    <ModalDialog title={`Remove provider ${provider.name}?`} onClose={onClose}>
      {linked.length === 0 ? (
        <p>No bearer is linked to it. Its stored client secret goes with it.</p>
      ) : (
        <>
          <p>
            {linked.length === 1 ? 'This bearer is' : `These ${linked.length} bearers are`} linked
            to it and will be unlinked: their tokens stay, but the vault can no longer refresh them.
          </p>
          <ul aria-label="Linked bearers">
            {linked.map((ref) => (
              <li key={`${ref.root}\u0000${ref.id}`}>
                <code>{ref.id}</code> <span className="admin-note">in {ref.root}</span>
              </li>
            ))}
          </ul>
        </>
      )}
      {error !== null && (
        <p className="error-text" role="alert">
          {error}
        </p>
      )}
      <div className="dialog-actions">
        <button type="button" className="button" data-initial-focus onClick={onClose}>
          Cancel
        </button>
        <button
          type="button"
          className="button danger"
          disabled={busy}
          onClick={() => void remove()}
        >
          {busy ? 'Removing…' : linked.length === 0 ? 'Remove' : 'Unlink and remove'}
        </button>
      </div>
    </ModalDialog>
  );
}
