/**
 * The provider form's text fields and what they mean to the vault: a new
 * provider's config (add), or the fields that changed (edit: only those are
 * sent, so an edit never writes back what someone else changed meanwhile).
 * An optional field left empty means "none" (null), which is how the user
 * clears it. The client secret is not here: it never comes back to the form.
 */
import type { ProviderAdd, ProviderEdit, ProviderInfo } from '../../stores/providers-slice';

export const AUTH_METHODS = ['client_secret_post', 'client_secret_basic', 'none'] as const;
export type AuthMethod = (typeof AUTH_METHODS)[number];

export type ProviderConfig = ProviderAdd['provider'];
export type ProviderChanges = ProviderEdit['changes'];

export interface ProviderFormValues {
  name: string;
  tokenUrl: string;
  clientId: string;
  clientAuth: AuthMethod;
  scope: string;
  issuer: string;
  jwksUrl: string;
  userinfoUrl: string;
  pasetoPublicKeyHex: string;
  /** One `name=value` a line. */
  extraParams: string;
}

/** A form field's value is wrong; `field` is its label, for the message. */
export class ProviderFormError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
  }
}

export const EMPTY_VALUES: ProviderFormValues = {
  name: '',
  tokenUrl: '',
  clientId: '',
  clientAuth: 'client_secret_post',
  scope: '',
  issuer: '',
  jwksUrl: '',
  userinfoUrl: '',
  pasetoPublicKeyHex: '',
  extraParams: '',
};

export function valuesOf(provider: ProviderInfo): ProviderFormValues {
  return {
    name: provider.name,
    tokenUrl: provider.tokenUrl,
    clientId: provider.clientId,
    clientAuth: provider.clientAuth,
    scope: provider.scope ?? '',
    issuer: provider.issuer ?? '',
    jwksUrl: provider.jwksUrl ?? '',
    userinfoUrl: provider.userinfoUrl ?? '',
    pasetoPublicKeyHex: provider.pasetoPublicKeyHex ?? '',
    extraParams: Object.entries(provider.extraParams)
      .map(([key, value]) => `${key}=${value}`)
      .join('\n'),
  };
}

const orNull = (text: string) => (text.trim() === '' ? null : text.trim());

/** `name=value` lines; blank lines are skipped, a name may appear once. */
export function parseExtraParams(text: string): Record<string, string> {
  const params: Record<string, string> = {};
  text.split('\n').forEach((raw, index) => {
    const line = raw.trim();
    if (line === '') return;
    const equals = line.indexOf('=');
    const key = equals < 0 ? line : line.slice(0, equals).trim();
    if (equals <= 0 || key === '')
      throw new ProviderFormError('Extra parameters', `line ${index + 1} is not name=value`);
    if (Object.hasOwn(params, key))
      throw new ProviderFormError('Extra parameters', `${key} is given twice`);
    params[key] = line.slice(equals + 1).trim();
  });
  return params;
}

/** What is wrong with the form's values before the vault sees them, or null. */
export function formProblem(values: ProviderFormValues): string | null {
  try {
    parseExtraParams(values.extraParams);
    return null;
  } catch (error) {
    if (error instanceof ProviderFormError) return error.message;
    throw error;
  }
}

/** The whole config the form describes (the vault checks it again). */
export function configOf(values: ProviderFormValues): ProviderConfig {
  return {
    name: values.name.trim(),
    tokenUrl: values.tokenUrl.trim(),
    clientId: values.clientId.trim(),
    clientAuth: values.clientAuth,
    scope: orNull(values.scope),
    extraParams: parseExtraParams(values.extraParams),
    issuer: orNull(values.issuer),
    jwksUrl: orNull(values.jwksUrl),
    pasetoPublicKeyHex: orNull(values.pasetoPublicKeyHex),
    userinfoUrl: orNull(values.userinfoUrl),
  };
}

const sameParams = (a: Record<string, string>, b: Record<string, string>) =>
  Object.keys(a).length === Object.keys(b).length &&
  Object.entries(a).every(([key, value]) => Object.hasOwn(b, key) && b[key] === value);

/** The fields the form changed against `provider` (a cleared optional field is `null`). */
export function changesOf(provider: ProviderInfo, values: ProviderFormValues): ProviderChanges {
  const next: ProviderChanges = configOf(values);
  const changes: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(next) as [keyof ProviderChanges, unknown][]) {
    if ((key as string) === 'name') continue;
    const before = provider[key];
    const same =
      key === 'extraParams'
        ? sameParams(before as Record<string, string>, value as Record<string, string>)
        : before === value;
    if (!same) changes[key] = value;
  }
  return changes as ProviderChanges;
}

/** Whether this client authentication sends a secret to the token endpoint. */
export const sendsSecret = (auth: AuthMethod) => auth !== 'none';
