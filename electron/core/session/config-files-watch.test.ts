/**
 * What other processes change reaches an open session without any call:
 * keys minted or revoked in the vault's key file or a configured one (even
 * one whose folder is made later), settings changed by another Credvault (a
 * root added there is watched at once, a root made later too), an invalid
 * settings file reported once and the last good settings kept.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import type { EventName, EventPayload } from '@shared/contract';
import { makeTempDir } from '../../../test-support/temp-dir';
import { ConfigFilesWatch } from './config-files-watch';
import { EventHub } from './event-hub';
import { openVault } from './open-vault';
import type { PathWatchHandlers } from './path-watch';
import { SettingsFile } from './settings-file';
import type { VaultSession } from './session-api';

const CHILDREN = resolve(import.meta.dirname, '../../../test-support/children');
const FAR = 4102444800;
// Generous: the machine is shared; the events come in milliseconds.
const WAIT = { timeout: 10_000 };

/** A watching session on `home`, recording the events named. */
async function watching(home: string, warnings: string[] = []) {
  const session = await openVault(home, { warn: (message) => warnings.push(message) });
  onTestFinished(() => session.close());
  await session.startWatching();
  const seen: Array<{ event: EventName; payload: unknown }> = [];
  for (const event of [
    'credvault:keys.changed',
    'credvault:settings.changed',
    'credvault:bearers.changed',
  ] as const)
    session.subscribe(event, (payload) => seen.push({ event, payload }));
  const of = <E extends EventName>(event: E) =>
    seen.filter((entry) => entry.event === event).map((entry) => entry.payload as EventPayload<E>);
  return { session, of, seen };
}

/** Another Credvault on the same home, as a CLI command would be: one call, then closed. */
async function other<T>(home: string, call: (session: VaultSession) => Promise<T>): Promise<T> {
  const session = await openVault(home);
  try {
    return await call(session);
  } finally {
    await session.close();
  }
}

function writeBearer(root: string, id: string): void {
  const dir = join(root, id);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  writeFileSync(join(dir, 'access_token.json'), '"a"', { mode: 0o600 });
  writeFileSync(join(dir, 'refresh_token.json'), '"r"', { mode: 0o600 });
  writeFileSync(join(dir, 'expires_at.json'), JSON.stringify(String(FAR)), { mode: 0o600 });
}

describe('config files watch', () => {
  it('announces keys minted and revoked by another process, in the vault key file and configured ones', async () => {
    const home = makeTempDir();
    const { session, of } = await watching(home);
    const vaultKeys = join(home, 'keys.json');

    // The vault's key file does not exist yet: the first mint creates it.
    await other(home, (cli) => cli.mintKey({ name: 'deploy-bot' }));
    await vi.waitFor(
      () => expect(of('credvault:keys.changed')).toContainEqual({ file: vaultKeys }),
      WAIT,
    );

    // A key file configured while watching, in a folder made only later.
    const shared = join(home, 'later', 'service', 'keys.json');
    await session.updateSettings({ keyFiles: [shared] });
    mkdirSync(join(home, 'later', 'service'), { recursive: true });
    await other(home, (cli) => cli.mintKey({ file: shared, name: 'svc' }));
    await vi.waitFor(
      () => expect(of('credvault:keys.changed')).toContainEqual({ file: shared }),
      WAIT,
    );

    const before = of('credvault:keys.changed').length;
    await other(home, (cli) => cli.revokeKeys({ file: shared, name: 'svc' }));
    await vi.waitFor(
      () => expect(of('credvault:keys.changed').slice(before)).toContainEqual({ file: shared }),
      WAIT,
    );
    expect((await session.listKeys({ file: shared })).keys).toEqual([]);
  });

  it('announces settings another process changed, and watches a root added there at once', async () => {
    const home = makeTempDir();
    const { session, of } = await watching(home);

    // A second process adds a root that does not exist yet.
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(CHILDREN, 'settings-writer.ts'), home, 'x', '1'],
      {
        stdio: ['pipe', 'pipe', 'inherit'],
      },
    );
    await new Promise<void>((ready) => child.stdout.once('data', () => ready()));
    child.stdin.write('go\n');
    await new Promise((done) => child.on('close', done));
    const added = join(home, 'x-0');
    await vi.waitFor(
      () =>
        expect(
          of('credvault:settings.changed')
            .at(-1)
            ?.roots.map((root) => root.path),
        ).toEqual([join(home, 'bearers'), added]),
      WAIT,
    );

    // Made later, by someone else: its bearers are announced, no call needed.
    writeBearer(added, 'agent-X');
    await vi.waitFor(
      () =>
        expect(of('credvault:bearers.changed')).toContainEqual({
          root: added,
          ids: ['agent-X'],
          origin: 'disk',
        }),
      WAIT,
    );

    // A root that exists, added by another process: watched at once too.
    const existing = join(home, 'y');
    mkdirSync(existing);
    await other(home, (cli) => cli.addRoot({ path: existing }));
    await vi.waitFor(
      () =>
        expect(
          of('credvault:settings.changed')
            .at(-1)
            ?.roots.map((root) => root.path),
        ).toContain(existing),
      WAIT,
    );
    writeBearer(existing, 'agent-Y');
    await vi.waitFor(
      () =>
        expect(of('credvault:bearers.changed')).toContainEqual({
          root: existing,
          ids: ['agent-Y'],
          origin: 'disk',
        }),
      WAIT,
    );
    expect((await session.listBearers({})).bearers.map((row) => row.id)).toEqual([
      'agent-X',
      'agent-Y',
    ]);
  }, 30_000);

  it("announces the session's own settings change once, and another process's after it", async () => {
    const home = makeTempDir();
    const { session, of } = await watching(home);
    await session.updateSettings({ theme: 'dark' });
    expect(of('credvault:settings.changed').map((settings) => settings.theme)).toEqual(['dark']);

    // Another process's change: announced once it is read, after the echo of ours.
    await other(home, (cli) => cli.updateSettings({ theme: 'light' }));
    await vi.waitFor(
      () =>
        expect(of('credvault:settings.changed').map((settings) => settings.theme)).toContain(
          'light',
        ),
      WAIT,
    );
    // A key file change after both: by then every settings read is done.
    await other(home, (cli) => cli.mintKey({ name: 'k' }));
    await vi.waitFor(() => expect(of('credvault:keys.changed')).not.toEqual([]), WAIT);
    expect(of('credvault:settings.changed').map((settings) => settings.theme)).toEqual([
      'dark',
      'light',
    ]);
  });

  it('reports an invalid settings file once, keeps the last good settings, and carries on', async () => {
    const home = makeTempDir();
    const warnings: string[] = [];
    const { session, of } = await watching(home, warnings);
    const settingsPath = join(home, 'settings.json');
    await session.updateSettings({ theme: 'dark' });

    writeFileSync(settingsPath, '{ "version": 1, "theme": ', { mode: 0o600 });
    await vi.waitFor(() => expect(warnings).toHaveLength(1), WAIT);
    expect(warnings[0]).toContain(settingsPath);
    writeFileSync(settingsPath, '{ "version": 1, "theme": 7 }', { mode: 0o600 });
    writeFileSync(settingsPath, '{ "version": 1, "theme": "light" }', { mode: 0o600 });
    await vi.waitFor(
      () =>
        expect(of('credvault:settings.changed').map((settings) => settings.theme)).toEqual([
          'dark',
          'light',
        ]),
      WAIT,
    );
    expect(warnings).toHaveLength(1);
  });
});

describe('config files watch, told of changes by hand', () => {
  function setup() {
    const home = makeTempDir();
    const events = new EventHub();
    const settings = new SettingsFile(home);
    const warnings: string[] = [];
    const watched: string[][] = [];
    let handlers: PathWatchHandlers | null = null;
    const watch = new ConfigFilesWatch({
      events,
      settings,
      settingsPath: settings.path,
      defaultKeyFile: join(home, 'keys.json'),
      refreshRoots: async () => undefined,
      warn: (message) => warnings.push(message),
      watchPaths: async (targets, given) => {
        watched.push([...targets]);
        handlers = given;
        return { close: async () => undefined };
      },
    });
    onTestFinished(() => watch.close());
    const announced: Array<EventPayload<'credvault:settings.changed'>> = [];
    events.subscribe('credvault:settings.changed', (payload) => announced.push(payload));
    const keys: string[] = [];
    events.subscribe('credvault:keys.changed', ({ file }) => keys.push(file));
    /** The watch saw `path` change; resolves once that is handled. */
    const change = async (path: string) => {
      handlers?.onChange(path);
      await watch.idle();
    };
    return { home, events, settings, watch, warnings, watched, announced, keys, change };
  }

  it('reports an invalid settings file once per spell, announcing nothing meanwhile', async () => {
    const { settings, watch, warnings, announced, change } = setup();
    await watch.start();
    writeFileSync(settings.path, '{', { mode: 0o600 });
    await change(settings.path);
    writeFileSync(settings.path, '{ "theme": 7 }', { mode: 0o600 });
    await change(settings.path);
    expect(warnings).toHaveLength(1);
    expect(announced).toEqual([]);

    writeFileSync(settings.path, '{ "theme": "dark" }', { mode: 0o600 });
    await change(settings.path);
    expect(announced.map((value) => value.theme)).toEqual(['dark']);
    await change(settings.path); // the same again: nothing new
    expect(announced).toHaveLength(1);

    writeFileSync(settings.path, 'nope', { mode: 0o600 });
    await change(settings.path);
    expect(warnings).toHaveLength(2);
  });

  it("stays silent on the echo of the session's own changes, and follows the key files it names", async () => {
    const { home, events, settings, watch, watched, announced, keys, change } = setup();
    await watch.start();
    // The default root, not made yet, is watched for until it is.
    const root = join(home, 'bearers');
    expect(watched).toEqual([[root, join(home, 'keys.json'), settings.path].sort()]);
    const other = join(home, 'other-keys.json');
    // As settings-calls.ts does: write, then announce.
    events.emit(
      'credvault:settings.changed',
      await settings.update((current) => ({ ...current, keyFiles: [other] })),
    );
    await change(settings.path);
    expect(announced).toHaveLength(1);
    expect(watched.at(-1)).toEqual([root, join(home, 'keys.json'), other, settings.path].sort());

    await change(other);
    await change(join(home, 'unrelated.json'));
    expect(keys).toEqual([other]);

    // The session's own key write, announced by its call (key-calls.ts): the
    // watch's echo is silent; a change after it is not.
    writeFileSync(other, '{"keys":1}', { mode: 0o600 });
    events.emit('credvault:keys.changed', { file: other });
    await change(other);
    expect(keys).toEqual([other, other]);
    writeFileSync(other, '{"keys":2}', { mode: 0o600 });
    await change(other);
    expect(keys).toEqual([other, other, other]);
  });
});
