/**
 * Browser mode as a process, the way `credvault ui` runs: links on stdout
 * only, a new one per line on stdin, a clean exit on Ctrl-C or SIGTERM
 * (event streams open or not), and no secret in anything it prints.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { assertNoLeak, markedSecret } from '../../test-support/leak-marker';
import { makeTempDir } from '../../test-support/temp-dir';
import { openEventStream, webRequest } from '../../test-support/web-request';
import { openVault } from '../core/session/open-vault';

const CHILD = resolve(import.meta.dirname, '../../test-support/children/browser-mode.ts');
const LINK = /^http:\/\/127\.0\.0\.1:(\d+)\/#code=([A-Za-z0-9_-]{43})$/;

async function homeWithBearer(): Promise<{ home: string; renderer: string; token: string }> {
  const home = makeTempDir();
  const renderer = join(home, 'renderer');
  mkdirSync(renderer);
  writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>Credvault</title>');
  const token = markedSecret('access-token');
  const session = await openVault(home);
  await session.putBearer({
    ref: { root: join(home, 'bearers'), id: 'agent-a' },
    record: {
      accessToken: token,
      refreshToken: markedSecret('refresh'),
      expiresAtUnix: 4102444800,
    },
    force: false,
  });
  await session.close();
  return { home, renderer, token };
}

function startBrowserMode(home: string, renderer: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, home, renderer], {
    env: { PATH: process.env.PATH, HOME: home },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  onTestFinished(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  let stdout = '';
  let stderr = '';
  const lineWaiters: Array<() => void> = [];
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString('utf8');
    for (const wake of lineWaiters.splice(0)) wake();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
    for (const wake of lineWaiters.splice(0)) wake();
  });
  const exited = new Promise<{ code: number | null; signal: string | null }>((resolveExit) =>
    child.on('exit', (code, signal) => resolveExit({ code, signal })),
  );
  const links = () => stdout.split('\n').filter((line) => line !== '');
  return {
    child,
    exited,
    output: () => ({ stdout, stderr }),
    /** Waits until stdout holds `count` lines (bounded by the test's timeout). */
    async linksUpTo(count: number): Promise<string[]> {
      while (links().length < count) {
        if (child.exitCode !== null) throw new Error(`exited early: ${stderr}`);
        await new Promise<void>((wake) => lineWaiters.push(wake));
      }
      return links();
    },
    /** Waits until stderr has said `text` `times` times (bounded by the test's timeout). */
    async stderrSays(text: string, times = 1): Promise<void> {
      while (stderr.split(text).length - 1 < times) {
        if (child.exitCode !== null) throw new Error(`exited early: ${stderr}`);
        await new Promise<void>((wake) => lineWaiters.push(wake));
      }
    },
  };
}

async function signedInPage(port: number, code: string) {
  const { secret } = JSON.parse(
    (await webRequest(port, { path: '/session', body: { code } })).text,
  ) as { secret: string };
  let id = 0;
  return (channel: string, payload: unknown) =>
    webRequest(port, {
      path: '/call',
      headers: { 'x-credvault-session': secret },
      body: { type: 'call', id: ++id, channel, payload },
    }).then((response) => JSON.parse(response.text) as { ok: boolean; error?: { kind: string } });
}

function portAndCode(link: string): { port: number; code: string } {
  const match = LINK.exec(link);
  if (match === null) throw new Error(`not a sign-in link: ${link}`);
  return { port: Number(match[1]), code: match[2] ?? '' };
}

describe('credvault ui, as a process', () => {
  it('prints a new single-use link per line on stdin, stops on Ctrl-C, and prints no secret', async () => {
    const { home, renderer, token } = await homeWithBearer();
    const ui = startBrowserMode(home, renderer);
    const [first] = await ui.linksUpTo(1);
    const { port, code } = portAndCode(first ?? '');

    const signIn = (body: unknown) => webRequest(port, { path: '/session', body });
    const signedIn = await signIn({ code });
    expect(signedIn.status).toBe(200);
    const { secret } = JSON.parse(signedIn.text) as { secret: string };
    expect((await signIn({ code })).status).toBe(403);

    ui.child.stdin.write('\n');
    const [, second] = await ui.linksUpTo(2);
    expect(portAndCode(second ?? '').port).toBe(port);
    expect(second).not.toBe(first);
    expect((await signIn({ code: portAndCode(second ?? '').code })).status).toBe(200);

    // Reveal a token through the page's API: it travels to the page, never to the terminal.
    const revealed = await webRequest(port, {
      path: '/call',
      headers: { 'x-credvault-session': secret },
      body: {
        type: 'call',
        id: 1,
        channel: 'credvault:bearers.reveal',
        payload: { ref: { root: join(home, 'bearers'), id: 'agent-a' } },
      },
    });
    expect(revealed.text).toContain(token);
    const stream = await openEventStream(port, secret, () => {});
    onTestFinished(() => stream.close());

    ui.child.kill('SIGINT');
    expect(await ui.exited).toEqual({ code: 0, signal: null });
    const { stdout, stderr } = ui.output();
    expect(stdout.split('\n').filter((line) => line !== '')).toEqual([first, second]);
    for (const [where, text] of [
      ['stdout', stdout],
      ['stderr', stderr],
    ] as const) {
      assertNoLeak(where, text);
      expect(text).not.toContain(secret);
    }
    expect(stderr).toContain('a page signed in (2 so far)');
    expect(stderr).toContain('stopping');
  });

  it('stops on SIGTERM with a page still listening for events', async () => {
    const { home, renderer } = await homeWithBearer();
    const ui = startBrowserMode(home, renderer);
    const [first] = await ui.linksUpTo(1);
    const { port, code } = portAndCode(first ?? '');
    const { secret } = JSON.parse(
      (await webRequest(port, { path: '/session', body: { code } })).text,
    ) as { secret: string };
    const stream = await openEventStream(port, secret, () => {});
    onTestFinished(() => stream.close());
    expect(stream.status).toBe(200);

    ui.child.kill('SIGTERM');
    expect(await ui.exited).toEqual({ code: 0, signal: null });
  });

  it('asks in its terminal before a page adds a token file: y adds it, n and a closed stdin refuse', async () => {
    const { home, renderer } = await homeWithBearer();
    const ui = startBrowserMode(home, renderer);
    const [first] = await ui.linksUpTo(1);
    const { port, code } = portAndCode(first ?? '');
    const call = await signedInPage(port, code);
    const settings = () => call('credvault:settings.get', {});
    const question = (path: string) =>
      `the page asks to add the workspace token file ${path}. Allow? [y/N] `;

    const allowedFile = join(home, 'allowed', '.auth_token');
    const allowing = call('credvault:settings.update', { tokenFiles: [allowedFile] });
    await ui.stderrSays(question(allowedFile));
    ui.child.stdin.write('y\n');
    expect(await allowing).toMatchObject({ ok: true });
    expect(await call('credvault:workspace.set', { path: allowedFile, token: 'ws' })).toMatchObject(
      { ok: true },
    );

    const refusedFile = join(home, '.bashrc');
    const refusing = call('credvault:settings.update', { tokenFiles: [allowedFile, refusedFile] });
    await ui.stderrSays(question(refusedFile));
    ui.child.stdin.write('n\n');
    expect(await refusing).toMatchObject({ ok: false, error: { kind: 'forbidden' } });
    expect(await call('credvault:workspace.set', { path: refusedFile, token: 'x' })).toMatchObject({
      ok: false,
      error: { kind: 'forbidden' },
    });
    expect(await settings()).toMatchObject({ ok: true, value: { tokenFiles: [allowedFile] } });
    // The answers were answers, not requests for new links.
    expect(await ui.linksUpTo(1)).toEqual([first]);

    // With stdin closed no one can answer: refused (a question asked just
    // before the child reads the end is refused when it does).
    ui.child.stdin.end();
    const root = makeTempDir('credvault-page-root-');
    expect(await call('credvault:settings.addRoot', { path: root })).toMatchObject({
      ok: false,
      error: { kind: 'forbidden' },
    });
    expect(await settings()).toMatchObject({
      value: { roots: [{ path: join(home, 'bearers') }] },
    });
    expect(existsSync(refusedFile)).toBe(false);

    ui.child.kill('SIGINT');
    expect(await ui.exited).toEqual({ code: 0, signal: null });
  });
});
