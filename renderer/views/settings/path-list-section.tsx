/**
 * Settings › Key files and Settings › Workspace token files: the files a
 * page may use besides the vault's own, with Add (the host asks the user
 * first) and Remove (from the settings only: the file stays as it is).
 */
import { useRef, useState, type ReactNode, type RefObject } from 'react';
import { ConfirmDialog } from '../../components/confirm-dialog';
import { PATH_LIST_WHAT, type PathListKind } from '../../stores/settings-slice';
import { useActions } from '../../stores/use-app-store';
import { AddPathDialog } from './add-path-dialog';
import { SettingsSection } from './settings-section';

interface ListText {
  title: string;
  purpose: ReactNode;
  /** The name of the list (table) and of the Add button's object. */
  noun: string;
  placeholder: string;
  addIntro: ReactNode;
  empty: ReactNode;
  /** Where else the files show, for the Remove confirmation. */
  usedIn: string;
}

const TEXT: Record<PathListKind, ListText> = {
  keyFiles: {
    title: 'Key files',
    purpose:
      "API key files other services read (hashes only), offered in the Keys view beside the vault's own keys.json.",
    noun: 'key file',
    placeholder: '/srv/api/keys.json',
    addIntro:
      'A keys.json a service reads. It may not exist yet: minting the first key creates it.',
    empty: (
      <>
        Only the vault's own <code>keys.json</code>. Add the key file a service of yours reads to
        mint and revoke its keys here.
      </>
    ),
    usedIn: 'Keys view',
  },
  tokenFiles: {
    title: 'Workspace token files',
    purpose:
      'Single-token files such as .auth_token that a tool in a workspace reads, shown and set in the Token files view.',
    noun: 'token file',
    placeholder: '/home/me/project/.auth_token',
    addIntro: 'A file that holds one token, such as a workspace’s .auth_token.',
    empty: 'None yet. Add a workspace’s .auth_token to see and set its token from Credvault.',
    usedIn: 'Token files view',
  },
};

function RemovePathDialog(props: {
  kind: PathListKind;
  path: string;
  onClose(): void;
  focusAfterRemoval: RefObject<HTMLElement | null>;
}) {
  const { kind, path, onClose, focusAfterRemoval } = props;
  const actions = useActions();
  return (
    <ConfirmDialog
      title={`Remove this ${TEXT[kind].noun} from the settings?`}
      confirmLabel="Remove from settings"
      busyLabel="Removing…"
      onConfirm={() => actions.removeListedPath(kind, path)}
      onClose={onClose}
      focusAfterConfirm={focusAfterRemoval}
    >
      <p>
        <code>{path}</code> will no longer show in the {TEXT[kind].usedIn}.
      </p>
      <p>The file itself stays as it is: nothing is deleted, and programs reading it still can.</p>
    </ConfirmDialog>
  );
}

export function PathListSection({ kind, paths }: { kind: PathListKind; paths: readonly string[] }) {
  const actions = useActions();
  const text = TEXT[kind];
  const [adding, setAdding] = useState(false);
  const [removing, setRemoving] = useState<string | null>(null);
  // After a removal the row's Remove button is gone: focus goes to Add.
  const addButton = useRef<HTMLButtonElement>(null);

  return (
    <SettingsSection
      title={text.title}
      purpose={text.purpose}
      tools={
        <button ref={addButton} type="button" className="button" onClick={() => setAdding(true)}>
          Add {text.noun}
        </button>
      }
    >
      {paths.length === 0 ? (
        <p className="settings-empty">{text.empty}</p>
      ) : (
        <table className="admin-table" aria-label={text.title}>
          <tbody>
            {paths.map((path) => (
              <tr key={path}>
                <th scope="row" className="mono settings-path">
                  {path}
                </th>
                <td className="actions">
                  <button
                    type="button"
                    className="button danger"
                    aria-label={`Remove ${path}`}
                    onClick={() => setRemoving(path)}
                  >
                    Remove
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {adding && (
        <AddPathDialog
          title={`Add a ${PATH_LIST_WHAT[kind]}`}
          intro={text.addIntro}
          placeholder={text.placeholder}
          onAdd={(path) => actions.addListedPath(kind, path)}
          onClose={() => setAdding(false)}
        />
      )}
      {removing !== null && (
        <RemovePathDialog
          kind={kind}
          path={removing}
          onClose={() => setRemoving(null)}
          focusAfterRemoval={addButton}
        />
      )}
    </SettingsSection>
  );
}
