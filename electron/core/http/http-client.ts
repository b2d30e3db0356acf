/**
 * The vault's one way out to the network (the `HttpClient` port), with the
 * same rules for every request: the URL policy (url-policy.ts), one timeout
 * covering connect, headers and body, a cap on the response size, and no
 * redirects followed (a 3xx comes back as it is, for the caller to refuse).
 * Errors are NetworkErrors built from our own words: never a body, never a
 * header, never the library's message.
 */
import { NetworkError } from './network-error';
import { checkServerUrl, describeUrl } from './url-policy';

export const DEFAULT_HTTP_TIMEOUT_MS = 10_000;
export const DEFAULT_MAX_RESPONSE_BYTES = 1024 * 1024;

export interface HttpRequest {
  method: 'GET' | 'POST';
  url: string;
  headers?: Record<string, string>;
  body?: string;
  /** The caller's own cancellation, on top of the client's timeout. */
  signal?: AbortSignal;
}

export interface HttpResponse {
  status: number;
  headers: Headers;
  body: Uint8Array;
}

export interface HttpClient {
  /** The timeout every request gets; JWKS fetches use it too. */
  readonly timeoutMs: number;
  send(request: HttpRequest): Promise<HttpResponse>;
}

export interface HttpClientOptions {
  timeoutMs?: number;
  maxResponseBytes?: number;
  /** The transport; tests may inject one. */
  fetch?: typeof globalThis.fetch;
}

const TRANSPORT_CODES: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host name lookup failed',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ETIMEDOUT: 'connection timed out',
  EPIPE: 'connection closed',
  UND_ERR_SOCKET: 'connection closed by the server',
  UND_ERR_CONNECT_TIMEOUT: 'connection timed out',
  UND_ERR_HEADERS_TIMEOUT: 'no answer',
  UND_ERR_BODY_TIMEOUT: 'answer stalled',
};

/** A short, content-free reason for a transport failure: an error code, never a message. */
function transportReason(error: unknown): string {
  let current: unknown = error;
  for (let depth = 0; current && typeof current === 'object' && depth < 5; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && /^[A-Z0-9_]{2,40}$/.test(code)) {
      if (TRANSPORT_CODES[code]) return TRANSPORT_CODES[code];
      if (
        code.startsWith('CERT_') ||
        code.includes('CERT') ||
        code.startsWith('ERR_TLS') ||
        code.startsWith('ERR_SSL')
      ) {
        return `TLS failure (${code})`;
      }
      return code;
    }
    const nested = (current as { errors?: unknown[] }).errors;
    current =
      Array.isArray(nested) && nested.length > 0
        ? nested[0]
        : (current as { cause?: unknown }).cause;
  }
  return 'connection failed';
}

function formatSeconds(ms: number): string {
  return `${(ms / 1000).toFixed(ms < 1000 ? 2 : 1)} s`;
}

async function readCappedBody(
  response: Response,
  maxBytes: number,
  where: string,
): Promise<Uint8Array> {
  const tooLarge = () =>
    new NetworkError(
      'too-large',
      `${where} answered with more than ${Math.round(maxBytes / 1024)} KiB; refused`,
      {
        status: response.status,
      },
    );
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel().catch(() => {});
    throw tooLarge();
  }
  if (response.body === null) return new Uint8Array(0);
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => {});
      throw tooLarge();
    }
    chunks.push(value);
  }
  const body = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}

export function createHttpClient(options: HttpClientOptions = {}): HttpClient {
  const timeoutMs = options.timeoutMs ?? DEFAULT_HTTP_TIMEOUT_MS;
  const maxBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  const fetchImpl = options.fetch ?? globalThis.fetch;
  return {
    timeoutMs,
    async send(request: HttpRequest): Promise<HttpResponse> {
      const url = checkServerUrl(request.url, 'request URL');
      const where = describeUrl(url);
      const timer = new AbortController();
      const handle = setTimeout(() => timer.abort(), timeoutMs);
      const signal = request.signal
        ? AbortSignal.any([timer.signal, request.signal])
        : timer.signal;
      try {
        const response = await fetchImpl(url, {
          method: request.method,
          headers: request.headers,
          body: request.body,
          // Never follow: a redirect could lead a token request, with its
          // client secret, somewhere the user never configured.
          redirect: 'manual',
          signal,
        });
        const body = await readCappedBody(response, maxBytes, where);
        return { status: response.status, headers: response.headers, body };
      } catch (error) {
        if (error instanceof NetworkError) throw error;
        if (timer.signal.aborted) {
          throw new NetworkError(
            'timeout',
            `${where} did not answer within ${formatSeconds(timeoutMs)}`,
          );
        }
        if (request.signal?.aborted) {
          throw new NetworkError('timeout', `request to ${where} was cancelled`);
        }
        throw new NetworkError('transport', `cannot reach ${where}: ${transportReason(error)}`);
      } finally {
        clearTimeout(handle);
      }
    },
  };
}
