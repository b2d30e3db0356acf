/**
 * Which URLs the vault may talk to: HTTPS anywhere, plain HTTP only to this
 * machine (127.0.0.0/8, ::1, localhost), where nothing crosses a network a
 * stranger can read. Applied when a URL is configured and again on every
 * request, so a URL that slipped into a config file by hand is still refused.
 */
import { VaultError } from '../errors';
import { quoteForMessage } from '../text/quote-for-message';

export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  if (host === 'localhost' || host === '[::1]' || host === '::1') return true;
  // The URL parser normalises every IPv4 spelling (hex, octal, short forms)
  // to dotted quads, so this one pattern covers 127.0.0.0/8.
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** True for an `http:` URL to a loopback host: the only case that may skip TLS. */
export function isLoopbackHttp(url: URL): boolean {
  return url.protocol === 'http:' && isLoopbackHost(url.hostname);
}

/**
 * Parses `raw` and checks it against the policy; throws a bad-input error
 * naming `what`. A URL is configuration, not a secret, but user info
 * (`user:pass@`) would put a password in a config file, so it is refused.
 */
export function checkServerUrl(raw: string, what: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new VaultError('bad-input', `${what} ${quoteForMessage(raw)} is not a valid URL`);
  }
  if (url.username !== '' || url.password !== '') {
    throw new VaultError(
      'bad-input',
      `${what} must not contain a user name or password (give secrets on standard input)`,
    );
  }
  if (url.protocol === 'https:') return url;
  if (url.protocol === 'http:') {
    if (isLoopbackHost(url.hostname)) return url;
    throw new VaultError(
      'bad-input',
      `${what} ${describeUrl(url)} uses plain http to a host that is not this machine; only https is allowed there`,
    );
  }
  throw new VaultError('bad-input', `${what} ${quoteForMessage(raw)} must be an https:// URL`);
}

/**
 * A URL as error messages show it: origin and path only. The query and
 * fragment are dropped because some servers put codes or keys there.
 */
export function describeUrl(url: URL | string): string {
  try {
    const parsed = typeof url === 'string' ? new URL(url) : url;
    return quoteForMessage(`${parsed.origin}${parsed.pathname}`, 200).slice(1, -1);
  } catch {
    return '(invalid URL)';
  }
}
