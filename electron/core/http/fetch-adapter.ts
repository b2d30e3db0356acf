/**
 * Lets libraries that take a `fetch` (oauth4webapi's and jose's customFetch)
 * go through the vault's HttpClient, so their requests obey the same URL
 * policy, timeout, size cap and no-redirect rule as ours.
 */
import { VaultError } from '../errors';
import type { HttpClient } from './http-client';

export interface FetchLikeInit {
  method?: string;
  headers?: ConstructorParameters<typeof Headers>[0];
  body?: unknown;
  signal?: AbortSignal | null;
}

export type FetchLike = (url: string, init: FetchLikeInit) => Promise<Response>;

/** Statuses whose Response must not carry a body (the constructor throws otherwise). */
const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);

function bodyText(body: unknown): string | undefined {
  if (body === undefined || body === null) return undefined;
  if (typeof body === 'string') return body;
  if (body instanceof URLSearchParams) return body.toString();
  throw new VaultError(
    'environment',
    'an HTTP library asked to send a body of an unsupported type',
  );
}

export function fetchThrough(http: HttpClient): FetchLike {
  return async (url, init) => {
    const method = (init.method ?? 'GET').toUpperCase();
    if (method !== 'GET' && method !== 'POST') {
      throw new VaultError(
        'environment',
        `an HTTP library asked for an unsupported method ${method.slice(0, 10)}`,
      );
    }
    const response = await http.send({
      method,
      url,
      headers: Object.fromEntries(new Headers(init.headers ?? {}).entries()),
      body: bodyText(init.body),
      ...(init.signal ? { signal: init.signal } : {}),
    });
    const status = response.status;
    // Our client already decoded any content-encoding; the copy must not claim it again.
    const headers = new Headers(response.headers);
    headers.delete('content-encoding');
    headers.delete('content-length');
    return new Response(NULL_BODY_STATUSES.has(status) ? null : response.body, { status, headers });
  };
}
