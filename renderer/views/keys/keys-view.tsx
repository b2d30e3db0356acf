/**
 * The Keys view: one key file's keys (the vault's own unless a configured
 * one is chosen), with Mint key and Revoke. Only metadata is ever listed:
 * the file holds hashes, and a key is shown once, in the mint dialog.
 */
import { useEffect, useRef, useState } from 'react';
import { AdminPage, ListBody } from '../../components/admin-page';
import { formatLocalTime } from '../../lib/time-text';
import type { KeyInfo } from '../../stores/keys-slice';
import { useActions, useAppStore } from '../../stores/use-app-store';
import { MintKeyDialog } from './mint-key-dialog';
import { RevokeKeyDialog } from './revoke-key-dialog';

const DEFAULT_FILE = '';

function when(iso: string | null): string {
  if (iso === null) return 'never';
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? iso : formatLocalTime(ms / 1000);
}

function KeyFilePicker() {
  const actions = useActions();
  const file = useAppStore((state) => state.keys.file);
  const keyFiles = useAppStore((state) => state.app.keyFiles);
  if (keyFiles.length === 0) return null;
  return (
    <label>
      Key file
      <select
        value={file ?? DEFAULT_FILE}
        onChange={(event) =>
          void actions.chooseKeyFile(
            event.target.value === DEFAULT_FILE ? null : event.target.value,
          )
        }
      >
        <option value={DEFAULT_FILE}>The vault's keys.json</option>
        {keyFiles.map((path) => (
          <option key={path} value={path}>
            {path}
          </option>
        ))}
      </select>
    </label>
  );
}

function KeysTable({ keys, onRevoke }: { keys: readonly KeyInfo[]; onRevoke(key: KeyInfo): void }) {
  return (
    <table className="admin-table" aria-label="Keys">
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Created</th>
          <th scope="col">Last used</th>
          <th scope="col">Hash prefix</th>
          <th scope="col">
            <span className="visually-hidden">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {keys.map((key) => (
          <tr key={key.hashHex}>
            <td>{key.name}</td>
            <td>{when(key.createdAt)}</td>
            <td>{when(key.lastUsed)}</td>
            <td className="mono">
              {key.hashHex.slice(0, 12)}
              {key.error !== null && <div className="error">{key.error}</div>}
            </td>
            <td className="actions">
              <button
                type="button"
                className="button danger"
                aria-label={`Revoke ${key.name} (${key.hashHex.slice(0, 12)})`}
                onClick={() => onRevoke(key)}
              >
                Revoke
              </button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function KeysView() {
  const { list, loading, error } = useAppStore((state) => state.keys);
  const [minting, setMinting] = useState(false);
  const [revoking, setRevoking] = useState<KeyInfo | null>(null);
  // After a revoke the Revoke button that opened the dialog goes with its
  // row: focus goes to Mint key instead of falling back to the page.
  const mintRef = useRef<HTMLButtonElement>(null);

  // The action itself, not `actions`: that object is new after every change.
  const loadKeys = useAppStore((state) => state.loadKeys);
  useEffect(() => {
    void loadKeys();
  }, [loadKeys]);

  const fileLabel = list?.file ?? 'the vault’s keys.json';
  const keys = list?.keys ?? [];

  return (
    <AdminPage
      title="API keys"
      tools={
        <>
          <KeyFilePicker />
          <button
            ref={mintRef}
            type="button"
            className="button primary"
            onClick={() => setMinting(true)}
          >
            Mint key
          </button>
        </>
      }
      note={
        <>
          Keys in <code>{fileLabel}</code>. Programs present a key; the file keeps only its SHA-256
          hash, so a key is shown once, when it is minted.
        </>
      }
    >
      <ListBody
        errorLead="The keys could not be read"
        error={error}
        unread={list === null}
        loading={loading}
        loadingText="Reading the keys…"
        isEmpty={keys.length === 0}
        empty={
          <>
            <p>
              {list?.exists === true
                ? 'No keys in this file.'
                : 'No key file yet: minting the first key creates it.'}{' '}
              Mint a key for each program that calls your service, and revoke it when the program no
              longer needs it.
            </p>
            <button type="button" className="button primary" onClick={() => setMinting(true)}>
              Mint your first key
            </button>
          </>
        }
      >
        <KeysTable keys={keys} onRevoke={setRevoking} />
      </ListBody>
      {minting && <MintKeyDialog fileLabel={fileLabel} onClose={() => setMinting(false)} />}
      {revoking !== null && (
        <RevokeKeyDialog
          target={revoking}
          focusAfterRevoke={mintRef}
          onClose={() => setRevoking(null)}
        />
      )}
    </AdminPage>
  );
}
