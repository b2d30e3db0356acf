/**
 * The Token files view: the workspace token files (`.auth_token`) the
 * settings name, each masked until Reveal, with Set (paste), Add (to the
 * settings, after the user allows it outside the page) and Remove (from the
 * settings only). There is no event for a token file changed on disk, so
 * the list is read when the view opens, when the settings' list changes,
 * and on Reload.
 */
import { useEffect, useRef, useState } from 'react';
import { AdminPage, ListBody } from '../../components/admin-page';
import type { TokenFileInfo } from '../../stores/workspace-slice';
import { useAppStore } from '../../stores/use-app-store';
import { AddTokenFileDialog } from './add-token-file-dialog';
import { RemoveTokenFileDialog } from './remove-token-file-dialog';
import { TokenFileRow } from './token-file-row';

function TokenFilesTable(props: {
  files: readonly TokenFileInfo[];
  onNotice(text: string): void;
  onRemove(path: string): void;
}) {
  return (
    <table className="admin-table token-files" aria-label="Token files">
      <thead>
        <tr>
          <th scope="col">File</th>
          <th scope="col">State</th>
          <th scope="col">Token</th>
          <th scope="col">
            <span className="visually-hidden">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {props.files.map((file) => (
          <TokenFileRow
            key={file.path}
            file={file}
            onNotice={props.onNotice}
            onRemove={() => props.onRemove(file.path)}
          />
        ))}
      </tbody>
    </table>
  );
}

function EmptyState({ onAdd }: { onAdd(): void }) {
  return (
    <>
      <p>
        No workspace token files yet. A token file holds one token on one line, such as a project’s{' '}
        <code>.auth_token</code>, for the tools working in that folder to read.
      </p>
      <p>
        Add one to see whether it holds a token, reveal it when you need it, and paste a new one:
        Credvault writes it whole (never a half-written file), readable by you alone.
      </p>
      <button type="button" className="button primary" onClick={onAdd}>
        Add a token file
      </button>
    </>
  );
}

export function TokenFilesView() {
  const { files, loading, error } = useAppStore((state) => state.workspace);
  const loadTokenFiles = useAppStore((state) => state.loadTokenFiles);
  // The settings' list, as text: a change made elsewhere (the Settings view,
  // another page) reads the files again.
  const configured = useAppStore((state) => state.app.settings?.tokenFiles.join('\n') ?? null);
  const [adding, setAdding] = useState(false);
  const [removing, setRemoving] = useState<string | null>(null);
  // After a removal the row's Remove button is gone: focus goes to Add token file.
  const addRef = useRef<HTMLButtonElement>(null);
  const [notice, setNotice] = useState('');

  useEffect(() => {
    void loadTokenFiles();
  }, [loadTokenFiles, configured]);

  return (
    <AdminPage
      title="Workspace token files"
      tools={
        <>
          <button
            type="button"
            className="button"
            disabled={loading}
            onClick={() => {
              setNotice('');
              void loadTokenFiles();
            }}
          >
            Reload
          </button>
          <button
            ref={addRef}
            type="button"
            className="button primary"
            onClick={() => setAdding(true)}
          >
            Add token file
          </button>
        </>
      }
      note={
        <>
          Files holding one token each, for your tools to read. A token stays hidden until you
          Reveal it; Set stores a pasted one. The CLI reads the same files:{' '}
          <code>credvault auth-token get --file PATH</code>.
        </>
      }
    >
      <ListBody
        errorLead="The token files could not be read"
        error={error}
        unread={files === null}
        loading={loading}
        loadingText="Reading the token files…"
        isEmpty={files?.length === 0}
        empty={<EmptyState onAdd={() => setAdding(true)} />}
      >
        <TokenFilesTable files={files ?? []} onNotice={setNotice} onRemove={setRemoving} />
      </ListBody>
      <p className="admin-note" role="status" aria-live="polite">
        {notice}
      </p>
      {adding && (
        <AddTokenFileDialog
          configured={(files ?? []).map((file) => file.path)}
          onAdded={(path) =>
            setNotice(`Added ${path} to the token files. Set a token in it with Set.`)
          }
          onClose={() => setAdding(false)}
        />
      )}
      {removing !== null && (
        <RemoveTokenFileDialog
          path={removing}
          onRemoved={() =>
            setNotice(`Removed ${removing} from the token files. The file itself is still there.`)
          }
          onClose={() => setRemoving(null)}
          focusAfterRemoval={addRef}
        />
      )}
    </AdminPage>
  );
}
