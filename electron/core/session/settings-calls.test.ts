/**
 * The settings file through the session: what a user changes survives a
 * restart, the default root is always there, several sessions (and
 * processes) changing it at once all keep their changes, and a broken file
 * is reported and left alone.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import type { EventPayload } from '@shared/contract';
import { rejectionOf } from '../../../test-support/leak-marker';
import { makeTempDir } from '../../../test-support/temp-dir';
import type { VaultError } from '../errors';
import { openVault } from './open-vault';
import { SETTINGS_FILE } from './settings-file';

const CHILDREN = resolve(import.meta.dirname, '../../../test-support/children');

async function open(home: string) {
  const session = await openVault(home);
  onTestFinished(() => session.close());
  return session;
}

function writeBearer(root: string, id: string): void {
  const dir = join(root, id);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  writeFileSync(join(dir, 'access_token.json'), '"a"', { mode: 0o600 });
  writeFileSync(join(dir, 'refresh_token.json'), '"r"', { mode: 0o600 });
  writeFileSync(join(dir, 'expires_at.json'), '"4102444800"', { mode: 0o600 });
}

describe('settings', () => {
  it('start with the default root and defaults, and survive a restart', async () => {
    const home = makeTempDir();
    const first = await open(home);
    const initial = await first.getSettings({});
    expect(initial.roots).toEqual([
      {
        path: join(home, 'bearers'),
        windowS: 300,
        shared: false,
        keepFresh: false,
        encrypted: false,
      },
    ]);
    expect(initial).toMatchObject({ theme: 'system', clipboard: { clearAfterS: 30 } });

    const changes: Array<EventPayload<'credvault:settings.changed'>> = [];
    first.subscribe('credvault:settings.changed', (settings) => changes.push(settings));
    const tokenFile = join(home, 'ws', '.auth_token');
    await first.updateSettings({
      theme: 'dark',
      tokenFiles: [tokenFile],
      app: { closeToTray: true },
    });
    await first.addRoot({ path: join(home, 'agents'), windowS: 60 });
    expect(changes.map((settings) => settings.theme)).toEqual(['dark', 'dark']);

    const second = await open(home);
    const reread = await second.getSettings({});
    expect(reread).toEqual(changes.at(-1));
    expect(reread).toMatchObject({
      theme: 'dark',
      tokenFiles: [tokenFile],
      app: { closeToTray: true, launchAtLogin: false },
    });
    expect(reread.roots.map((root) => [root.path, root.windowS])).toEqual([
      [join(home, 'bearers'), 300],
      [join(home, 'agents'), 60],
    ]);
  });

  it('always hold the default root, which cannot be removed', async () => {
    const home = makeTempDir();
    // A file trimmed by hand, naming another root only.
    writeFileSync(
      join(home, SETTINGS_FILE),
      JSON.stringify({ roots: [{ path: join(home, 'other') }] }),
      { mode: 0o600 },
    );
    const session = await open(home);
    expect((await session.getSettings({})).roots.map((root) => root.path)).toEqual([
      join(home, 'bearers'),
      join(home, 'other'),
    ]);
    const refused = (await rejectionOf(
      session.removeRoot({ path: join(home, 'bearers') }),
    )) as VaultError;
    expect(refused.kind).toBe('bad-input');
    expect(refused.message).toContain('default bearer root');

    await session.removeRoot({ path: join(home, 'other') });
    expect((await session.getSettings({})).roots.map((root) => root.path)).toEqual([
      join(home, 'bearers'),
    ]);
    expect(
      ((await rejectionOf(session.removeRoot({ path: join(home, 'other') }))) as VaultError).kind,
    ).toBe('not-found');
  });

  it('add a root as shared when it already holds bearers, as an absolute path, once', async () => {
    const home = makeTempDir();
    const session = await open(home);
    const used = join(home, 'used-by-the-broker');
    writeBearer(used, 'agent-A');
    const empty = join(home, 'empty');
    mkdirSync(empty);
    const missing = join(home, 'not-yet');

    await session.addRoot({ path: relative(process.cwd(), used) });
    await session.addRoot({ path: empty });
    await session.addRoot({ path: missing });
    await session.addRoot({ path: join(home, 'mine'), shared: false });
    writeBearer(join(home, 'told'), 'agent-B');
    await session.addRoot({ path: join(home, 'told'), shared: false });
    const roots = (await session.getSettings({})).roots;
    expect(roots.map((root) => [root.path, root.shared])).toEqual([
      [join(home, 'bearers'), false],
      [used, true],
      [empty, false],
      [missing, false],
      [join(home, 'mine'), false],
      [join(home, 'told'), false],
    ]);

    const duplicate = (await rejectionOf(session.addRoot({ path: `${used}/./` }))) as VaultError;
    expect(duplicate.kind).toBe('bad-input');
    expect(duplicate.message).toBe(`${used} is already a configured bearer root`);

    await session.updateRoot({ path: empty, windowS: 30, keepFresh: true });
    expect((await session.getSettings({})).roots[2]).toMatchObject({
      path: empty,
      windowS: 30,
      keepFresh: true,
      shared: false,
    });
  });

  it('keep every change when two sessions on one home change them at once', async () => {
    const home = makeTempDir();
    const [a, b] = [await open(home), await open(home)];
    const adds = [];
    for (let i = 0; i < 10; i++) {
      adds.push(a.addRoot({ path: join(home, `a-${i}`) }));
      adds.push(b.addRoot({ path: join(home, `b-${i}`) }));
    }
    adds.push(a.updateSettings({ theme: 'light' }));
    await Promise.all(adds);
    const settings = await (await open(home)).getSettings({});
    expect(settings.roots).toHaveLength(21);
    expect(settings.theme).toBe('light');
  });

  it('keep every change when another process changes them at the same time', async () => {
    const home = makeTempDir();
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(CHILDREN, 'settings-writer.ts'), home, 'child', '15'],
      {
        stdio: ['pipe', 'pipe', 'inherit'],
      },
    );
    const exited = new Promise<number>((done) => child.on('close', (code) => done(code ?? -1)));
    await new Promise<void>((ready) => child.stdout.once('data', () => ready()));
    const session = await open(home);
    child.stdin.write('go\n');
    for (let i = 0; i < 15; i++) await session.addRoot({ path: join(home, `parent-${i}`) });
    expect(await exited).toBe(0);
    const paths = (await session.getSettings({})).roots.map((root) => root.path);
    expect(paths).toHaveLength(31);
    for (let i = 0; i < 15; i++) {
      expect(paths).toContain(join(home, `child-${i}`));
      expect(paths).toContain(join(home, `parent-${i}`));
    }
  });

  it('report a malformed settings file by name and never overwrite it', async () => {
    const home = makeTempDir();
    const file = join(home, SETTINGS_FILE);
    const session = await open(home);
    for (const [contents, expected] of [
      ['{"roots": [', `${file} is not valid JSON`],
      [JSON.stringify({ theme: 'purple' }), `${file} is invalid at theme: invalid_value`],
      [
        JSON.stringify({ roots: [{ path: 'relative/root' }] }),
        `invalid settings in ${file}: roots.0.path is not an absolute path`,
      ],
    ] as const) {
      writeFileSync(file, contents, { mode: 0o600 });
      for (const attempt of [
        () => session.getSettings({}),
        () => session.updateSettings({ theme: 'dark' }),
        () => session.addRoot({ path: join(home, 'x') }),
        () => session.listBearers({}),
      ]) {
        const error = (await rejectionOf(attempt())) as VaultError;
        expect(error.kind).toBe('bad-input');
        expect(error.message).toBe(expected);
      }
      expect(readFileSync(file, 'utf8')).toBe(contents);
    }
  });
});
