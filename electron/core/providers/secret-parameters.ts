/**
 * Form and query parameters that carry secrets. A provider's configuration
 * is plain text on disk, listed freely and typed as command-line arguments
 * (which every user of the machine sees in the process list): a secret given
 * as an extra parameter or inside a URL's query would end up in all three.
 * Secrets go on standard input only, into the secret store.
 */
import { VaultError } from '../errors';
import { quoteForMessage } from '../text/quote-for-message';

/** Lowercase: names are compared case-insensitively, as servers tend to. */
const SECRET_PARAMETER_NAMES = new Set([
  'client_secret',
  'password',
  'refresh_token',
  'access_token',
  'assertion',
  'client_assertion',
  'code_verifier',
]);

export function isSecretParameterName(name: string): boolean {
  return SECRET_PARAMETER_NAMES.has(name.toLowerCase());
}

/** Where to put the secret instead: Credvault reads secrets only from standard input. */
function stdinAlternative(name: string): string {
  return name.toLowerCase() === 'client_secret'
    ? 'give the client secret on standard input with --client-secret-stdin'
    : 'Credvault takes secrets only on standard input (the client secret with --client-secret-stdin, tokens with credvault bearers put)';
}

/** Refuses an extra form parameter that would carry a secret; names it, never its value. */
export function refuseSecretParameter(name: string): void {
  if (!isSecretParameterName(name)) return;
  throw new VaultError(
    'bad-input',
    `extra parameter ${quoteForMessage(name)} would carry a secret in providers.json and on the command line; ${stdinAlternative(name)}`,
  );
}

/** The query of `raw` (between `?` and `#`), or null when it has none. */
function queryOf(raw: string): string | null {
  const beforeHash = raw.split('#', 1)[0] ?? '';
  const at = beforeHash.indexOf('?');
  return at === -1 ? null : beforeHash.slice(at + 1);
}

function decodedName(part: string): string {
  const raw = part.split('=', 1)[0] ?? '';
  try {
    return decodeURIComponent(raw.replace(/\+/g, ' '));
  } catch {
    return raw;
  }
}

/**
 * Refuses a URL whose query carries a secret parameter (`&` and the older
 * `;` both separate parameters, names are percent-decoded). Checked on the
 * raw text, before any parsing that could fail and quote it.
 */
export function refuseSecretInQuery(raw: string, what: string): void {
  const query = queryOf(raw);
  if (query === null) return;
  for (const part of query.split(/[&;]/)) {
    const name = decodedName(part);
    if (!isSecretParameterName(name)) continue;
    throw new VaultError(
      'bad-input',
      `${what} carries ${quoteForMessage(name.toLowerCase())} in its query; a URL is stored and shown in plain text, so ${stdinAlternative(name)}`,
    );
  }
}

/**
 * A URL as listings show it: parameter names kept, every value (and any
 * fragment) replaced by `…`, e.g. `https://a.example/token?tenant=…`.
 * Whatever the query holds, none of it is printed.
 */
export function elideQueryValues(raw: string): string {
  const hashAt = raw.indexOf('#');
  const beforeHash = hashAt === -1 ? raw : raw.slice(0, hashAt);
  const fragment = hashAt === -1 ? '' : '#…';
  const queryAt = beforeHash.indexOf('?');
  if (queryAt === -1) return beforeHash + fragment;
  const parts = beforeHash
    .slice(queryAt + 1)
    .split(/[&;]/)
    .filter((part) => part !== '')
    // A part without `=` is all value: nothing of it is shown.
    .map((part) => (part.includes('=') ? `${part.slice(0, part.indexOf('='))}=…` : '…'));
  return `${beforeHash.slice(0, queryAt)}?${parts.join('&')}${fragment}`;
}
