/**
 * The BUILT main process (scripts/build-electron.mjs), run in plain Node
 * with `electron` resolved to a recording fake (e2e/electron/fake-electron/):
 * no Electron binary exists here, so this is what shows that index.ts wires
 * the real modules together: the vault worker starts over a real home, the
 * window is created hardened and loaded from app://, a call from the window
 * reaches the vault and one from elsewhere is refused, copying happens in
 * main, the tray shows a shipped icon, and a quit cleans up and exits.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runCliProcess } from '../test-support/cli-harness';
import { LEAK_MARKER, markedSecret } from '../test-support/leak-marker';
import { concealedFormats } from '../electron/main/clipboard';
import { trayIconFiles } from '../electron/main/tray';
import { buildMain, buildPreload } from './build-electron.mjs';

const REGISTER = resolve(
  import.meta.dirname,
  '..',
  'e2e',
  'electron',
  'fake-electron',
  'register.mjs',
);

let top = '';
let home = '';
let child: ChildProcessWithoutNullStreams;
const said: Array<Record<string, unknown>> = [];
let output = '';
let nextId = 1;
const waiting = new Map<number, (answer: unknown) => void>();
const token = markedSecret('access');

/** Sends an order to the fake and waits for its answer. */
function order(op: string, args: Record<string, unknown> = {}): Promise<unknown> {
  const id = nextId++;
  return new Promise((answer) => {
    waiting.set(id, answer);
    child.stdin.write(`${JSON.stringify({ op, id, ...args })}\n`);
  });
}

function call(from: string, channel: string, payload: unknown, id = 1) {
  return order('invoke', { from, message: { type: 'call', id, channel, payload } }) as Promise<{
    ok: boolean;
    value?: unknown;
    error?: { kind: string };
  }>;
}

async function until(what: (line: Record<string, unknown>) => boolean): Promise<void> {
  await vi.waitFor(
    () => {
      if (!said.some(what)) throw new Error(`not yet; so far: ${output.slice(-2000)}`);
    },
    { timeout: 15_000, interval: 50 },
  );
}

beforeAll(async () => {
  top = mkdtempSync(join(tmpdir(), 'credvault-desktop-'));
  home = join(top, 'home');
  await buildMain(join(top, 'out', 'main'));
  await buildPreload(join(top, 'out', 'preload', 'index.cjs'));
  mkdirSync(join(top, 'dist', 'renderer'), { recursive: true });
  writeFileSync(
    join(top, 'dist', 'renderer', 'index.html'),
    '<!doctype html><title>Credvault</title>',
  );
  const soon = Math.floor(Date.now() / 1000) + 3600;
  const record = {
    access_token: token,
    refresh_token: markedSecret('refresh'),
    expires_at_unix: soon,
  };
  const put = await runCliProcess(['bearers', 'put', 'agent-A'], {
    stdin: JSON.stringify(record),
    env: { CREDVAULT_HOME: home },
  });
  expect(put.code, put.stderr).toBe(0);

  child = spawn(process.execPath, ['--import', REGISTER, join(top, 'out', 'main', 'index.mjs')], {
    env: { PATH: process.env.PATH, HOME: top, CREDVAULT_HOME: home },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  createInterface({ input: child.stdout }).on('line', (line) => {
    output += `${line}\n`;
    if (!line.startsWith('FAKE ')) return;
    const message = JSON.parse(line.slice(5)) as Record<string, unknown>;
    said.push(message);
    if (typeof message.id === 'number') waiting.get(message.id)?.(message.answer);
  });
  await until((line) => line.windowShown === true);
}, 60_000);

afterAll(() => {
  if (child.exitCode === null) child.kill();
  rmSync(top, { recursive: true, force: true });
});

describe('the built main process, wired', () => {
  it('creates the window hardened, with the built preload, loaded from app://', () => {
    const window = said.find((line) => line.window)?.window as Record<string, unknown>;
    expect(window).toMatchObject({
      webPreferences: {
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        webSecurity: true,
      },
      preloadExists: true,
      preloadName: 'index.cjs',
    });
    expect(said).toContainEqual({ loadURL: 'app://credvault/index.html' });
    expect(said).toContainEqual({
      privilegedSchemes: [
        {
          scheme: 'app',
          privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true },
        },
      ],
    });
  });

  it('keeps Chromium’s own files out of the vault’s folder', () => {
    expect(said).toContainEqual({
      setPath: { name: 'userData', path: join('/fake/appData', 'credvault-electron') },
    });
  });

  it('serves the renderer over app:// with the CSP, and nothing outside it', async () => {
    expect(await order('fetch', { url: 'app://credvault/index.html' })).toMatchObject({
      status: 200,
      type: 'text/html; charset=utf-8',
      csp: expect.stringContaining("frame-ancestors 'none'"),
    });
    expect(
      await order('fetch', { url: 'app://credvault/%2e%2e/home/settings.json' }),
    ).toMatchObject({
      status: 404,
    });
  });

  it('the window’s call reaches the vault (the CLI’s home) and lists its bearer', async () => {
    const answer = await call('window', 'credvault:bearers.list', {});
    expect(answer.ok).toBe(true);
    const { bearers } = answer.value as { bearers: Array<{ id: string }> };
    expect(bearers.map((bearer) => bearer.id)).toEqual(['agent-A']);
  });

  it('refuses another webContents and a sub-frame, and a bad payload', async () => {
    expect((await call('stranger', 'credvault:bearers.list', {})).error?.kind).toBe('forbidden');
    expect((await call('subframe', 'credvault:bearers.list', {})).error?.kind).toBe('forbidden');
    expect((await call('window', 'credvault:bearers.list', { roots: 7 })).error?.kind).toBe(
      'bad-input',
    );
  });

  it('serves the window as a page: a path the settings do not list is refused', async () => {
    const answer = await call('window', 'credvault:keys.list', { file: '/etc/passwd' });
    expect(answer.error?.kind).toBe('forbidden');
  });

  it('denies the page’s permission requests', async () => {
    expect(await order('permission', { name: 'notifications' })).toBe(false);
  });

  it('copies a bearer in main (the window gets no token), marked as a password', async () => {
    const root = join(home, 'bearers');
    const answer = await call('window', 'credvault:clipboard.copyBearer', {
      ref: { root, id: 'agent-A' },
      as: 'token',
    });
    expect(answer).toMatchObject({ ok: true, value: { clearsAfterS: 30 } });
    expect(JSON.stringify(answer)).not.toContain(LEAK_MARKER);
    const board = (await order('clipboard')) as { sha256: string; formats: string[] };
    expect(board.sha256).toBe(createHash('sha256').update(token).digest('hex'));
    expect(board.formats).toEqual([
      'text/plain',
      ...Object.keys(concealedFormats(process.platform)),
    ]);
  });

  it('the tray shows the vault’s state: a shipped icon, the counts, the menu', async () => {
    // agent-A expires in an hour, outside its 300 s window: all fresh.
    await vi.waitFor(async () => {
      const tray = (await order('tray')) as { files: string[]; tooltip: string; menu: unknown[] };
      expect(tray.tooltip).toBe('Credvault: 1 bearer, all fresh');
      expect(tray.files).toEqual(trayIconFiles(process.platform, 'ok').map((icon) => icon.file));
      expect(tray.menu).toEqual([
        '1 bearer, all fresh',
        '---',
        'Open Credvault',
        '---',
        'Quit Credvault',
      ]);
    });
    expect(said.some((line) => line.missingImage)).toBe(false);
  });

  it('tells the session when the machine wakes, without a hitch', async () => {
    expect(await order('resume')).toBe(true);
    expect((await call('window', 'credvault:app.info', {})).value).toMatchObject({
      mode: 'desktop',
    });
  });

  it('quits cleanly: the tray removed, the vault closed, exit 0; no secret printed', async () => {
    const exited = new Promise<number | null>((done) => child.once('exit', done));
    await order('quit');
    expect(await exited).toBe(0);
    expect(said).toContainEqual({ trayDestroyed: true });
    expect(output).not.toContain(LEAK_MARKER);
  });
});
