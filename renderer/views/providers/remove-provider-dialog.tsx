/**
 * Remove provider: names the bearers linked to it. With none, one
 * confirmation removes it; with some, the user confirms that they will be
 * unlinked (their tokens stay, but can no longer be refreshed).
 */
import type { RefObject } from 'react';
import { ConfirmDialog } from '../../components/confirm-dialog';
import type { ProviderInfo } from '../../stores/providers-slice';
import { useActions } from '../../stores/use-app-store';

export function RemoveProviderDialog({
  provider,
  focusAfterRemoval,
  onClose,
}: {
  provider: ProviderInfo;
  /** Where the focus goes once the provider (and the Remove button of its row) is gone. */
  focusAfterRemoval?: RefObject<HTMLElement | null>;
  onClose(): void;
}) {
  const actions = useActions();
  const linked = provider.linkedBearers;

  return (
    <ConfirmDialog
      title={`Remove provider ${provider.name}?`}
      confirmLabel={linked.length === 0 ? 'Remove' : 'Unlink and remove'}
      busyLabel="Removing…"
      onConfirm={() => actions.removeProvider(provider.name, linked.length > 0)}
      onClose={onClose}
      focusAfterConfirm={focusAfterRemoval}
    >
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
    </ConfirmDialog>
  );
}
