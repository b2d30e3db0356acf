/**
 * Browser mode's server over real HTTP on 127.0.0.1 and a real vault session
 * on a temp home: who gets in (Host, Origin, the single-use code, the session
 * secret), what comes out (calls, the event stream, the renderer's files and
 * nothing beside them), and the headers on all of it.
 */
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { markedSecret } from '../../test-support/leak-marker';
import { makeTempDir } from '../../test-support/temp-dir';
import {
  openEventStream,
  rawRequest,
  webRequest,
  type WebResponse,
} from '../../test-support/web-request';
import { openVault } from '../core/session/open-vault';
import { CODE_LIFETIME_MS } from './page-keys';
import { CONTENT_SECURITY_POLICY } from './security-headers';
import { startWebServer, type WebServer } from './web-server';

const OUTSIDE = 'OUTSIDE-THE-RENDERER-FOLDER';
const PAGE =
  '<!doctype html><title>Credvault</title><script type="module" src="/assets/app.js"></script>';

interface Served {
  server: WebServer;
  port: number;
  root: string;
  token: string;
  advance(ms: number): void;
}

async function serve(): Promise<Served> {
  const home = makeTempDir();
  const rendererDir = join(home, 'renderer');
  mkdirSync(join(rendererDir, 'assets'), { recursive: true });
  writeFileSync(join(rendererDir, 'index.html'), PAGE);
  writeFileSync(join(rendererDir, 'assets', 'app.js'), 'export {};');
  writeFileSync(join(home, 'outside.txt'), OUTSIDE);
  symlinkSync(join(home, 'outside.txt'), join(rendererDir, 'assets', 'link.js'));

  let offsetMs = 0;
  const session = await openVault(home);
  const root = join(home, 'bearers');
  const token = markedSecret('access-token');
  await session.putBearer({
    ref: { root, id: 'agent-a' },
    record: { accessToken: token, refreshToken: '', expiresAtUnix: 4102444800 },
    force: false,
  });
  await session.startWatching();
  const server = await startWebServer({
    session,
    rendererDir,
    port: 0,
    version: 'test',
    now: () => Date.now() + offsetMs,
  });
  onTestFinished(async () => {
    await server.close();
    await session.close();
  });
  return { server, port: server.port, root, token, advance: (ms) => (offsetMs += ms) };
}

function codeOf(url: string): string {
  return new URL(url).hash.replace(/^#code=/, '');
}

async function signIn({ server, port }: Served): Promise<string> {
  const response = await webRequest(port, {
    path: '/session',
    body: { code: codeOf(server.newSignInUrl()) },
  });
  expect(response.status).toBe(200);
  return (JSON.parse(response.text) as { secret: string }).secret;
}

function listCall(
  served: Served,
  secret: string | null,
  extra: Partial<Parameters<typeof webRequest>[1]> = {},
) {
  return webRequest(served.port, {
    path: '/call',
    body: { type: 'call', id: 1, channel: 'credvault:bearers.list', payload: {} },
    ...extra,
    headers: { ...(secret === null ? {} : { 'x-credvault-session': secret }), ...extra.headers },
  });
}

/** A refusal: the status, the contract's error shape, and no vault data. */
function expectRefused(response: WebResponse, status: number, served: Served): void {
  expect(response.status).toBe(status);
  expect(response.text).not.toContain('agent-a');
  expect(response.text).not.toContain(served.root);
  expect(response.text).not.toContain(served.token);
  expect(response.text).not.toContain(OUTSIDE);
  expect(response.text).not.toContain('<title>');
  expect(JSON.parse(response.text)).toMatchObject({
    error: { kind: expect.any(String), message: expect.any(String) },
  });
}

describe('browser mode: who gets in', () => {
  it('serves calls to a page that signed in, and nothing to one that did not', async () => {
    const served = await serve();
    const secret = await signIn(served);
    const listed = await listCall(served, secret);
    expect(listed.status).toBe(200);
    expect(JSON.parse(listed.text)).toMatchObject({
      type: 'result',
      id: 1,
      ok: true,
      value: { bearers: [{ id: 'agent-a', root: served.root }] },
    });

    expectRefused(await listCall(served, null), 403, served);
    expectRefused(await listCall(served, 'not-the-secret'), 403, served);
    expectRefused(await listCall(served, `${secret}x`), 403, served);
    // The secret goes in the header only: a cookie or a query string is not it.
    expectRefused(
      await listCall(served, null, { headers: { cookie: `x-credvault-session=${secret}` } }),
      403,
      served,
    );
    expectRefused(
      await listCall(served, null, { path: `/call?x-credvault-session=${secret}` }),
      403,
      served,
    );
    expectRefused(await webRequest(served.port, { path: '/events' }), 403, served);
  });

  it('takes each sign-in code once, and none after its lifetime', async () => {
    const served = await serve();
    const code = codeOf(served.server.newSignInUrl());
    const first = await webRequest(served.port, { path: '/session', body: { code } });
    expect(first.status).toBe(200);
    const second = await webRequest(served.port, { path: '/session', body: { code } });
    expectRefused(second, 403, served);
    expect(second.text).toContain('already used or has expired');

    // Each new link is its own code; an old unused one still works.
    const older = codeOf(served.server.newSignInUrl());
    const newer = codeOf(served.server.newSignInUrl());
    expect(newer).not.toBe(older);
    expect(
      (await webRequest(served.port, { path: '/session', body: { code: older } })).status,
    ).toBe(200);

    served.advance(CODE_LIFETIME_MS + 1);
    expectRefused(
      await webRequest(served.port, { path: '/session', body: { code: newer } }),
      403,
      served,
    );
    for (const body of [{}, { code: '' }, { code: 42 }, { code: 'x'.repeat(10_000) }, 'null']) {
      expectRefused(await webRequest(served.port, { path: '/session', body }), 403, served);
    }
  });

  it.each([
    ['another name with the right port', (port: number) => `evil.example:${port}`],
    ['another name without a port', () => 'evil.example'],
    ['the right name on another port', (port: number) => `127.0.0.1:${port + 1}`],
    ['the right name with no port', () => '127.0.0.1'],
    ['an IPv6 loopback name', (port: number) => `[::1]:${port}`],
    ['an empty Host', () => ''],
  ])('refuses a request whose Host is %s, before anything else', async (_name, host) => {
    const served = await serve();
    const secret = await signIn(served);
    const badHost = host(served.port);
    expectRefused(await listCall(served, secret, { host: badHost }), 421, served);
    expectRefused(await webRequest(served.port, { host: badHost, path: '/' }), 421, served);
    expectRefused(
      await webRequest(served.port, { host: badHost, path: '/assets/app.js' }),
      421,
      served,
    );
    const code = codeOf(served.server.newSignInUrl());
    expectRefused(
      await webRequest(served.port, { host: badHost, path: '/session', body: { code } }),
      421,
      served,
    );
    // The refused request did not use the code up.
    expect((await webRequest(served.port, { path: '/session', body: { code } })).status).toBe(200);
  });

  it('refuses a request with no Host, or with two', async () => {
    const served = await serve();
    const secret = await signIn(served);
    expectRefused(await listCall(served, secret, { host: null }), 421, served);
    expectRefused(await webRequest(served.port, { host: null, path: '/' }), 421, served);
    const body = JSON.stringify({
      type: 'call',
      id: 1,
      channel: 'credvault:bearers.list',
      payload: {},
    });
    const twoHosts = await rawRequest(
      served.port,
      [
        'POST /call HTTP/1.1',
        `Host: 127.0.0.1:${served.port}`,
        'Host: evil.example',
        `x-credvault-session: ${secret}`,
        'content-type: application/json',
        `content-length: ${body.length}`,
        'connection: close',
        '',
        body,
      ].join('\r\n'),
    );
    expect(twoHosts).toMatch(/^HTTP\/1\.1 421 /);
    expect(twoHosts).not.toContain('agent-a');
  });

  it('answers to localhost:PORT as well as 127.0.0.1:PORT', async () => {
    const served = await serve();
    const secret = await signIn(served);
    const response = await listCall(served, secret, {
      host: `localhost:${served.port}`,
      headers: { origin: `http://localhost:${served.port}` },
    });
    expect(response.status).toBe(200);
  });

  it.each([
    ['another site', () => 'http://evil.example'],
    ['this host on another port', (port: number) => `http://127.0.0.1:${port + 1}`],
    ['https on this port', (port: number) => `https://127.0.0.1:${port}`],
    ['an opaque origin', () => 'null'],
  ])('refuses a call whose Origin is %s, secret or not', async (_name, origin) => {
    const served = await serve();
    const secret = await signIn(served);
    const headers = { origin: origin(served.port) };
    expectRefused(await listCall(served, secret, { headers }), 403, served);
    const code = codeOf(served.server.newSignInUrl());
    expectRefused(
      await webRequest(served.port, { path: '/session', body: { code }, headers }),
      403,
      served,
    );
    expectRefused(await webRequest(served.port, { path: '/', headers }), 403, served);
  });

  it('serves this origin; refuses calls a browser marks cross-site, but not the page', async () => {
    const served = await serve();
    const secret = await signIn(served);
    const own = { origin: `http://127.0.0.1:${served.port}`, 'sec-fetch-site': 'same-origin' };
    expect((await listCall(served, secret, { headers: own })).status).toBe(200);
    const crossSite = { 'sec-fetch-site': 'cross-site' };
    expectRefused(await listCall(served, secret, { headers: crossSite }), 403, served);
    expectRefused(
      await webRequest(served.port, {
        path: '/events',
        headers: { ...crossSite, 'x-credvault-session': secret },
      }),
      403,
      served,
    );
    const code = codeOf(served.server.newSignInUrl());
    expectRefused(
      await webRequest(served.port, { path: '/session', body: { code }, headers: crossSite }),
      403,
      served,
    );
    // Following the link from another site's page (a web-based terminal) still loads the page.
    const page = await webRequest(served.port, {
      path: '/',
      headers: { ...crossSite, 'sec-fetch-mode': 'navigate' },
    });
    expect(page.status).toBe(200);
  });

  it('refuses a body that is not JSON, or too large, with no preflight ever granted', async () => {
    const served = await serve();
    const secret = await signIn(served);
    const headers = { 'x-credvault-session': secret };
    expectRefused(
      await webRequest(served.port, { path: '/call', body: '{', headers }),
      400,
      served,
    );
    expectRefused(
      await webRequest(served.port, {
        path: '/call',
        body: '{}',
        headers: { ...headers, 'content-type': 'text/plain' },
      }),
      415,
      served,
    );
    expectRefused(
      await webRequest(served.port, {
        path: '/call',
        body: { pad: 'x'.repeat(1024 * 1024) },
        headers,
      }),
      413,
      served,
    );
    // A body sent in chunks, with no length declared, is cut off at the cap as well.
    const chunk = 'x'.repeat(64 * 1024);
    const chunked = await rawRequest(
      served.port,
      [
        'POST /call HTTP/1.1',
        `Host: 127.0.0.1:${served.port}`,
        `x-credvault-session: ${secret}`,
        'content-type: application/json',
        'transfer-encoding: chunked',
        'connection: close',
        '',
        ...Array.from({ length: 20 }, () => `${chunk.length.toString(16)}\r\n${chunk}`),
        '0',
        '',
        '',
      ].join('\r\n'),
    );
    expect(chunked).toMatch(/^HTTP\/1\.1 413 /);
    const preflight = await webRequest(served.port, {
      method: 'OPTIONS',
      path: '/call',
      headers: { origin: `http://127.0.0.1:${served.port}` },
    });
    // A preflight carries no session header: it is refused like any stranger.
    expect(preflight.status).toBe(403);
    expect(
      Object.keys(preflight.headers).filter((name) => name.startsWith('access-control-')),
    ).toEqual([]);
  });
});

describe('browser mode: what comes out', () => {
  it('answers every call through the contract; copying the token is left to the page', async () => {
    const served = await serve();
    const secret = await signIn(served);
    const call = (channel: string, payload: unknown) =>
      webRequest(served.port, {
        path: '/call',
        body: { type: 'call', id: 7, channel, payload },
        headers: { 'x-credvault-session': secret },
      }).then((response) => JSON.parse(response.text) as Record<string, unknown>);
    const ref = { root: served.root, id: 'agent-a' };

    expect(await call('credvault:bearers.reveal', { ref })).toMatchObject({
      ok: true,
      value: { accessToken: served.token },
    });
    expect(await call('credvault:app.info', {})).toMatchObject({
      ok: true,
      value: { mode: 'browser', version: 'test' },
    });
    expect(await call('credvault:clipboard.copyBearer', { ref, as: 'token' })).toMatchObject({
      ok: false,
      error: { kind: 'unsupported' },
    });
    expect(
      await call('credvault:bearers.show', { ref: { root: served.root, id: '../x' } }),
    ).toMatchObject({
      ok: false,
      error: { kind: 'bad-input' },
    });
  });

  it('streams a change made on disk by another program as a bearers.changed event', async () => {
    const served = await serve();
    const secret = await signIn(served);
    const received: unknown[] = [];
    let heard: () => void = () => {};
    const changed = new Promise<void>((resolve) => (heard = resolve));
    const stream = await openEventStream(served.port, secret, (envelope) => {
      received.push(envelope);
      if (JSON.stringify(envelope).includes('agent-disk')) heard();
    });
    onTestFinished(() => stream.close());
    expect(stream.status).toBe(200);

    const dir = join(served.root, 'agent-disk');
    mkdirSync(dir, { mode: 0o700 });
    writeFileSync(join(dir, 'access_token.json'), '"a"', { mode: 0o600 });
    writeFileSync(join(dir, 'refresh_token.json'), '"r"', { mode: 0o600 });
    writeFileSync(join(dir, 'expires_at.json'), '"4102444800"', { mode: 0o600 });
    await changed;
    expect(received).toContainEqual({
      type: 'event',
      event: 'credvault:bearers.changed',
      payload: { root: served.root, ids: expect.arrayContaining(['agent-disk']), origin: 'disk' },
    });
  });

  it('ends open event streams when it closes', async () => {
    const served = await serve();
    const secret = await signIn(served);
    let ended: () => void = () => {};
    const streamEnded = new Promise<void>((resolve) => (ended = resolve));
    const stream = await new Promise<{ close(): void }>((resolve) => {
      void openEventStream(served.port, secret, () => {}).then(resolve);
    });
    onTestFinished(() => stream.close());
    // The server's close must not wait for the page to go away.
    void served.server.close().then(() => ended());
    await streamEnded;
  });

  it('serves the renderer and nothing outside its folder', async () => {
    const served = await serve();
    const page = await webRequest(served.port, { path: '/' });
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.text).toBe(PAGE);
    expect((await webRequest(served.port, { path: '/assets/app.js?v=1' })).status).toBe(200);
    const head = await webRequest(served.port, { method: 'HEAD', path: '/index.html' });
    expect([head.status, head.text]).toEqual([200, '']);

    for (const path of [
      '/../outside.txt',
      '/assets/../../outside.txt',
      '/%2e%2e/outside.txt',
      '/assets/%2E%2E/%2e%2e/outside.txt',
      '/assets%2f..%2f..%2foutside.txt',
      '/assets%2fapp.js',
      '/assets%5Capp.js',
      '/..%5coutside.txt',
      '/assets\\..\\..\\outside.txt',
      '/./index.html',
      '//outside.txt',
      '/assets/link.js',
      '/assets/',
      '/assets',
      '/.hidden.js',
      '/index.html%00.js',
      '/%E0%A4%A.js',
      'http://127.0.0.1/outside.txt',
    ]) {
      const response = await webRequest(served.port, { path });
      expect([path, response.status]).toEqual([path, expect.any(Number)]);
      expect(response.status, path).toBeGreaterThanOrEqual(400);
      expect(response.text, path).not.toContain(OUTSIDE);
    }
  });

  it('sends the strict CSP and no-store on every answer, refusals included', async () => {
    const served = await serve();
    const secret = await signIn(served);
    const answers = [
      await webRequest(served.port, { path: '/' }),
      await webRequest(served.port, { path: '/assets/app.js' }),
      await webRequest(served.port, { path: '/nothing.js' }),
      await listCall(served, secret),
      await listCall(served, null),
      await webRequest(served.port, { host: 'evil.example', path: '/' }),
    ];
    for (const answer of answers) {
      expect(answer.headers).toMatchObject({
        'content-security-policy': CONTENT_SECURITY_POLICY,
        'x-content-type-options': 'nosniff',
        'referrer-policy': 'no-referrer',
        'cache-control': 'no-store',
      });
      expect(answer.headers['set-cookie']).toBeUndefined();
    }
    expect(CONTENT_SECURITY_POLICY).toBe(
      "default-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
    );
  });
});
