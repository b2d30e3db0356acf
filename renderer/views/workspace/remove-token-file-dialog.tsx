/**
 * Remove: takes a token file out of the settings' list, and says plainly
 * that the file stays (tools that read it keep working); nothing is deleted.
 */
import type { RefObject } from 'react';
import { ConfirmDialog } from '../../components/confirm-dialog';
import { useActions } from '../../stores/use-app-store';

export function RemoveTokenFileDialog(props: {
  path: string;
  onRemoved(): void;
  onClose(): void;
  /** Where the focus goes once the row (and its Remove button) is gone. */
  focusAfterRemoval?: RefObject<HTMLElement | null>;
}) {
  const { path, onRemoved, onClose, focusAfterRemoval } = props;
  const actions = useActions();
  return (
    <ConfirmDialog
      title="Remove from the list?"
      confirmLabel="Remove from list"
      busyLabel="Removing…"
      onConfirm={async () => {
        await actions.removeTokenFile(path);
        onRemoved();
      }}
      onClose={onClose}
      focusAfterConfirm={focusAfterRemoval}
    >
      <p>
        <code>{path}</code> will no longer be listed here, and this page can no longer show or set
        its token.
      </p>
      <p>
        The file itself stays, with its token: nothing is deleted, and the tools that read it keep
        working. Add it again at any time.
      </p>
    </ConfirmDialog>
  );
}
