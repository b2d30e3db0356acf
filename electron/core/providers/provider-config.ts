/**
 * What a provider is: where its token endpoint is, who we are to it, and
 * where its keys and userinfo live. Never the client secret: that lives in
 * the secret store (secret-store.ts), so this object can be listed, logged
 * and sent to a renderer as it is.
 *
 * `checkProviderConfig` is the one place the rules live; the store applies it
 * to what it reads too, so a hand-edited providers.json gets the same checks.
 */
import { z } from 'zod';
import { VaultError } from '../errors';
import { checkServerUrl } from '../http/url-policy';
import { quoteForMessage } from '../text/quote-for-message';
import { checkProviderName } from './provider-name';
import { elideQueryValues, refuseSecretInQuery, refuseSecretParameter } from './secret-parameters';

export const CLIENT_AUTH_METHODS = ['client_secret_post', 'client_secret_basic', 'none'] as const;
export type ClientAuthMethod = (typeof CLIENT_AUTH_METHODS)[number];

export interface ProviderConfig {
  name: string;
  tokenUrl: string;
  clientId: string;
  clientAuth: ClientAuthMethod;
  /** Sent with client_credentials requests. */
  scope: string | null;
  /** Extra form fields for every token request (the seed wants provider=client_credentials). */
  extraParams: Record<string, string>;
  /** Compared exactly with a token's `iss` to pick this provider's keys. */
  issuer: string | null;
  jwksUrl: string | null;
  /** Ed25519 public key for PASETO v4.public, 64 hex digits. */
  pasetoPublicKeyHex: string | null;
  /** Answers `session_version` for the break-glass check. */
  userinfoUrl: string | null;
}

/** Form fields the grant itself owns: an extra param may not override them. */
const RESERVED_PARAMS = new Set([
  'grant_type',
  'client_id',
  'client_secret',
  'client_assertion',
  'client_assertion_type',
  'refresh_token',
  'scope',
  'code',
  'redirect_uri',
  'code_verifier',
]);

const PARAM_NAME = /^[A-Za-z0-9_.:-]{1,64}$/;
// No control characters (C0, DEL, C1): nothing that can forge terminal output.
const PRINTABLE = /^\P{Cc}*$/u;

function checkText(value: string, what: string, maxChars: number, allowEmpty = false): string {
  if (!allowEmpty && value.length === 0)
    throw new VaultError('bad-input', `${what} must not be empty`);
  if (value.length > maxChars)
    throw new VaultError('bad-input', `${what} is longer than ${maxChars} characters`);
  if (!PRINTABLE.test(value)) throw new VaultError('bad-input', `${what} holds control characters`);
  return value;
}

export function checkExtraParams(params: Record<string, string>): Record<string, string> {
  const checked: Record<string, string> = {};
  for (const [key, value] of Object.entries(params)) {
    // First: a secret's name must be refused as such, with where the secret goes instead.
    refuseSecretParameter(key);
    if (!PARAM_NAME.test(key)) {
      throw new VaultError(
        'bad-input',
        `extra parameter name ${quoteForMessage(key)} is invalid (letters, digits, "_", ".", ":", "-")`,
      );
    }
    if (RESERVED_PARAMS.has(key)) {
      throw new VaultError(
        'bad-input',
        `extra parameter ${quoteForMessage(key)} is set by the grant itself and cannot be overridden`,
      );
    }
    checked[key] = checkText(value, `extra parameter ${quoteForMessage(key)}`, 1024, true);
  }
  return checked;
}

/** The URL without query or fragment, for messages: some put secrets there. */
function withoutQuery(raw: string): string {
  return raw.split(/[?#]/, 1)[0] ?? '';
}

function checkIssuer(issuer: string): string {
  checkText(issuer, 'issuer', 2048);
  refuseSecretInQuery(issuer, 'issuer');
  try {
    new URL(issuer);
  } catch {
    throw new VaultError(
      'bad-input',
      `issuer ${quoteForMessage(withoutQuery(issuer))} is not a URL`,
    );
  }
  // Kept exactly as given: `iss` is compared as a string, and URL parsing
  // would add a trailing slash the tokens do not carry.
  return issuer;
}

function checkPasetoKey(hex: string): string {
  if (!/^[0-9a-fA-F]{64}$/.test(hex)) {
    throw new VaultError(
      'bad-input',
      'PASETO public key must be 64 hex digits (a 32-byte Ed25519 key)',
    );
  }
  return hex.toLowerCase();
}

function checkUrl(raw: string, what: string): string {
  checkText(raw, what, 2048);
  refuseSecretInQuery(raw, what);
  try {
    new URL(raw);
  } catch {
    throw new VaultError(
      'bad-input',
      `${what} ${quoteForMessage(withoutQuery(raw))} is not a valid URL`,
    );
  }
  checkServerUrl(raw, what);
  return raw;
}

/** Checks every field; returns a normalised copy or throws bad-input naming the field. */
export function checkProviderConfig(input: ProviderConfig): ProviderConfig {
  const clientAuth = input.clientAuth;
  if (!(CLIENT_AUTH_METHODS as readonly string[]).includes(clientAuth)) {
    throw new VaultError(
      'bad-input',
      `client authentication ${quoteForMessage(String(clientAuth))} is not one of ${CLIENT_AUTH_METHODS.join(', ')}`,
    );
  }
  return {
    name: checkProviderName(input.name),
    tokenUrl: checkUrl(input.tokenUrl, 'token URL'),
    clientId: checkText(input.clientId, 'client id', 512),
    clientAuth,
    scope: input.scope === null ? null : checkText(input.scope, 'scope', 2048),
    extraParams: checkExtraParams(input.extraParams),
    issuer: input.issuer === null ? null : checkIssuer(input.issuer),
    jwksUrl: input.jwksUrl === null ? null : checkUrl(input.jwksUrl, 'JWKS URL'),
    pasetoPublicKeyHex:
      input.pasetoPublicKeyHex === null ? null : checkPasetoKey(input.pasetoPublicKeyHex),
    userinfoUrl: input.userinfoUrl === null ? null : checkUrl(input.userinfoUrl, 'userinfo URL'),
  };
}

/**
 * The config as a listing shows it: every URL with its query values elided.
 * Checks keep secret parameter names out of URLs, but a query may hold other
 * codes or keys a server put there, and a listing is read over shoulders.
 */
export function listedProviderConfig(config: ProviderConfig): ProviderConfig {
  const elide = (url: string | null) => (url === null ? null : elideQueryValues(url));
  return {
    ...config,
    tokenUrl: elideQueryValues(config.tokenUrl),
    issuer: elide(config.issuer),
    jwksUrl: elide(config.jwksUrl),
    userinfoUrl: elide(config.userinfoUrl),
  };
}

/** Whether this provider's client authentication sends a secret. */
export function needsClientSecret(config: Pick<ProviderConfig, 'clientAuth'>): boolean {
  return config.clientAuth !== 'none';
}

/** The on-disk shape of one provider (snake_case, like every file the vault writes). */
export const providerFileEntrySchema = z.object({
  token_url: z.string(),
  client_id: z.string(),
  client_auth: z.enum(CLIENT_AUTH_METHODS),
  scope: z.string().nullable().default(null),
  extra_params: z.record(z.string(), z.string()).default({}),
  issuer: z.string().nullable().default(null),
  jwks_url: z.string().nullable().default(null),
  paseto_public_key: z.string().nullable().default(null),
  userinfo_url: z.string().nullable().default(null),
});
export type ProviderFileEntry = z.infer<typeof providerFileEntrySchema>;

export function toFileEntry(config: ProviderConfig): ProviderFileEntry {
  return {
    token_url: config.tokenUrl,
    client_id: config.clientId,
    client_auth: config.clientAuth,
    scope: config.scope,
    extra_params: config.extraParams,
    issuer: config.issuer,
    jwks_url: config.jwksUrl,
    paseto_public_key: config.pasetoPublicKeyHex,
    userinfo_url: config.userinfoUrl,
  };
}

export function fromFileEntry(name: string, entry: ProviderFileEntry): ProviderConfig {
  return checkProviderConfig({
    name,
    tokenUrl: entry.token_url,
    clientId: entry.client_id,
    clientAuth: entry.client_auth,
    scope: entry.scope,
    extraParams: entry.extra_params,
    issuer: entry.issuer,
    jwksUrl: entry.jwks_url,
    pasetoPublicKeyHex: entry.paseto_public_key,
    userinfoUrl: entry.userinfo_url,
  });
}
