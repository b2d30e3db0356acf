/**
 * One token file's row: its path, whether it holds a token (or why it cannot
 * be read), the token masked until Reveal, and Copy, Set and Remove.
 *
 * A revealed token lives in this row's state only (never in the store): Hide,
 * a Set from this row, or leaving the view (which unmounts the row) forgets it.
 */
import { useEffect, useRef, useState } from 'react';
import { errorMessage } from '../../api/client';
import type { TokenFileInfo } from '../../stores/workspace-slice';
import { useActions } from '../../stores/use-app-store';
import { SetTokenDialog } from './set-token-dialog';

const MASK = '•'.repeat(16);

function FileState({ file }: { file: TokenFileInfo }) {
  if (file.error !== null) return <span className="badge failed">unreadable</span>;
  if (file.present) return <span className="badge ok">token stored</span>;
  return <span className="badge">no token</span>;
}

function TokenCell({ file, token }: { file: TokenFileInfo; token: string | null }) {
  if (token !== null) {
    return (
      <output className="secret-box" aria-label={`Token in ${file.path}`}>
        {token}
      </output>
    );
  }
  if (file.error !== null) return <span className="admin-note">cannot be read</span>;
  if (!file.present) return <span className="admin-note">empty or missing</span>;
  return (
    <span className="masked">
      <span aria-hidden="true">{MASK}</span>
      <span className="visually-hidden">hidden</span>
    </span>
  );
}

export function TokenFileRow(props: {
  file: TokenFileInfo;
  onNotice(text: string): void;
  onRemove(): void;
}) {
  const { file, onNotice, onRemove } = props;
  const actions = useActions();
  const [token, setToken] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [note, setNote] = useState('');
  const [setting, setSetting] = useState(false);
  // Reveal and Hide replace each other: the focus goes to the one now shown,
  // when the user pressed the other (never on a list refresh).
  const revealRef = useRef<HTMLButtonElement>(null);
  const hideRef = useRef<HTMLButtonElement>(null);
  const focusAfter = useRef(false);
  useEffect(() => {
    if (!focusAfter.current) return;
    focusAfter.current = false;
    (token === null ? revealRef : hideRef).current?.focus();
  }, [token]);

  // The file was emptied or became unreadable since the Reveal: what is
  // shown is no longer what it holds.
  const readable = file.present && file.error === null;
  useEffect(() => {
    if (!readable) setToken(null);
  }, [readable]);

  const reveal = async () => {
    setBusy(true);
    setNote('');
    try {
      const revealed = await actions.revealTokenFile(file.path);
      focusAfter.current = revealed !== null;
      if (revealed === null) {
        setNote('No token in this file now.');
        void actions.loadTokenFiles();
      }
      setToken(revealed);
    } catch (error) {
      setNote(`Not revealed: ${errorMessage(error)}`);
    } finally {
      setBusy(false);
    }
  };

  const copy = async (shown: string) => {
    try {
      await actions.copyTokenFileToken(shown);
      setNote('Copied. Credvault cannot clear the clipboard for you here: clear it once pasted.');
    } catch (error) {
      setNote(`Not copied: ${errorMessage(error)}`);
    }
  };

  const forget = () => {
    setToken(null);
    setNote('');
  };
  const hide = () => {
    focusAfter.current = true;
    forget();
  };

  return (
    <tr>
      <td className="mono token-file-path">
        {file.path}
        {file.error !== null && <div className="error">{file.error}</div>}
      </td>
      <td>
        <FileState file={file} />
      </td>
      <td className="token-file-token">
        <TokenCell file={file} token={token} />
        <div className="admin-note" role="status" aria-live="polite">
          {note}
        </div>
      </td>
      <td className="actions">
        {token !== null ? (
          <>
            <button
              ref={hideRef}
              type="button"
              className="button"
              aria-label={`Hide the token in ${file.path}`}
              onClick={hide}
            >
              Hide
            </button>
            <button
              type="button"
              className="button"
              aria-label={`Copy the token in ${file.path}`}
              onClick={() => void copy(token)}
            >
              Copy
            </button>
          </>
        ) : (
          <button
            ref={revealRef}
            type="button"
            className="button"
            aria-label={`Reveal the token in ${file.path}`}
            disabled={!readable || busy}
            onClick={() => void reveal()}
          >
            {busy ? 'Revealing…' : 'Reveal'}
          </button>
        )}
        <button
          type="button"
          className="button"
          aria-label={`Set the token in ${file.path}`}
          onClick={() => setSetting(true)}
        >
          Set…
        </button>
        <button
          type="button"
          className="button danger"
          aria-label={`Remove ${file.path} from the list`}
          onClick={onRemove}
        >
          Remove
        </button>
        {setting && (
          <SetTokenDialog
            path={file.path}
            onSaved={(written) => {
              // What was shown is no longer what the file holds.
              forget();
              onNotice(
                written
                  ? `Saved the token to ${file.path}.`
                  : `${file.path} already holds this token: nothing was written.`,
              );
            }}
            onClose={() => setSetting(false)}
          />
        )}
      </td>
    </tr>
  );
}
