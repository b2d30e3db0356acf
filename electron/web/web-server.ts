/**
 * Browser mode's server: one vault session, served on 127.0.0.1 to pages that
 * signed in. Routes (after the Host and Origin checks of request-guard.ts,
 * which every request passes first):
 *
 *   POST /session  {"code"}                 -> {"secret"}  (the code works once)
 *   POST /call     a call envelope           -> its result envelope (serveCall)
 *   GET  /events   NDJSON event envelopes, open until the page goes
 *   GET  /...      the built renderer's files (no secret needed: they hold no data)
 *
 * /call and /events need the header `x-credvault-session: <secret>`; without
 * it they answer 403 and read nothing. A refusal's body is
 * `{"error": {kind, message, input}}` (the contract's error shape).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ErrorShape } from '@shared/contract';
import { createHandlerTable } from '../core/api/handler-table';
import type { ConfirmPort } from '../core/api/host-ports';
import { serveCall } from '../core/api/serve-call';
import { VaultError } from '../core/errors';
import type { VaultSession } from '../core/session/session-api';
import { streamEvents } from './event-stream';
import { BodyRefusal, readJsonBody } from './json-body';
import { PageKeys } from './page-keys';
import { checkFetchSite, checkHost, checkOrigin, requestPath, type Refusal } from './request-guard';
import { SECURITY_HEADERS } from './security-headers';
import { StaticFiles } from './static-files';
import { sessionTray } from '../core/session/session-tray';

export const SESSION_HEADER = 'x-credvault-session';

export interface WebServerOptions {
  session: VaultSession;
  /** The built renderer (index.html and its assets). */
  rendererDir: string;
  /** 0: any free port. */
  port: number;
  /** The version `app.info` reports. */
  version: string;
  /** Asks the user before a page adds a path; without it a page cannot add one. */
  confirm?: ConfirmPort;
  /** Called each time a page signs in, with how many have. */
  onSignIn?: (pages: number) => void;
  now?: () => number;
}

export interface WebServer {
  readonly port: number;
  /** A fresh single-use sign-in link: `http://127.0.0.1:PORT/#code=...`. */
  newSignInUrl(): string;
  /** Stops listening and ends every open connection (event streams too). */
  close(): Promise<void>;
}

const API_PATHS: ReadonlySet<string> = new Set(['/session', '/call', '/events']);

const NOT_SIGNED_IN: Refusal = {
  status: 403,
  message:
    'this page has not signed in: open the link `credvault ui` printed (press Enter in its terminal for a new one)',
};
const CODE_REFUSED: Refusal = {
  status: 403,
  message:
    'this sign-in link was already used or has expired: press Enter in the terminal running `credvault ui` for a new one',
};

function kindFor(status: number): ErrorShape['kind'] {
  if (status === 403 || status === 421) return 'forbidden';
  return status >= 500 ? 'internal' : 'bad-input';
}

function sendJson(response: ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value);
  response.writeHead(status, {
    ...SECURITY_HEADERS,
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
  });
  response.end(body);
}

function refuse(response: ServerResponse, refusal: Refusal): void {
  const error: ErrorShape = {
    kind: kindFor(refusal.status),
    message: refusal.message,
    input: null,
  };
  sendJson(response, refusal.status, { error });
}

function methodNotAllowed(response: ServerResponse, allowed: string): void {
  response.setHeader('allow', allowed);
  refuse(response, { status: 405, message: `use ${allowed}` });
}

export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const { session } = options;
  const keys = new PageKeys(options.now);
  const table = createHandlerTable(session, {
    mode: 'browser',
    version: options.version,
    tray: sessionTray(session),
    ...(options.confirm === undefined ? {} : { confirm: options.confirm }),
  });
  const files = new StaticFiles(options.rendererDir);
  let port = options.port;

  const signedIn = (request: IncomingMessage): boolean => {
    const value = request.headers[SESSION_HEADER];
    return keys.isSessionSecret(typeof value === 'string' ? value : undefined);
  };

  async function signIn(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const body = await readJsonBody(request);
    const code =
      body !== null && typeof body === 'object' && Object.hasOwn(body, 'code')
        ? (body as { code: unknown }).code
        : undefined;
    const secret = keys.redeem(code);
    if (secret === null) return refuse(response, CODE_REFUSED);
    sendJson(response, 200, { secret });
    options.onSignIn?.(keys.signedInPages);
  }

  async function call(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const envelope = await readJsonBody(request);
    sendJson(response, 200, await serveCall(table, envelope, { transport: 'web' }));
  }

  async function staticFile(
    request: IncomingMessage,
    response: ServerResponse,
    path: string,
  ): Promise<void> {
    const file = await files.find(path);
    if (file === null) return refuse(response, { status: 404, message: 'no such page' });
    response.writeHead(200, {
      ...SECURITY_HEADERS,
      'content-type': file.contentType,
      'content-length': file.body.length,
    });
    response.end(request.method === 'HEAD' ? undefined : file.body);
  }

  async function route(request: IncomingMessage, response: ServerResponse): Promise<void> {
    // Before anything else, on every request: is it for us, from us?
    const refusal = checkHost(request, port) ?? checkOrigin(request, port);
    if (refusal !== null) return refuse(response, refusal);
    const path = requestPath(request);
    if (path === null) {
      return refuse(response, { status: 400, message: 'not a request for a path' });
    }
    const method = request.method ?? '';
    if (!API_PATHS.has(path)) {
      return method === 'GET' || method === 'HEAD'
        ? staticFile(request, response, path)
        : methodNotAllowed(response, 'GET');
    }

    const apiRefusal =
      checkFetchSite(request) ?? (path === '/session' || signedIn(request) ? null : NOT_SIGNED_IN);
    if (apiRefusal !== null) return refuse(response, apiRefusal);
    switch (path) {
      case '/session':
        return method === 'POST' ? signIn(request, response) : methodNotAllowed(response, 'POST');
      case '/call':
        return method === 'POST' ? call(request, response) : methodNotAllowed(response, 'POST');
      default:
        return method === 'GET'
          ? streamEvents(session, response)
          : methodNotAllowed(response, 'GET');
    }
  }

  const server = createServer(
    // Our own Host check answers every request, a missing Host included.
    { requireHostHeader: false },
    (request, response) => {
      route(request, response).catch((error: unknown) => {
        if (response.headersSent) {
          response.destroy();
        } else if (error instanceof BodyRefusal) {
          refuse(response, error);
        } else {
          // Never the error's own words: they may quote what was sent.
          refuse(response, { status: 500, message: 'the server failed to answer' });
        }
      });
    },
  );

  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'EADDRINUSE'
          ? new VaultError('environment', `port ${options.port} on 127.0.0.1 is already in use`)
          : new VaultError('environment', `could not listen on 127.0.0.1:${options.port}`),
      );
    });
    // 127.0.0.1 only, never 0.0.0.0 or ::: other machines reach it only through
    // a tunnel the user makes (ssh -L).
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;

  let closing: Promise<void> | null = null;
  return {
    port,
    newSignInUrl: () => `http://127.0.0.1:${port}/#code=${keys.issueCode()}`,
    close: () => {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
