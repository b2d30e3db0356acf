/**
 * Settings › Bearer roots: the folders Credvault lists bearers from, each
 * with its near-expiry window, shared flag, keep-fresh and (read-only here)
 * encryption; Add, Edit and Remove. The default root is always listed: the
 * vault refuses to remove it, so it offers no Remove.
 */
import { useRef, useState } from 'react';
import type { RootSettings } from '../../stores/app-info-slice';
import { useAppStore } from '../../stores/use-app-store';
import { AddRootDialog, EditRootDialog, RemoveRootDialog } from './root-dialogs';
import { SettingsSection } from './settings-section';
import { defaultRootOf, formatSeconds } from './settings-input';

type Open =
  | { dialog: 'add' }
  | { dialog: 'edit'; root: RootSettings }
  | { dialog: 'remove'; root: RootSettings }
  | null;

const yesNo = (value: boolean) => (value ? 'yes' : 'no');

function RootRow(props: {
  root: RootSettings;
  isDefault: boolean;
  onEdit(): void;
  onRemove(): void;
}) {
  const { root, isDefault, onEdit, onRemove } = props;
  return (
    <tr>
      <th scope="row" className="mono settings-path">
        {root.path}
        {isDefault && <span className="settings-tag">default</span>}
      </th>
      <td>{formatSeconds(root.windowS)}</td>
      <td>{yesNo(root.shared)}</td>
      <td>{root.keepFresh ? 'all bearers' : 'per bearer'}</td>
      <td>{root.encrypted ? 'encrypted' : 'plain'}</td>
      <td className="actions">
        <button type="button" className="button" aria-label={`Edit ${root.path}`} onClick={onEdit}>
          Edit
        </button>{' '}
        {isDefault ? (
          <span className="settings-hint">The vault's default root cannot be removed</span>
        ) : (
          <button
            type="button"
            className="button danger"
            aria-label={`Remove ${root.path}`}
            onClick={onRemove}
          >
            Remove
          </button>
        )}
      </td>
    </tr>
  );
}

export function RootsSection({ roots }: { roots: readonly RootSettings[] }) {
  const home = useAppStore((state) => state.app.info?.home);
  const [open, setOpen] = useState<Open>(null);
  // After a removal the row's Remove button is gone: focus goes to Add root.
  const addButton = useRef<HTMLButtonElement>(null);
  // The vault keeps its default root first; the home names it for certain.
  const defaultRoot = home === undefined ? roots[0]?.path : defaultRootOf(home);

  return (
    <SettingsSection
      title="Bearer roots"
      purpose="The folders Credvault lists bearers from, one sub-folder per bearer; other programs may read and write them too."
      tools={
        <button
          ref={addButton}
          type="button"
          className="button primary"
          onClick={() => setOpen({ dialog: 'add' })}
        >
          Add root
        </button>
      }
    >
      <table className="admin-table" aria-label="Bearer roots">
        <thead>
          <tr>
            <th scope="col">Path</th>
            <th scope="col">Near-expiry window</th>
            <th scope="col">Shared</th>
            <th scope="col">Keep fresh</th>
            <th scope="col">At rest</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {roots.map((root) => (
            <RootRow
              key={root.path}
              root={root}
              isDefault={root.path === defaultRoot}
              onEdit={() => setOpen({ dialog: 'edit', root })}
              onRemove={() => setOpen({ dialog: 'remove', root })}
            />
          ))}
        </tbody>
      </table>
      {roots.length === 1 && (
        <p className="settings-hint">
          Only the vault's own root so far. Add the folder another tool keeps its bearers in to see
          them here too.
        </p>
      )}
      {open?.dialog === 'add' && <AddRootDialog onClose={() => setOpen(null)} />}
      {open?.dialog === 'edit' && <EditRootDialog root={open.root} onClose={() => setOpen(null)} />}
      {open?.dialog === 'remove' && (
        <RemoveRootDialog
          root={open.root}
          onClose={() => setOpen(null)}
          focusAfterRemoval={addButton}
        />
      )}
    </SettingsSection>
  );
}
