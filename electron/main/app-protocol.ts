/**
 * The `app://credvault/` scheme the window loads the renderer from, not
 * `file://`: a file URL page could read any file its path can name and
 * shares one origin with every other file, while this scheme serves only
 * the built renderer's folder, under its own origin (which the IPC sender
 * check names), with the strict CSP on every answer.
 *
 * A request path is taken apart segment by segment and each one decoded
 * and judged alone, so `..`, an encoded `%2e%2e` or `%2f`, a backslash or a
 * NUL never reach the file system; the file found must still be inside the
 * folder once symlinks are resolved.
 */
import { readFile, realpath, stat } from 'node:fs/promises';
import { extname, join, sep } from 'node:path';
import { CONTENT_SECURITY_POLICY } from '@shared/csp';

export const APP_SCHEME = 'app';
export const APP_HOST = 'credvault';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/**
 * For protocol.registerSchemesAsPrivileged, before the app is ready:
 * standard (relative URLs, an origin of its own), secure (a secure
 * context), and fetch/CORS support so module scripts load.
 */
export const APP_SCHEME_PRIVILEGES = {
  standard: true,
  secure: true,
  supportFetchAPI: true,
  corsEnabled: true,
} as const;

export { CONTENT_SECURITY_POLICY };

const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'cache-control': 'no-store',
};

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
};

/** What protocol.handle passes: the members of a fetch Request used here. */
export interface AppRequest {
  readonly url: string;
  readonly method: string;
}

function answer(status: number, body: string | Uint8Array, type: string): Response {
  return new Response(body, {
    status,
    headers: { ...SECURITY_HEADERS, 'content-type': type },
  });
}

const notFound = () => answer(404, 'not found', 'text/plain; charset=utf-8');

/** The path's segments, decoded, or null when any could step outside the folder. */
export function safeSegments(pathname: string): string[] | null {
  const raw = pathname.replace(/^\/+/, '');
  if (raw === '') return ['index.html'];
  const segments: string[] = [];
  for (const encoded of raw.split('/')) {
    let segment: string;
    try {
      segment = decodeURIComponent(encoded);
    } catch {
      return null;
    }
    if (segment === '' || segment === '.' || segment === '..') return null;
    if (/[/\\\0:]/.test(segment)) return null;
    segments.push(segment);
  }
  return segments;
}

function inside(folder: string, path: string): boolean {
  return path.startsWith(folder.endsWith(sep) ? folder : folder + sep);
}

/** The handler for protocol.handle(APP_SCHEME, ...), serving `rendererDir`. */
export function createAppProtocolHandler(
  rendererDir: string,
): (request: AppRequest) => Promise<Response> {
  return async (request) => {
    try {
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        return answer(405, 'method not allowed', 'text/plain; charset=utf-8');
      }
      const url = new URL(request.url);
      if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return notFound();
      const segments = safeSegments(url.pathname);
      if (segments === null) return notFound();
      const root = await realpath(rendererDir);
      const file = await realpath(join(root, ...segments));
      if (!inside(root, file) || !(await stat(file)).isFile()) return notFound();
      const type = CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
      return answer(200, await readFile(file), type);
    } catch {
      // No such file, unreadable, a malformed URL: all the same to the page.
      return notFound();
    }
  };
}
