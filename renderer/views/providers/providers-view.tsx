/**
 * The Providers view: the configured OAuth providers (never a client
 * secret: only whether one is stored), with Add, Edit, Remove and Get token.
 */
import { useEffect, useRef, useState } from 'react';
import { AdminPage, ListBody } from '../../components/admin-page';
import type { ProviderInfo } from '../../stores/providers-slice';
import { useAppStore } from '../../stores/use-app-store';
import { AddProviderDialog } from './add-provider-dialog';
import { EditProviderDialog } from './edit-provider-dialog';
import { elideQueryValues } from './elide-query';
import { GetTokenDialog } from './get-token-dialog';
import { RemoveProviderDialog } from './remove-provider-dialog';

type Open =
  | { dialog: 'add' }
  | { dialog: 'edit'; provider: ProviderInfo }
  | { dialog: 'remove'; provider: ProviderInfo }
  | { dialog: 'token'; provider: ProviderInfo }
  | null;

function ProvidersTable({
  providers,
  onOpen,
}: {
  providers: readonly ProviderInfo[];
  onOpen(open: Open): void;
}) {
  return (
    <table className="admin-table" aria-label="Providers">
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Token URL</th>
          <th scope="col">Client ID</th>
          <th scope="col">Auth</th>
          <th scope="col">Secret stored</th>
          <th scope="col">Linked bearers</th>
          <th scope="col">
            <span className="visually-hidden">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {providers.map((provider) => (
          <tr key={provider.name}>
            <td className="mono">{provider.name}</td>
            <td className="mono">{elideQueryValues(provider.tokenUrl)}</td>
            <td className="mono">{provider.clientId}</td>
            <td>{provider.clientAuth}</td>
            <td>{provider.hasClientSecret ? 'yes' : 'no'}</td>
            <td>
              {provider.linkedBearers.length === 0 ? (
                <span className="admin-note">none</span>
              ) : (
                <span className="linked">
                  {provider.linkedBearers.map((ref) => (
                    <code key={`${ref.root}\u0000${ref.id}`} title={ref.root}>
                      {ref.id}
                    </code>
                  ))}
                </span>
              )}
            </td>
            <td className="actions">
              <button
                type="button"
                className="button"
                aria-label={`Get token from ${provider.name}`}
                onClick={() => onOpen({ dialog: 'token', provider })}
              >
                Get token
              </button>{' '}
              <button
                type="button"
                className="button"
                aria-label={`Edit ${provider.name}`}
                onClick={() => onOpen({ dialog: 'edit', provider })}
              >
                Edit
              </button>{' '}
              <button
                type="button"
                className="button danger"
                aria-label={`Remove ${provider.name}`}
                onClick={() => onOpen({ dialog: 'remove', provider })}
              >
                Remove
              </button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function ProvidersView() {
  const { list, loading, error } = useAppStore((state) => state.providers);
  const loadProviders = useAppStore((state) => state.loadProviders);
  const [open, setOpen] = useState<Open>(null);
  const close = () => setOpen(null);
  // After a removal the Remove button that opened the dialog goes with its
  // row: focus goes to Add provider instead of falling back to the page.
  const addRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    void loadProviders();
  }, [loadProviders]);

  return (
    <AdminPage
      title="Providers"
      tools={
        <button
          ref={addRef}
          type="button"
          className="button primary"
          onClick={() => setOpen({ dialog: 'add' })}
        >
          Add provider
        </button>
      }
      note="OAuth token endpoints the vault refreshes linked bearers with, or gets client-credentials tokens from. Client secrets go in and are never shown back."
    >
      <ListBody
        errorLead="The providers could not be read"
        error={error}
        unread={list === null}
        loading={loading}
        loadingText="Reading the providers…"
        isEmpty={list?.length === 0}
        empty={
          <>
            <p>
              No providers yet. Add your identity provider's token endpoint and client, then link
              bearers to it so they can be refreshed, or get a token with its client credentials.
            </p>
            <button
              type="button"
              className="button primary"
              onClick={() => setOpen({ dialog: 'add' })}
            >
              Add your first provider
            </button>
          </>
        }
      >
        <ProvidersTable providers={list ?? []} onOpen={setOpen} />
      </ListBody>
      {open?.dialog === 'add' && <AddProviderDialog onClose={close} />}
      {open?.dialog === 'edit' && <EditProviderDialog provider={open.provider} onClose={close} />}
      {open?.dialog === 'remove' && (
        <RemoveProviderDialog provider={open.provider} focusAfterRemoval={addRef} onClose={close} />
      )}
      {open?.dialog === 'token' && <GetTokenDialog provider={open.provider.name} onClose={close} />}
    </AdminPage>
  );
}
