/**
 * Add provider: the fields a client_credentials or refresh grant needs. The
 * client secret is typed into a password field, sent once with the add and
 * never shown back (the list says only whether one is stored).
 */
import { useState, type FormEvent } from 'react';
import { errorMessage } from '../../api/client';
import { ModalDialog } from '../../components/modal-dialog';
import { useActions } from '../../stores/use-app-store';

const AUTH_METHODS = ['client_secret_post', 'client_secret_basic', 'none'] as const;
type AuthMethod = (typeof AUTH_METHODS)[number];

const orNull = (text: string) => (text.trim() === '' ? null : text.trim());

export function AddProviderDialog({ onClose }: { onClose(): void }) {
  const actions = useActions();
  const [name, setName] = useState('');
  const [tokenUrl, setTokenUrl] = useState('');
  const [clientId, setClientId] = useState('');
  const [clientAuth, setClientAuth] = useState<AuthMethod>('client_secret_post');
  const [scope, setScope] = useState('');
  const [clientSecret, setClientSecret] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await actions.addProvider({
        provider: {
          name: name.trim(),
          tokenUrl: tokenUrl.trim(),
          clientId: clientId.trim(),
          clientAuth,
          scope: orNull(scope),
          extraParams: {},
          issuer: null,
          jwksUrl: null,
          pasetoPublicKeyHex: null,
          userinfoUrl: null,
        },
        ...(clientSecret === '' ? {} : { clientSecret }),
      });
      onClose();
    } catch (failure) {
      setError(errorMessage(failure));
      setBusy(false);
    }
  };

  return (
    <ModalDialog title="Add a provider" onClose={onClose}>
      <form className="form" onSubmit={(event) => void submit(event)}>
        <label>
          Name
          <input
            data-initial-focus
            value={name}
            required
            maxLength={128}
            autoComplete="off"
            spellCheck={false}
            onChange={(event) => setName(event.target.value)}
          />
        </label>
        <label>
          Token URL
          <input
            type="url"
            value={tokenUrl}
            required
            placeholder="https://id.example.com/oauth/token"
            autoComplete="off"
            spellCheck={false}
            onChange={(event) => setTokenUrl(event.target.value)}
          />
        </label>
        <label>
          Client ID
          <input
            value={clientId}
            required
            autoComplete="off"
            spellCheck={false}
            onChange={(event) => setClientId(event.target.value)}
          />
        </label>
        <label>
          Client authentication
          <select
            value={clientAuth}
            onChange={(event) => setClientAuth(event.target.value as AuthMethod)}
          >
            {AUTH_METHODS.map((method) => (
              <option key={method} value={method}>
                {method}
              </option>
            ))}
          </select>
        </label>
        <label>
          Scope (optional)
          <input
            value={scope}
            autoComplete="off"
            spellCheck={false}
            onChange={(event) => setScope(event.target.value)}
          />
        </label>
        <label>
          Client secret
          <input
            type="password"
            value={clientSecret}
            disabled={clientAuth === 'none'}
            autoComplete="new-password"
            onChange={(event) => setClientSecret(event.target.value)}
          />
        </label>
        <p className="admin-note">
          The secret is stored by the vault and never shown again, here or anywhere.
        </p>
        {error !== null && (
          <p className="error-text" role="alert">
            {error}
          </p>
        )}
        <div className="dialog-actions">
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button primary" disabled={busy}>
            {busy ? 'Adding…' : 'Add provider'}
          </button>
        </div>
      </form>
    </ModalDialog>
  );
}
