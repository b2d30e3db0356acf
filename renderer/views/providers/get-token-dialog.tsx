/**
 * Get token (client_credentials): either stored as a bearer (linked to the
 * provider; the page never sees the token) or returned to this page, shown
 * masked with Reveal and Copy. The token lives in this component's state
 * only, so closing the dialog forgets it.
 */
import { useState, type FormEvent } from 'react';
import { errorMessage } from '../../api/client';
import { ModalDialog } from '../../components/modal-dialog';
import { formatLocalTime } from '../../lib/time-text';
import type { ProviderToken } from '../../stores/providers-slice';
import { useActions, useAppStore } from '../../stores/use-app-store';
import { FormFooter } from '../../components/form-footer';

const MASK = '•'.repeat(24);

function TokenShown({ token }: { token: ProviderToken }) {
  const actions = useActions();
  const [revealed, setRevealed] = useState(false);
  const [note, setNote] = useState('');
  const access = token.accessToken;
  if (access === null) return null;
  const copy = async () => {
    try {
      await actions.copyProviderToken(access);
      setNote('Copied. Credvault cannot clear the clipboard for you here.');
    } catch (error) {
      setNote(`Not copied: ${errorMessage(error)}`);
    }
  };
  return (
    <>
      <div className="secret-box">
        {revealed ? (
          <output aria-label="Access token">{access}</output>
        ) : (
          <span aria-label="Access token, hidden">{MASK}</span>
        )}
      </div>
      <div className="dialog-actions">
        <button type="button" className="button" onClick={() => setRevealed(!revealed)}>
          {revealed ? 'Hide' : 'Reveal'}
        </button>
        <button type="button" className="button" onClick={() => void copy()}>
          Copy
        </button>
      </div>
      <p className="admin-note" role="status" aria-live="polite">
        {note}
      </p>
    </>
  );
}

/** The default root (`<home>/bearers`) first, as the CLI's default. */
function useRootChoices(): string[] {
  const roots = useAppStore((state) => state.app.roots);
  const home = useAppStore((state) => state.app.info?.home);
  const paths = roots.map((root) => root.path);
  const preferred = paths.find((path) => home !== undefined && path === `${home}/bearers`);
  return preferred === undefined ? paths : [preferred, ...paths.filter((p) => p !== preferred)];
}

export function GetTokenDialog({ provider, onClose }: { provider: string; onClose(): void }) {
  const actions = useActions();
  const roots = useRootChoices();
  const [store, setStore] = useState(true);
  const [root, setRoot] = useState<string | null>(null);
  const [id, setId] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [token, setToken] = useState<ProviderToken | null>(null);
  const chosenRoot = root ?? roots[0] ?? null;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const storeAs =
        store && chosenRoot !== null ? { storeAs: { root: chosenRoot, id: id.trim() } } : {};
      setToken(await actions.getToken({ name: provider, ...storeAs }));
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <ModalDialog title={`Get a token from ${provider}`} onClose={onClose}>
      {token === null ? (
        <form className="form" onSubmit={(event) => void submit(event)}>
          <p className="admin-note">
            Asks the provider's token endpoint for a token with the client credentials.
          </p>
          <label className="inline">
            <input
              type="checkbox"
              data-initial-focus
              checked={store}
              onChange={(event) => setStore(event.target.checked)}
            />
            Store as a bearer (linked to {provider})
          </label>
          {store && (
            <>
              <label>
                Root
                <select value={chosenRoot ?? ''} onChange={(event) => setRoot(event.target.value)}>
                  {roots.map((path) => (
                    <option key={path} value={path}>
                      {path}
                    </option>
                  ))}
                </select>
              </label>
              <label>
                Bearer ID
                <input
                  value={id}
                  required
                  maxLength={128}
                  autoComplete="off"
                  spellCheck={false}
                  onChange={(event) => setId(event.target.value)}
                />
              </label>
            </>
          )}
          <FormFooter
            error={error}
            busy={busy}
            submitLabel="Get token"
            busyLabel="Asking…"
            onCancel={onClose}
            blocked={store && (chosenRoot === null || id.trim() === '')}
          />
        </form>
      ) : (
        <>
          <p>
            {token.storedAs === null
              ? 'A new token'
              : `Stored as bearer ${token.storedAs.id} in ${token.storedAs.root}`}
            , valid until {formatLocalTime(token.expiresAtUnix)}
            {token.scope === null ? '' : ` (scope: ${token.scope})`}.
          </p>
          <TokenShown token={token} />
          <div className="dialog-actions">
            <button type="button" className="button primary" onClick={onClose}>
              Done
            </button>
          </div>
        </>
      )}
    </ModalDialog>
  );
}
