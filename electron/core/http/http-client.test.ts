import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rejectionOf } from '../../../test-support/leak-marker';
import { VaultError } from '../errors';
import { fetchThrough } from './fetch-adapter';
import { createHttpClient } from './http-client';
import { NetworkError } from './network-error';
import { checkServerUrl, isLoopbackHost } from './url-policy';

let base = '';
let hits = 0;
const server = createServer((req: IncomingMessage, res: ServerResponse) => {
  hits++;
  const path = req.url ?? '/';
  if (path === '/ok') return res.end('{"ok":true}');
  if (path === '/big') return res.end(Buffer.alloc(2 * 1024 * 1024, 0x61));
  if (path === '/big-chunked') {
    // No content-length: the cap must hold while streaming.
    res.writeHead(200, { 'transfer-encoding': 'chunked' });
    for (let i = 0; i < 40; i++) res.write(Buffer.alloc(64 * 1024, 0x62));
    return res.end();
  }
  if (path === '/redirect') {
    res.writeHead(302, { location: '/ok' });
    return res.end();
  }
  if (path === '/slow-body') {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.write('{"partial":');
    return; // the body never ends
  }
  // /stall: never answers
});

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe('URL policy', () => {
  it('allows https anywhere and plain http only to loopback hosts', () => {
    for (const url of [
      'https://example.com/token',
      'http://127.0.0.1:8080/t',
      'http://127.9.8.7/',
      'http://localhost:1/',
      'http://[::1]:9/x',
    ]) {
      expect(() => checkServerUrl(url, 'token URL'), url).not.toThrow();
    }
    for (const url of [
      'http://example.com/token',
      'http://10.0.0.1/',
      'http://128.0.0.1/',
      'http://localhost.example.com/',
      'ftp://127.0.0.1/',
    ]) {
      expect(() => checkServerUrl(url, 'token URL'), url).toThrowError(VaultError);
    }
    expect(isLoopbackHost('127.0.0.1')).toBe(true);
    // Other IPv4 spellings of loopback are normalised by the URL parser first.
    expect(new URL('http://0x7f.1/').hostname).toBe('127.0.0.1');
  });

  it('refuses user info in a URL without echoing it', () => {
    const error = (() => {
      try {
        checkServerUrl('https://user:LEAKMARK-pw@example.com/', 'token URL');
      } catch (e) {
        return e as Error;
      }
      throw new Error('expected a refusal');
    })();
    expect(error.message).toMatch(/must not contain a user name or password/);
    expect(error.message).not.toContain('LEAKMARK');
  });

  it('refuses plain http to a non-loopback host before any connection is made', async () => {
    let called = false;
    const http = createHttpClient({
      fetch: (async () => {
        called = true;
        return new Response('{}');
      }) as typeof fetch,
    });
    const error = await rejectionOf(http.send({ method: 'GET', url: 'http://example.com/jwks' }));
    expect(error).toBeInstanceOf(VaultError);
    expect((error as VaultError).kind).toBe('bad-input');
    expect(error.message).toMatch(/plain http to a host that is not this machine/);
    expect(called).toBe(false);
  });
});

describe('HTTP client', () => {
  it('returns status, headers and body', async () => {
    const response = await createHttpClient().send({ method: 'GET', url: `${base}/ok` });
    expect(response.status).toBe(200);
    expect(new TextDecoder().decode(response.body)).toBe('{"ok":true}');
  });

  it('times out a server that never answers, within the configured time', async () => {
    const started = Date.now();
    const error = await rejectionOf(
      createHttpClient({ timeoutMs: 300 }).send({
        method: 'POST',
        url: `${base}/stall`,
        body: 'x=1',
      }),
    );
    expect(Date.now() - started).toBeLessThan(2000);
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as NetworkError).failure).toBe('timeout');
    expect(error.message).toMatch(/did not answer within 0\.30 s/);
  });

  it('times out a body that stops half way (the timeout covers the body too)', async () => {
    const error = await rejectionOf(
      createHttpClient({ timeoutMs: 300 }).send({ method: 'GET', url: `${base}/slow-body` }),
    );
    expect((error as NetworkError).failure).toBe('timeout');
  });

  it('caps the response size, declared or streamed', async () => {
    const http = createHttpClient({ maxResponseBytes: 1024 * 1024 });
    for (const path of ['/big', '/big-chunked']) {
      const error = await rejectionOf(http.send({ method: 'GET', url: `${base}${path}` }));
      expect((error as NetworkError).failure, path).toBe('too-large');
    }
  });

  it('never follows a redirect: the 3xx comes back as it is', async () => {
    const before = hits;
    const response = await createHttpClient().send({ method: 'GET', url: `${base}/redirect` });
    expect(response.status).toBe(302);
    expect(hits - before).toBe(1);
  });

  it('reports a refused connection as a transport failure naming the URL, not a library message', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const error = await rejectionOf(
      createHttpClient().send({ method: 'GET', url: `http://127.0.0.1:${port}/x?code=abc` }),
    );
    expect((error as NetworkError).failure).toBe('transport');
    expect(error.message).toBe(`cannot reach http://127.0.0.1:${port}/x: connection refused`);
    expect(error.cause).toBeUndefined();
  });

  it('serves fetch-style callers (oauth4webapi, jose) through the same rules', async () => {
    const fetchLike = fetchThrough(createHttpClient({ timeoutMs: 300 }));
    const ok = await fetchLike(`${base}/ok`, {
      method: 'GET',
      headers: new Headers({ accept: 'application/json' }),
    });
    expect(await ok.json()).toEqual({ ok: true });
    expect((await fetchLike(`${base}/redirect`, { method: 'GET' })).status).toBe(302);
    await expect(fetchLike('http://example.com/', { method: 'GET' })).rejects.toThrowError(
      /plain http/,
    );
    await expect(
      fetchLike(`${base}/stall`, { method: 'POST', body: new URLSearchParams({ a: 'b' }) }),
    ).rejects.toThrowError(/did not answer/);
  });
});
