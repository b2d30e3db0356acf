/**
 * Revoke: one key (by its hash) or every key with its name, and the dialog
 * says how many keys go before anything is removed.
 */
import { useState, type RefObject } from 'react';
import { ConfirmDialog } from '../../components/confirm-dialog';
import { keysMatching, type KeyInfo, type RevokeTarget } from '../../stores/keys-slice';
import { useActions, useAppStore } from '../../stores/use-app-store';

const plural = (count: number) => `${count} ${count === 1 ? 'key' : 'keys'}`;

export function RevokeKeyDialog({
  target,
  focusAfterRevoke,
  onClose,
}: {
  target: KeyInfo;
  /** Where the focus goes once the key (and the Revoke button of its row) is gone. */
  focusAfterRevoke?: RefObject<HTMLElement | null>;
  onClose(): void;
}) {
  const actions = useActions();
  const keys = useAppStore((state) => state.keys.list?.keys ?? []);
  const [scope, setScope] = useState<'one' | 'name'>('one');

  const byName: RevokeTarget = { name: target.name };
  const byHash: RevokeTarget = { hashPrefix: target.hashHex };
  const sameName = keysMatching(keys, byName);
  const chosen = scope === 'name' ? byName : byHash;
  const count = scope === 'name' ? sameName : 1;

  return (
    <ConfirmDialog
      title={`Revoke ${plural(count)}?`}
      confirmLabel={`Revoke ${plural(count)}`}
      busyLabel="Revoking…"
      onConfirm={() => actions.revokeKeys(chosen)}
      onClose={onClose}
      focusAfterConfirm={focusAfterRevoke}
    >
      {sameName > 1 && (
        <fieldset>
          <legend>Which keys</legend>
          <label>
            <input
              type="radio"
              name="revoke-scope"
              checked={scope === 'one'}
              onChange={() => setScope('one')}
            />
            Only this key (hash <code>{target.hashHex.slice(0, 12)}</code>)
          </label>
          <label>
            <input
              type="radio"
              name="revoke-scope"
              checked={scope === 'name'}
              onChange={() => setScope('name')}
            />
            Every key named “{target.name}” ({plural(sameName)})
          </label>
        </fieldset>
      )}
      <p>
        {plural(count)} named “{target.name}” will stop working at once. Programs using{' '}
        {count === 1 ? 'it' : 'them'} will be refused. This cannot be undone.
      </p>
    </ConfirmDialog>
  );
}
