/**
 * The Token files view: the workspace token files (`.auth_token`) the
 * settings name, each masked until Reveal, with Set (paste).
 */
import { useEffect } from 'react';
import { AdminPage, ListBody } from '../../components/admin-page';
import { useAppStore } from '../../stores/use-app-store';

export function TokenFilesView() {
  const { files, loading, error } = useAppStore((state) => state.workspace);
  const loadTokenFiles = useAppStore((state) => state.loadTokenFiles);
  useEffect(() => {
    void loadTokenFiles();
  }, [loadTokenFiles]);

  return (
    <AdminPage title="Workspace token files">
      <ListBody
        errorLead="The token files could not be read"
        error={error}
        unread={files === null}
        loading={loading}
        loadingText="Reading the token files…"
        isEmpty={files?.length === 0}
        empty={<p>No workspace token files are configured. Add one in Settings.</p>}
      >
        <ul>
          {(files ?? []).map((file) => (
            <li key={file.path}>
              <code>{file.path}</code> {file.present ? 'holds a token' : 'empty'}
            </li>
          ))}
        </ul>
      </ListBody>
    </AdminPage>
  );
}
