/**
 * The detail's "Provider and keep-fresh": which provider refreshes the
 * bearer (link, change, unlink) and whether the vault refreshes it before it
 * expires, with the last refresh's outcome. Both are one call each; the row
 * shows the result once the vault's change event arrives.
 */
import { useEffect, useState } from 'react';
import { usePendingAction } from '../../components/use-pending-action';
import type { BearerSummary } from '../../lib/bearer-ref';
import { formatLocalTime } from '../../lib/time-text';
import { markedKeepFresh } from '../../stores/bearer-admin-slice';
import { useActions, useAppStore } from '../../stores/use-app-store';

const NOT_LINKED = '';

function ProviderPicker({ row }: { row: BearerSummary }) {
  const actions = useActions();
  const providers = useAppStore((state) => state.providers.list);
  const listError = useAppStore((state) => state.providers.error);
  const link = usePendingAction();
  const [asked, setAsked] = useState<string | null>(null);

  useEffect(() => {
    if (providers === null) void actions.loadProviders();
  }, [actions, providers]);

  const names = (providers ?? []).map((info) => info.name);
  // A link to a provider since removed by hand still shows, so it can be changed.
  if (row.provider !== null && !names.includes(row.provider)) names.unshift(row.provider);
  const shown = link.busy && asked !== null ? asked : (row.provider ?? NOT_LINKED);

  const choose = async (value: string) => {
    setAsked(value);
    await link.run(() => actions.linkBearer(row, value === NOT_LINKED ? null : value));
  };

  return (
    <>
      <label className="link-field">
        Linked provider
        <select
          value={shown}
          disabled={link.busy}
          onChange={(event) => void choose(event.target.value)}
        >
          <option value={NOT_LINKED}>Not linked</option>
          {names.map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </select>
      </label>
      <p className="note" role="status" aria-live="polite">
        {link.busy && (asked === NOT_LINKED ? 'Unlinking…' : `Linking to ${asked}…`)}
        {link.error !== null && <span className="note error">Not changed: {link.error}</span>}
        {!link.busy &&
          link.error === null &&
          (listError !== null ? (
            <span className="note error">The providers could not be read: {listError}</span>
          ) : providers !== null && providers.length === 0 && row.provider === null ? (
            'No providers yet: add one in the Providers view to refresh this bearer.'
          ) : (
            'Refresh and keep-fresh use the linked provider’s token endpoint.'
          ))}
      </p>
    </>
  );
}

function KeepFreshSwitch({ row }: { row: BearerSummary }) {
  const actions = useActions();
  const marked = useAppStore((state) => markedKeepFresh(state.app.settings?.keepFreshBearers, row));
  const rootKeeps = useAppStore(
    (state) => state.app.roots.find((root) => root.path === row.root)?.keepFresh === true,
  );
  const toggle = usePendingAction();
  // What the user asked for, shown until the row (re-read on the change
  // event, a moment after the call's answer) says the same: the switch
  // never flips back in between. Dropped when the call fails.
  const [asked, setAsked] = useState<boolean | null>(null);
  useEffect(() => {
    if (asked !== null && !toggle.busy && row.keepFresh === asked) setAsked(null);
  }, [asked, toggle.busy, row.keepFresh]);
  const noProvider = row.provider === null;
  // Off is always allowed (a mark left from before an unlink); on needs a provider.
  const blocked = rootKeeps || (noProvider && !marked);
  const last = row.lastRefresh;

  return (
    <>
      <label className="switch-field">
        <input
          type="checkbox"
          role="switch"
          checked={asked ?? row.keepFresh}
          disabled={blocked || toggle.busy}
          aria-describedby="keep-fresh-why"
          onChange={(event) => {
            const enabled = event.target.checked;
            setAsked(enabled);
            void toggle
              .run(() => actions.setBearerKeepFresh(row, enabled))
              .then((ok) => ok || setAsked(null));
          }}
        />
        Keep fresh
      </label>
      <p id="keep-fresh-why" className="note" role="status" aria-live="polite">
        {toggle.busy && 'Saving…'}
        {toggle.error !== null && <span className="note error">Not changed: {toggle.error}</span>}
        {!toggle.busy &&
          toggle.error === null &&
          (rootKeeps
            ? 'Its root keeps every linked bearer fresh; turn that off in Settings to choose per bearer.'
            : noProvider
              ? marked
                ? 'Marked, but no provider is linked: nothing refreshes it. Link one, or turn this off.'
                : 'Needs a linked provider: link one above, then turn this on.'
              : row.keepFresh
                ? `The vault refreshes it through ${row.provider} before it expires, while Credvault runs.`
                : `Off: it is refreshed only when you ask (Refresh) or a program asks for its token.`)}
      </p>
      <dl className="facts">
        <dt>Last refresh</dt>
        <dd>
          {last === null ? (
            'none in this session'
          ) : (
            <>
              {formatLocalTime(last.atUnix)}:{' '}
              <span className={last.ok ? 'note ok' : 'note error'}>{last.message}</span>
            </>
          )}
        </dd>
      </dl>
    </>
  );
}

export function LinkSection({ row }: { row: BearerSummary }) {
  return (
    <section className="section link-section" aria-labelledby="link-title">
      <h3 id="link-title">Provider and keep-fresh</h3>
      <div className="form">
        <ProviderPicker row={row} />
        <KeepFreshSwitch row={row} />
      </div>
    </section>
  );
}
