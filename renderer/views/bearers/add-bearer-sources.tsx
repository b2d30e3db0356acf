/**
 * The two ways the add dialog gets a token: pasted (access token, optional
 * refresh token, expiry) or asked from a provider (client_credentials).
 *
 * The pasted tokens are uncontrolled password fields read once on submit:
 * React mirrors a controlled input's value into its `value` attribute, which
 * would put the token in the page's markup; an uncontrolled field keeps it
 * in the field alone, and unmounting the dialog forgets it.
 */
import type { RefObject } from 'react';
import type { ProviderInfo } from '../../stores/providers-slice';

export type ExpiryKind = 'in' | 'at';

export interface PasteFieldsProps {
  accessRef: RefObject<HTMLInputElement | null>;
  refreshRef: RefObject<HTMLInputElement | null>;
  expiryKind: ExpiryKind;
  onExpiryKind(kind: ExpiryKind): void;
  minutes: string;
  onMinutes(minutes: string): void;
  at: string;
  onAt(at: string): void;
}

export function PasteFields(props: PasteFieldsProps) {
  const { accessRef, refreshRef, expiryKind, onExpiryKind, minutes, onMinutes, at, onAt } = props;
  return (
    <>
      <label>
        Access token
        <input
          ref={accessRef}
          type="password"
          required
          autoComplete="off"
          spellCheck={false}
          maxLength={64 * 1024}
        />
      </label>
      <label>
        Refresh token (optional)
        <input
          ref={refreshRef}
          type="password"
          autoComplete="off"
          spellCheck={false}
          maxLength={64 * 1024}
        />
      </label>
      <fieldset>
        <legend>Expiry</legend>
        <div className="expiry-choice">
          <label>
            <input
              type="radio"
              name="expiry-kind"
              checked={expiryKind === 'in'}
              onChange={() => onExpiryKind('in')}
            />
            Expires in
          </label>
          <input
            type="number"
            aria-label="Expires in, minutes"
            min={1}
            step={1}
            value={minutes}
            disabled={expiryKind !== 'in'}
            onChange={(event) => onMinutes(event.target.value)}
          />
          <span aria-hidden="true">minutes</span>
        </div>
        <div className="expiry-choice">
          <label>
            <input
              type="radio"
              name="expiry-kind"
              checked={expiryKind === 'at'}
              onChange={() => onExpiryKind('at')}
            />
            Expires at
          </label>
          <input
            type="datetime-local"
            aria-label="Expires at, local time"
            value={at}
            disabled={expiryKind !== 'at'}
            onChange={(event) => onAt(event.target.value)}
          />
        </div>
      </fieldset>
      <p className="admin-note">
        The tokens go to the vault once and are never shown back here; Reveal in the bearer's detail
        shows the access token when you ask.
      </p>
    </>
  );
}

export function ProviderFields({
  providers,
  provider,
  onProvider,
}: {
  providers: readonly ProviderInfo[] | null;
  provider: string;
  onProvider(name: string): void;
}) {
  if (providers === null) return <p className="admin-note">Reading the providers…</p>;
  if (providers.length === 0) {
    return (
      <p className="admin-note">
        No providers yet: add one in the Providers view (its token URL, client ID and secret), then
        come back, or paste a token instead.
      </p>
    );
  }
  return (
    <>
      <label>
        Provider
        <select value={provider} onChange={(event) => onProvider(event.target.value)}>
          {providers.map((info) => (
            <option key={info.name} value={info.name}>
              {info.name}
            </option>
          ))}
        </select>
      </label>
      <p className="admin-note">
        Asks the provider's token endpoint for a token with its client credentials
        (client_credentials), stores it as this bearer and links the bearer to the provider. The
        token is never sent to this page.
      </p>
    </>
  );
}
