import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeTempDir } from '../../test-support/temp-dir';
import {
  APP_ORIGIN,
  CONTENT_SECURITY_POLICY,
  createAppProtocolHandler,
  safeSegments,
} from './app-protocol';

function rendererFolder() {
  const top = makeTempDir();
  const dir = join(top, 'renderer');
  mkdirSync(join(dir, 'assets'), { recursive: true });
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Credvault</title>');
  writeFileSync(join(dir, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(dir, 'assets', 'app.css'), 'body{}');
  writeFileSync(join(top, 'secret.txt'), 'outside the renderer');
  symlinkSync(join(top, 'secret.txt'), join(dir, 'assets', 'link-out.js'));
  return dir;
}

const get = (url: string) => ({ url, method: 'GET' });

describe('the app:// scheme', () => {
  it('serves the renderer’s files with their types and the strict CSP', async () => {
    const serve = createAppProtocolHandler(rendererFolder());
    const page = await serve(get(`${APP_ORIGIN}/index.html`));
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(await page.text()).toContain('<title>Credvault</title>');
    const root = await serve(get(`${APP_ORIGIN}/`));
    expect(await root.text()).toContain('<title>Credvault</title>');
    const script = await serve(get(`${APP_ORIGIN}/assets/app.js`));
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(script.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('the CSP allows no inline script, no eval and nothing from elsewhere', () => {
    expect(CONTENT_SECURITY_POLICY).toBe(
      "default-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self'; " +
        "img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
    );
  });

  it.each([
    '/../secret.txt',
    '/%2e%2e/secret.txt',
    '/%2E%2E/secret.txt',
    '/assets/%2e%2e/%2e%2e/secret.txt',
    '/assets%2f..%2f..%2fsecret.txt',
    '/assets/..%5c..%5csecret.txt',
    '/assets/link-out.js',
    '/assets',
    '/assets/',
    '/index.html%00.js',
    '/%',
    '/nope.html',
  ])('answers 404 for %s, with the CSP still on', async (path) => {
    const serve = createAppProtocolHandler(rendererFolder());
    const response = await serve(get(`${APP_ORIGIN}${path}`));
    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain('outside the renderer');
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
  });

  it('serves no other host and no other method', async () => {
    const serve = createAppProtocolHandler(rendererFolder());
    expect((await serve(get('app://elsewhere/index.html'))).status).toBe(404);
    expect((await serve({ url: `${APP_ORIGIN}/index.html`, method: 'POST' })).status).toBe(405);
  });

  it('takes paths apart before any touches the disk', () => {
    expect(safeSegments('/')).toEqual(['index.html']);
    expect(safeSegments('/assets/a%20b.js')).toEqual(['assets', 'a b.js']);
    expect(safeSegments('/a/%2e%2e/b')).toBeNull();
    expect(safeSegments('/a%2fb')).toBeNull();
    expect(safeSegments('/a//b')).toBeNull();
    expect(safeSegments('/C:%5cWindows')).toBeNull();
  });
});
