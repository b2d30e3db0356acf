/**
 * Add bearer: a root, an id, and a token (pasted, or asked from a provider).
 *
 * A put over an existing bearer replaces it without a word from the vault,
 * so the dialog asks the vault first and, when the bearer is there, says so
 * and waits for the user to confirm (Back has the focus). A bearer whose
 * files are invalid or busy is replaced with `force`, which the vault
 * requires for those; the confirmation says which case it is.
 */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { errorMessage } from '../../api/client';
import { ModalDialog } from '../../components/modal-dialog';
import type { BearerRef, BearerSummary } from '../../lib/bearer-ref';
import { useActions, useAppStore } from '../../stores/use-app-store';
import {
  bearerFolder,
  bearerIdProblem,
  expiryFromInput,
  localInputValue,
  rootChoices,
} from './add-bearer-input';
import { PasteFields, ProviderFields, type ExpiryKind } from './add-bearer-sources';
import { FormFooter } from '../../components/form-footer';

type Source = 'paste' | 'provider';

/** What the vault's answer says about the bearer the add would replace. */
function replacedWhat(existing: BearerSummary): string {
  if (existing.status === 'invalid') return 'Its files are invalid; they will be overwritten.';
  if (existing.status === 'busy') return 'Another program is writing it; it will be overwritten.';
  return 'Its access token, refresh token and expiry will be overwritten.';
}

/** What becomes of the bearer's provider link: a token from a provider links it to that one. */
function linkAfterReplace(existing: BearerSummary, fromProvider: string | null): string {
  if (fromProvider !== null) {
    return existing.provider === null || existing.provider === fromProvider
      ? `It will be linked to ${fromProvider}.`
      : `Its link moves from ${existing.provider} to ${fromProvider}.`;
  }
  return existing.provider === null ? '' : `It stays linked to ${existing.provider}.`;
}

export function AddBearerDialog({
  onClose,
  onAdded,
}: {
  onClose(): void;
  onAdded(ref: BearerRef): void;
}) {
  const actions = useActions();
  const roots = useAppStore((state) => state.app.roots);
  const home = useAppStore((state) => state.app.info?.home);
  const providers = useAppStore((state) => state.providers.list);
  const choices = rootChoices(
    roots.map((root) => root.path),
    home,
  );

  const [root, setRoot] = useState<string | null>(null);
  const [id, setId] = useState('');
  const [idProblem, setIdProblem] = useState<string | null>(null);
  const [source, setSource] = useState<Source>('paste');
  const [expiryKind, setExpiryKind] = useState<ExpiryKind>('in');
  const [minutes, setMinutes] = useState('60');
  const [at, setAt] = useState(() => localInputValue(Date.now() / 1000 + 3600));
  const [provider, setProvider] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [replacing, setReplacing] = useState<BearerSummary | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const accessRef = useRef<HTMLInputElement>(null);
  const refreshRef = useRef<HTMLInputElement>(null);
  const backRef = useRef<HTMLButtonElement>(null);
  const idRef = useRef<HTMLInputElement>(null);

  const chosenRoot = root ?? choices[0] ?? null;
  const chosenProvider = provider ?? providers?.[0]?.name ?? null;

  useEffect(() => {
    if (providers === null) void actions.loadProviders();
  }, [actions, providers]);
  useEffect(() => {
    if (replacing !== null) backRef.current?.focus();
  }, [replacing]);

  /** The request, checked; a problem (naming the field) as a string. */
  const prepared = () => {
    const problem = bearerIdProblem(id);
    setIdProblem(problem);
    if (problem !== null) return problem;
    if (chosenRoot === null) return 'Root: no root is configured; add one in Settings.';
    const ref = { root: chosenRoot, id };
    if (source === 'provider') {
      if (chosenProvider === null) return 'Provider: add a provider first.';
      return { kind: 'provider' as const, ref, provider: chosenProvider };
    }
    const accessToken = accessRef.current?.value.trim() ?? '';
    if (accessToken === '') return 'Access token: paste the token.';
    const expiry = expiryFromInput(
      expiryKind === 'in' ? { kind: 'in', minutes } : { kind: 'at', local: at },
      Date.now() / 1000,
    );
    if (!expiry.ok) return expiry.problem;
    const refreshToken = refreshRef.current?.value.trim() ?? '';
    return {
      kind: 'paste' as const,
      ref,
      record: { accessToken, refreshToken, expiresAtUnix: expiry.unix },
    };
  };

  const add = async (confirmed: BearerSummary | null) => {
    const request = prepared();
    if (typeof request === 'string') {
      setReplacing(null);
      // The id's problem shows under its field, which takes the focus.
      if (request === bearerIdProblem(id)) {
        setError(null);
        idRef.current?.focus();
      } else {
        setError(request);
      }
      return;
    }
    setBusy(true);
    setError(null);
    try {
      if (confirmed === null) {
        const existing = await actions.findBearer(request.ref);
        if (existing !== null) {
          setReplacing(existing);
          return;
        }
      }
      if (request.kind === 'paste') {
        const force = confirmed?.status === 'invalid' || confirmed?.status === 'busy';
        const { conflict } = await actions.putBearer(request.ref, request.record, force);
        onAdded(request.ref);
        if (conflict !== null) {
          setReplacing(null);
          setNotice(conflict);
          return;
        }
      } else {
        await actions.getToken({ name: request.provider, storeAs: request.ref });
        onAdded(request.ref);
      }
      onClose();
    } catch (failure) {
      setReplacing(null);
      setError(errorMessage(failure));
    } finally {
      setBusy(false);
    }
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void add(null);
  };

  if (notice !== null) {
    return (
      <ModalDialog title="Add a bearer" onClose={onClose}>
        <p>
          Bearer {id} was stored in {chosenRoot}, but another program wrote it at the same time:
        </p>
        <p className="warning-text" role="alert">
          {notice}
        </p>
        <div className="dialog-actions">
          <button type="button" className="button primary" data-initial-focus onClick={onClose}>
            Done
          </button>
        </div>
      </ModalDialog>
    );
  }

  return (
    <ModalDialog title="Add a bearer" onClose={onClose} className="add-bearer">
      {/* Checked here, not by the browser: its bubbles cannot point into a hidden part. */}
      <form className="form" hidden={replacing !== null} noValidate onSubmit={submit}>
        <label>
          Root
          <select
            value={chosenRoot ?? ''}
            disabled={choices.length === 0}
            onChange={(event) => setRoot(event.target.value)}
          >
            {choices.map((path) => (
              <option key={path} value={path}>
                {path}
              </option>
            ))}
          </select>
        </label>
        <label>
          Bearer ID
          <input
            ref={idRef}
            data-initial-focus
            value={id}
            required
            maxLength={256}
            autoComplete="off"
            spellCheck={false}
            placeholder="e.g. ci-bot"
            aria-invalid={idProblem !== null}
            aria-describedby={idProblem !== null ? 'add-bearer-id-problem' : undefined}
            onChange={(event) => {
              setId(event.target.value);
              if (idProblem !== null) setIdProblem(bearerIdProblem(event.target.value));
            }}
            onBlur={() => id !== '' && setIdProblem(bearerIdProblem(id))}
          />
        </label>
        {idProblem !== null && (
          <p id="add-bearer-id-problem" className="field-problem">
            {idProblem}
          </p>
        )}
        <fieldset>
          <legend>Token</legend>
          <div className="source-choice">
            <label>
              <input
                type="radio"
                name="bearer-source"
                checked={source === 'paste'}
                onChange={() => setSource('paste')}
              />
              Paste a token
            </label>
            <label>
              <input
                type="radio"
                name="bearer-source"
                checked={source === 'provider'}
                onChange={() => setSource('provider')}
              />
              From a provider
            </label>
          </div>
        </fieldset>
        {/* Hidden, not unmounted: a pasted token survives a look at the other choice. */}
        <div className="form" hidden={source !== 'paste'}>
          <PasteFields
            accessRef={accessRef}
            refreshRef={refreshRef}
            expiryKind={expiryKind}
            onExpiryKind={setExpiryKind}
            minutes={minutes}
            onMinutes={setMinutes}
            at={at}
            onAt={setAt}
          />
        </div>
        {source === 'provider' && (
          <ProviderFields
            providers={providers}
            provider={chosenProvider ?? ''}
            onProvider={setProvider}
          />
        )}
        <FormFooter
          error={error}
          busy={busy}
          submitLabel="Add bearer"
          busyLabel="Adding…"
          onCancel={onClose}
        />
      </form>
      {replacing !== null && (
        <div className="replace-confirm">
          <p className="warning-text" role="alert">
            Bearer {replacing.id} already exists in {replacing.root} ({replacing.status}).
          </p>
          <p>
            Replace it? {replacedWhat(replacing)} The folder{' '}
            <code>{bearerFolder(replacing.root, replacing.id)}</code> stays.{' '}
            {linkAfterReplace(replacing, source === 'provider' ? chosenProvider : null)}
          </p>
          <div className="dialog-actions">
            <button
              ref={backRef}
              type="button"
              className="button"
              onClick={() => setReplacing(null)}
            >
              Back
            </button>
            <button
              type="button"
              className="button danger"
              disabled={busy}
              onClick={() => void add(replacing)}
            >
              {busy ? 'Replacing…' : 'Replace bearer'}
            </button>
          </div>
        </div>
      )}
    </ModalDialog>
  );
}
