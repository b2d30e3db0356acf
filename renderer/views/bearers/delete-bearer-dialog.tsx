/**
 * Delete a bearer, after a confirmation that names exactly what goes: the
 * bearer's folder in its root, its three files, Credvault's own lock and
 * temp files in it, its provider link and its keep-fresh mark. A folder
 * that holds anything else is refused by the vault, which names the
 * strangers; the dialog then stays open with that message.
 */
import { ConfirmDialog } from '../../components/confirm-dialog';
import type { BearerSummary } from '../../lib/bearer-ref';
import { markedKeepFresh } from '../../stores/bearer-admin-slice';
import { useActions, useAppStore } from '../../stores/use-app-store';
import { BEARER_FILE_NAMES, bearerFolder } from './add-bearer-input';

export function DeleteBearerDialog({
  row,
  onClose,
  onDeleted,
}: {
  row: BearerSummary;
  onClose(): void;
  onDeleted(): void;
}) {
  const actions = useActions();
  const marked = useAppStore((state) => markedKeepFresh(state.app.settings?.keepFreshBearers, row));
  const folder = bearerFolder(row.root, row.id);
  return (
    <ConfirmDialog
      title={`Delete bearer ${row.id}?`}
      confirmLabel="Delete bearer"
      busyLabel="Deleting…"
      onConfirm={async () => {
        await actions.removeBearer(row);
        onDeleted();
      }}
      onClose={onClose}
    >
      <p>
        Bearer <strong>{row.id}</strong> in root <code>{row.root}</code> is deleted for every
        program that reads it. This cannot be undone. These go:
      </p>
      <ul className="delete-list" aria-label="What is deleted">
        {BEARER_FILE_NAMES.map((name) => (
          <li key={name}>
            <code>{name}</code>
          </li>
        ))}
        <li>
          Credvault's own files in it: its lock (<code>.credvault.lock</code>) and any temp files
        </li>
        <li>
          the folder <code>{folder}</code>
        </li>
        <li>
          {row.provider === null ? (
            'no provider link (it is not linked)'
          ) : (
            <>
              its link to provider <strong>{row.provider}</strong> (the provider stays)
            </>
          )}
        </li>
        {marked && <li>its keep-fresh mark in the settings</li>}
      </ul>
      <p className="admin-note">
        If the folder holds other files, nothing is deleted and the vault names them.
      </p>
    </ConfirmDialog>
  );
}
