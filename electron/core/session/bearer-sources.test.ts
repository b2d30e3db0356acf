/**
 * One session, many callers: one watch per root however many ask, watches
 * that follow the configured roots, changes from other processes announced,
 * and nothing left running after close().
 */
import { spawn } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import type * as chokidar from 'chokidar';
import type { EventPayload } from '@shared/contract';
import { makeTempDir } from '../../../test-support/temp-dir';
import { openVault } from './open-vault';

// Every chokidar watcher this process opens, by the path it watches: the
// real ones, counted (inotify watches are a scarce, per-user resource).
const watchers = vi.hoisted(() => ({ opened: [] as string[], live: new Map<object, string>() }));
vi.mock('chokidar', async (importOriginal) => {
  const real = await importOriginal<typeof chokidar>();
  return {
    ...real,
    watch: (...args: Parameters<typeof real.watch>) => {
      const watcher = real.watch(...args);
      const path = String(args[0]);
      watchers.opened.push(path);
      watchers.live.set(watcher, path);
      const close = watcher.close.bind(watcher);
      watcher.close = () => {
        watchers.live.delete(watcher);
        return close();
      };
      return watcher;
    },
  };
});

const CHILDREN = resolve(import.meta.dirname, '../../../test-support/children');

type BearersChanged = EventPayload<'credvault:bearers.changed'>;

function writeBearerFiles(root: string, id: string, expiresAtUnix: number): void {
  const dir = join(root, id);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  writeFileSync(join(dir, 'access_token.json'), '"a"', { mode: 0o600 });
  writeFileSync(join(dir, 'refresh_token.json'), '"r"', { mode: 0o600 });
  writeFileSync(join(dir, 'expires_at.json'), JSON.stringify(String(expiresAtUnix)), {
    mode: 0o600,
  });
}

const liveWatches = () => [...watchers.live.values()].sort();
/** The roots' watches only: the vault home is watched too, for settings and keys (config-files-watch.ts). */
const rootWatches = (home: string, paths: string[]) => paths.filter((path) => path !== home).sort();

describe('bearer sources', () => {
  it('serve every caller with one watch per root, following the roots configured', async () => {
    const home = makeTempDir();
    const defaultRoot = join(home, 'bearers');
    const agents = join(home, 'agents');
    writeBearerFiles(agents, 'agent-A', 4102444800);
    const session = await openVault(home);
    onTestFinished(() => session.close());
    await session.addRoot({ path: agents });
    const before = watchers.opened.length;

    // Many callers at once, as the app's window, the tray and a browser tab would be.
    await Promise.all([
      ...Array.from({ length: 5 }, () => session.startWatching()),
      ...Array.from({ length: 10 }, () => session.listBearers({})),
      ...Array.from({ length: 5 }, () =>
        session.showBearer({ ref: { root: agents, id: 'agent-A' } }),
      ),
    ]);
    await session.startWatching();
    expect(rootWatches(home, watchers.opened.slice(before))).toEqual([agents, defaultRoot].sort());
    expect(rootWatches(home, liveWatches())).toEqual([agents, defaultRoot].sort());

    // A root added while watching gets its watch; a root removed loses it.
    const more = join(home, 'more');
    mkdirSync(more);
    await session.addRoot({ path: more });
    await session.startWatching();
    await vi.waitFor(() =>
      expect(rootWatches(home, liveWatches())).toEqual([agents, defaultRoot, more].sort()),
    );
    await session.removeRoot({ path: agents });
    await vi.waitFor(() =>
      expect(rootWatches(home, liveWatches())).toEqual([defaultRoot, more].sort()),
    );
    await session.listBearers({});
    expect(rootWatches(home, watchers.opened.slice(before))).toEqual(
      [agents, defaultRoot, more].sort(),
    );

    await session.close();
    expect(liveWatches()).toEqual([]);
  });

  it('announce a bearer another process writes, as a change from disk', async () => {
    const home = makeTempDir();
    const root = join(home, 'bearers');
    const session = await openVault(home);
    onTestFinished(() => session.close());
    await session.startWatching();
    const events: BearersChanged[] = [];
    session.subscribe('credvault:bearers.changed', (event) => events.push(event));
    const changeOf = (id: string) =>
      vi.waitFor(() => expect(events).toContainEqual({ root, ids: [id], origin: 'disk' }), {
        timeout: 10_000,
      });

    // Another process, writing the files as the seed's broker does.
    const child = spawn(process.execPath, [
      '-e',
      `const fs = require('node:fs'); const dir = process.argv[1];
       fs.mkdirSync(dir, { mode: 0o700 });
       for (const [name, text] of [['access_token.json', '"a"'], ['refresh_token.json', '"r"'],
         ['expires_at.json', '"4102444800"']]) fs.writeFileSync(dir + '/' + name, text, { mode: 0o600 });`,
      join(root, 'agent-other'),
    ]);
    await new Promise((done) => child.on('close', done));
    await changeOf('agent-other');
    expect((await session.listBearers({})).bearers.map((row) => row.id)).toEqual(['agent-other']);

    // A plain rewrite in place, as another program's refresh would be.
    events.length = 0;
    writeFileSync(join(root, 'agent-other', 'expires_at.json'), '"4102444900"');
    await changeOf('agent-other');
    expect((await session.listBearers({})).bearers[0]?.expiresAtUnix).toBe(4102444900);
  });

  it("announce the session's own writes once, as the session's, not again as from disk", async () => {
    const home = makeTempDir();
    const root = join(home, 'bearers');
    const session = await openVault(home);
    onTestFinished(() => session.close());
    await session.startWatching();
    const events: BearersChanged[] = [];
    session.subscribe('credvault:bearers.changed', (event) => events.push(event));

    const ref = { root, id: 'agent-A' };
    await session.putBearer({
      ref,
      record: { accessToken: 'a1', refreshToken: 'r', expiresAtUnix: 4102444800 },
      force: false,
    });
    await session.putBearer({
      ref,
      record: { accessToken: 'a2', refreshToken: 'r', expiresAtUnix: 4102444900 },
      force: false,
    });
    await session.putBearer({
      ref: { root, id: 'agent-B' },
      record: { accessToken: 'b', refreshToken: 'r', expiresAtUnix: 4102444800 },
      force: false,
    });
    await session.removeBearer({ ref: { root, id: 'agent-B' } });
    // Someone else's bearer, written after ours: once the watch reports it,
    // it has reported our writes too (the kernel reports changes in order).
    writeBearerFiles(root, 'zz-other', 4102444800);
    await vi.waitFor(
      () =>
        expect(
          events.some((event) => event.origin === 'disk' && event.ids.includes('zz-other')),
        ).toBe(true),
      { timeout: 10_000 },
    );
    expect(events.filter((event) => event.origin === 'disk')).toEqual([
      { root, ids: ['zz-other'], origin: 'disk' },
    ]);
    expect(events.filter((event) => event.origin === 'session').map((event) => event.ids)).toEqual([
      ['agent-A'],
      ['agent-A'],
      ['agent-B'],
      ['agent-B'],
    ]);
  });

  it('announce a change someone else makes right after our own write, as from disk', async () => {
    const home = makeTempDir();
    const root = join(home, 'bearers');
    const session = await openVault(home);
    onTestFinished(() => session.close());
    await session.startWatching();
    const events: BearersChanged[] = [];
    session.subscribe('credvault:bearers.changed', (event) => events.push(event));

    const ref = { root, id: 'agent-A' };
    const record = { accessToken: 'a1', refreshToken: 'r', expiresAtUnix: 4102444800 };
    await session.putBearer({ ref, record, force: false });
    // At once, before the watch has reported our write: a rewrite in place,
    // same size, likely within the same tick of the file clock.
    writeFileSync(join(root, 'agent-A', 'expires_at.json'), '"4102444900"');
    await vi.waitFor(
      () => expect(events).toContainEqual({ root, ids: ['agent-A'], origin: 'disk' }),
      { timeout: 10_000 },
    );
    expect((await session.listBearers({})).bearers[0]?.expiresAtUnix).toBe(4102444900);

    // And a removal by someone else right after our write.
    await session.putBearer({ ref, record, force: false });
    events.length = 0;
    rmSync(join(root, 'agent-A'), { recursive: true });
    await vi.waitFor(
      () => expect(events).toContainEqual({ root, ids: ['agent-A'], origin: 'disk' }),
      { timeout: 10_000 },
    );
    expect((await session.listBearers({})).bearers).toEqual([]);
  });

  it('leave nothing running after close: the process exits by itself', async () => {
    const home = makeTempDir();
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(CHILDREN, 'session-watch-close.ts'), home, join(home, 'x')],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    // Generous: the child starts tsx on a shared machine. A watch left open
    // keeps it alive for ever, so "not yet" at this point means "never".
    const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    const [code, signal] = await new Promise<[number | null, string | null]>((done) =>
      child.on('close', (exitCode, exitSignal) => done([exitCode, exitSignal])),
    );
    clearTimeout(killer);
    expect({ code, signal, stdout }).toEqual({ code: 0, signal: null, stdout: 'closed\n' });
  }, 30_000);
});
