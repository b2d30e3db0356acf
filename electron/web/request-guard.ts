/**
 * Who may talk to the browser-mode server at all, decided from the request's
 * headers before anything else is read or served.
 *
 * - `Host` must name this server exactly (`127.0.0.1:PORT` or
 *   `localhost:PORT`), given once. A page on evil.example whose name an
 *   attacker re-points at 127.0.0.1 (DNS rebinding) reaches our socket with
 *   its own name in `Host`, and is refused before it sees a byte.
 * - `Origin`, when a browser sends one (every POST, every cross-origin
 *   fetch), must be this server's own. No CORS headers are ever sent, so a
 *   foreign page's preflight fails too; this check also stops the simple
 *   requests that need no preflight (CSRF).
 * - `Sec-Fetch-Site: cross-site` (sent by current browsers) is refused on
 *   the API (`checkFetchSite`): no call is meant to come from another site.
 *   The page itself may be: following the printed link from a web-based
 *   terminal is a cross-site navigation, and the page holds no data.
 */
import type { IncomingMessage } from 'node:http';

export interface Refusal {
  readonly status: number;
  /** Our own words, never an echo of the request (a header may hold anything). */
  readonly message: string;
}

export function allowedHosts(port: number): ReadonlySet<string> {
  return new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
}

export function allowedOrigins(port: number): ReadonlySet<string> {
  return new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`]);
}

/** Every value a header was given, however many times it was sent. */
function headerValues(request: IncomingMessage, name: string): string[] {
  const values: string[] = [];
  const raw = request.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    if (raw[i]?.toLowerCase() === name) values.push(raw[i + 1] ?? '');
  }
  return values;
}

export function checkHost(request: IncomingMessage, port: number): Refusal | null {
  // Read from the raw headers: Node keeps only the first of several `Host`
  // lines, and a request carrying two is not one we can trust either way.
  const hosts = headerValues(request, 'host');
  if (hosts.length !== 1 || !allowedHosts(port).has((hosts[0] ?? '').toLowerCase())) {
    return {
      status: 421,
      message: `this server answers only to 127.0.0.1:${port} and localhost:${port}`,
    };
  }
  return null;
}

const FROM_ANOTHER_SITE: Refusal = {
  status: 403,
  message: 'requests from other sites are refused',
};

export function checkOrigin(request: IncomingMessage, port: number): Refusal | null {
  const origins = headerValues(request, 'origin');
  if (origins.length > 1 || (origins.length === 1 && !allowedOrigins(port).has(origins[0] ?? ''))) {
    return FROM_ANOTHER_SITE;
  }
  return null;
}

/** For the API: a request the browser says another site made is refused. */
export function checkFetchSite(request: IncomingMessage): Refusal | null {
  const sites = headerValues(request, 'sec-fetch-site');
  return sites.some((site) => site.toLowerCase() === 'cross-site') ? FROM_ANOTHER_SITE : null;
}

/** The request target's path, when it is a plain origin-form path ("/x?y"); null otherwise. */
export function requestPath(request: IncomingMessage): string | null {
  const target = request.url ?? '';
  // Absolute-form ("GET http://evil.example/ HTTP/1.1") and asterisk-form
  // targets are for proxies; this server is not one.
  if (!target.startsWith('/') || target.startsWith('//')) return null;
  const end = target.search(/[?#]/);
  return end === -1 ? target : target.slice(0, end);
}
