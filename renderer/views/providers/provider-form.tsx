/**
 * The one provider form, for Add and Edit: the fields a client_credentials
 * or refresh grant needs, then the optional ones (scope, the token checks'
 * issuer, JWKS, PASETO key and userinfo URL, extra form parameters). An
 * optional field left empty means none, which is also how Edit clears one.
 *
 * The client secret is a password field that always starts empty: a stored
 * secret is never sent to the page, so Edit cannot show it; left empty
 * there, the stored one is kept. The field is uncontrolled and read once on
 * submit: React mirrors a controlled input's value into its `value`
 * attribute, which would put the secret into the page's HTML.
 */
import { useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { usePendingAction } from '../../components/use-pending-action';
import {
  AUTH_METHODS,
  formProblem,
  sendsSecret,
  type AuthMethod,
  type ProviderFormValues,
} from './provider-form-values';
import { FormFooter } from '../../components/form-footer';

export interface ProviderFormProps {
  initial: ProviderFormValues;
  /** Edit: the name is fixed (the dialog's title says it) and a secret may be stored. */
  editing?: { hasClientSecret: boolean };
  submitLabel: string;
  busyLabel: string;
  /** `clientSecret` is null when the field was left empty. Throws to keep the form open. */
  onSubmit(values: ProviderFormValues, clientSecret: string | null): Promise<void>;
  onCancel(): void;
}

function secretHint(auth: AuthMethod, editing: ProviderFormProps['editing']): string {
  if (!sendsSecret(auth)) {
    return editing?.hasClientSecret === true
      ? 'No client authentication: the stored secret will be removed.'
      : 'No client authentication: no secret is sent.';
  }
  if (editing === undefined)
    return 'Sent once, stored by the vault, and never shown again, here or anywhere.';
  return editing.hasClientSecret
    ? 'Leave empty to keep the stored secret (it is never shown here); type a new one to replace it.'
    : 'No secret is stored yet: this client authentication needs one.';
}

/** A labelled text input with an optional hint read out with it. */
function TextField({
  label,
  value,
  onChange,
  hint,
  ...input
}: {
  label: string;
  value: string;
  onChange(value: string): void;
  hint?: ReactNode;
  type?: 'text' | 'url';
  required?: boolean;
  placeholder?: string;
  maxLength?: number;
  'data-initial-focus'?: boolean;
}) {
  const hintId = useId();
  return (
    <div className="field">
      <label>
        {label}
        <input
          {...input}
          value={value}
          autoComplete="off"
          spellCheck={false}
          aria-describedby={hint === undefined ? undefined : hintId}
          onChange={(event) => onChange(event.target.value)}
        />
      </label>
      {hint !== undefined && (
        <p id={hintId} className="field-hint">
          {hint}
        </p>
      )}
    </div>
  );
}

export function ProviderForm({
  initial,
  editing,
  submitLabel,
  busyLabel,
  onSubmit,
  onCancel,
}: ProviderFormProps) {
  const [values, setValues] = useState(initial);
  const secretRef = useRef<HTMLInputElement>(null);
  const action = usePendingAction();
  const [problem, setProblem] = useState<string | null>(null);
  const secretHintId = useId();
  const set = (field: keyof ProviderFormValues) => (value: string) =>
    setValues((current) => ({ ...current, [field]: value }));
  const needsNewSecret = sendsSecret(values.clientAuth) && editing?.hasClientSecret !== true;
  // Optional fields already set are shown at once; a new provider starts with them folded.
  // Decided once: folding them while the user types would be a surprise.
  const [showOptional] = useState(() =>
    [initial.issuer, initial.jwksUrl, initial.userinfoUrl, initial.pasetoPublicKeyHex]
      .concat(initial.extraParams)
      .some((value) => value.trim() !== ''),
  );
  const error = problem ?? action.error;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found = formProblem(values);
    setProblem(found);
    if (found !== null) return;
    const typed = secretRef.current?.value ?? '';
    const secret = sendsSecret(values.clientAuth) && typed !== '' ? typed : null;
    await action.run(() => onSubmit(values, secret));
  };

  return (
    <form className="form" onSubmit={(event) => void submit(event)}>
      {editing === undefined && (
        <TextField
          label="Name"
          value={values.name}
          required
          maxLength={128}
          data-initial-focus
          onChange={set('name')}
        />
      )}
      <TextField
        label="Token URL"
        type="url"
        value={values.tokenUrl}
        required
        placeholder="https://id.example.com/oauth/token"
        data-initial-focus={editing === undefined ? undefined : true}
        onChange={set('tokenUrl')}
      />
      <TextField label="Client ID" value={values.clientId} required onChange={set('clientId')} />
      <label>
        Client authentication
        <select
          value={values.clientAuth}
          onChange={(event) => set('clientAuth')(event.target.value)}
        >
          {AUTH_METHODS.map((method) => (
            <option key={method} value={method}>
              {method}
            </option>
          ))}
        </select>
      </label>
      <div className="field">
        <label>
          Client secret
          <input
            type="password"
            ref={secretRef}
            disabled={!sendsSecret(values.clientAuth)}
            required={needsNewSecret}
            autoComplete="new-password"
            aria-describedby={secretHintId}
          />
        </label>
        <p id={secretHintId} className="field-hint">
          {secretHint(values.clientAuth, editing)}
        </p>
      </div>
      <TextField
        label="Scope (optional)"
        value={values.scope}
        hint="Sent with client_credentials requests. Empty: none."
        onChange={set('scope')}
      />
      <details className="form-more" open={showOptional}>
        <summary>Token checks and extra parameters (optional)</summary>
        <div className="form">
          <p className="admin-note">An empty field means none: empty one to remove it.</p>
          <TextField
            label="Issuer (optional)"
            value={values.issuer}
            hint="Compared exactly with a token's iss, to pick this provider's keys."
            onChange={set('issuer')}
          />
          <TextField
            label="JWKS URL (optional)"
            type="url"
            value={values.jwksUrl}
            onChange={set('jwksUrl')}
          />
          <TextField
            label="Userinfo URL (optional)"
            type="url"
            value={values.userinfoUrl}
            hint="Answers session_version for the break-glass check."
            onChange={set('userinfoUrl')}
          />
          <TextField
            label="PASETO public key (optional)"
            value={values.pasetoPublicKeyHex}
            hint="Ed25519 public key for v4.public tokens, 64 hex digits."
            onChange={set('pasetoPublicKeyHex')}
          />
          <ExtraParamsField value={values.extraParams} onChange={set('extraParams')} />
        </div>
      </details>
      <FormFooter
        error={error}
        busy={action.busy}
        submitLabel={submitLabel}
        busyLabel={busyLabel}
        onCancel={onCancel}
      />
    </form>
  );
}

function ExtraParamsField({ value, onChange }: { value: string; onChange(value: string): void }) {
  const hintId = useId();
  return (
    <div className="field">
      <label>
        Extra parameters (optional)
        <textarea
          value={value}
          rows={3}
          autoComplete="off"
          spellCheck={false}
          aria-describedby={hintId}
          onChange={(event) => onChange(event.target.value)}
        />
      </label>
      <p id={hintId} className="field-hint">
        Form fields sent with every token request, one name=value a line. No secrets: they are
        stored in plain text.
      </p>
    </div>
  );
}
