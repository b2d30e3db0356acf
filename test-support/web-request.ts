/**
 * Raw HTTP to the browser-mode server, as a browser or an attacker would send
 * it: node:http, because fetch will not let a caller set (or leave out) the
 * Host header, and sends paths only after normalising away `..`.
 */
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { connect } from 'node:net';

export interface WebRequest {
  method?: string;
  path?: string;
  /** Host header: a value, or null to send none (default: 127.0.0.1:PORT). */
  host?: string | null;
  headers?: Record<string, string | string[]>;
  body?: unknown;
}

export interface WebResponse {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
}

export function webRequest(port: number, options: WebRequest = {}): Promise<WebResponse> {
  const body =
    options.body === undefined
      ? undefined
      : typeof options.body === 'string'
        ? options.body
        : JSON.stringify(options.body);
  const headers: Record<string, string | string[]> = {
    ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    ...options.headers,
  };
  const host = options.host === undefined ? `127.0.0.1:${port}` : options.host;
  if (host !== null) headers.host = host;
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port,
        method: options.method ?? (body === undefined ? 'GET' : 'POST'),
        path: options.path ?? '/',
        headers,
        setHost: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            text: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** Opens GET /events and hands each parsed line to `onEnvelope`; returns a closer. */
export function openEventStream(
  port: number,
  secret: string,
  onEnvelope: (envelope: unknown) => void,
): Promise<{ status: number; close(): void }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port,
        path: '/events',
        headers: { 'x-credvault-session': secret },
      },
      (res) => {
        let buffered = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          buffered += chunk;
          let newline = buffered.indexOf('\n');
          while (newline !== -1) {
            const line = buffered.slice(0, newline).trim();
            buffered = buffered.slice(newline + 1);
            if (line !== '') onEnvelope(JSON.parse(line));
            newline = buffered.indexOf('\n');
          }
        });
        res.on('error', () => {});
        resolve({ status: res.statusCode ?? 0, close: () => req.destroy() });
      },
    );
    req.on('error', (error) => reject(error));
    req.end();
  });
}

/** Sends `text` as it is on a fresh connection and returns the whole answer (head and body). */
export function rawRequest(port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.end(text));
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    socket.on('error', reject);
  });
}
