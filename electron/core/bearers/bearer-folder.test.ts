/**
 * `rm` removes only bearer folders and only Credvault's own files in them;
 * a root that is itself a symlink is followed by every command, while
 * nothing inside a root ever is.
 */
import {
  existsSync,
  lstatSync,
  lutimesSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { markedSecret, rejectionOf } from '../../../test-support/leak-marker';
import { makeTempDir } from '../../../test-support/temp-dir';
import { VaultError } from '../errors';
import { BEARER_LOCK_NAME, BearerStore } from './bearer-store';

const FILES = ['access_token.json', 'expires_at.json', 'refresh_token.json'];
const LONG_AGO = new Date('2026-01-01T00:00:00Z');
const RECORD = { accessToken: 'a', refreshToken: 'r', expiresAtUnix: 4102444800 };

async function refusal(promise: Promise<unknown>): Promise<VaultError> {
  const error = await rejectionOf(promise);
  expect(error).toBeInstanceOf(VaultError);
  return error as VaultError;
}

describe('bearers rm', () => {
  it('refuses a plain file in the root, whatever its name, and leaves it as it was', async () => {
    const root = makeTempDir();
    writeFileSync(join(root, 'important.txt'), 'a file of the user');
    const error = await refusal(new BearerStore({ root }).remove('important.txt'));
    expect([error.kind, error.message]).toEqual([
      'bad-input',
      `"important.txt" in ${root} is a file, not a bearer folder; nothing was removed (rm removes only bearer folders)`,
    ]);
    expect(readFileSync(join(root, 'important.txt'), 'utf8')).toBe('a file of the user');
  });

  it('refuses a symlink where a bearer folder should be: neither the link nor its target goes', async () => {
    const root = makeTempDir();
    const store = new BearerStore({ root });
    await store.put('real', RECORD);
    symlinkSync(join(root, 'real'), join(root, 'linked'));
    const error = await refusal(store.remove('linked'));
    expect(error.message).toBe(
      `"linked" in ${root} is a symlink, not a bearer folder; nothing was removed (rm removes only bearer folders)`,
    );
    expect(lstatSync(join(root, 'linked')).isSymbolicLink()).toBe(true);
    expect(readdirSync(join(root, 'real')).sort()).toEqual(FILES);
  });

  it("names other programs' files in the folder, dot files included, and removes nothing", async () => {
    const root = makeTempDir();
    const store = new BearerStore({ root });
    await store.put('agent-A', RECORD);
    const dir = join(root, 'agent-A');
    const foreign = [
      '.DS_Store', // a file manager's
      '.access_token.json.swp', // an editor's
      '.notes.txt.0123456789ab.tmp', // our temp pattern, but not for a bearer file
      '.access_token.json.0123456789AB.tmp', // close to ours, not ours
    ];
    for (const name of foreign) writeFileSync(join(dir, name), markedSecret('theirs'));
    mkdirSync(join(dir, 'refresh_token.json.d')); // a folder, named like nothing of ours
    const error = await refusal(store.remove('agent-A'));
    expect(error.kind).toBe('bad-input');
    expect(error.message).toBe(
      `bearer "agent-A" in ${root} also holds ".DS_Store", ".access_token.json.0123456789AB.tmp", ".access_token.json.swp", ".notes.txt.0123456789ab.tmp", "refresh_token.json.d"; nothing was removed (rm removes only a bearer's three files and Credvault's own lock and temp files: move the others first)`,
    );
    expect(readdirSync(dir).sort()).toEqual([...FILES, ...foreign, 'refresh_token.json.d'].sort());
  });

  it('refuses a folder under one of our names, and caps the names it quotes', async () => {
    const root = makeTempDir();
    const dir = join(root, 'agent-A');
    mkdirSync(join(dir, 'access_token.json'), { recursive: true });
    for (let i = 0; i < 12; i++) writeFileSync(join(dir, `.x${String(i).padStart(2, '0')}`), '');
    const error = await refusal(new BearerStore({ root }).remove('agent-A'));
    expect(error.message).toMatch(
      /^bearer "agent-A" in .* also holds "\.x00", .*, "\.x09", and 3 more; nothing was removed/,
    );
    expect(readdirSync(dir)).toHaveLength(13);
  });

  it("removes the three files, our temp files and a crashed holder's lock, then the folder", async () => {
    const root = makeTempDir();
    const store = new BearerStore({ root });
    await store.put('agent-A', RECORD);
    const dir = join(root, 'agent-A');
    for (const file of FILES) writeFileSync(join(dir, `.${file}.0123456789ab.tmp`), markedSecret());
    // A lock left by a holder that crashed long ago, with something inside
    // (a newer Credvault records the holder there).
    mkdirSync(join(dir, BEARER_LOCK_NAME));
    writeFileSync(join(dir, BEARER_LOCK_NAME, 'owner.json'), '{}');
    utimesSync(join(dir, BEARER_LOCK_NAME), LONG_AGO, LONG_AGO);
    await store.remove('agent-A');
    expect(existsSync(dir)).toBe(false);
    expect(readdirSync(root)).toEqual([]);
  });
});

describe('a root that is a symlink', () => {
  /** A real folder (mode 0755, as a user's might be) and a symlink to it as the root. */
  function linkedRoot(): { root: string; target: string } {
    const base = makeTempDir();
    const target = join(base, 'real-root');
    mkdirSync(target, { mode: 0o755 });
    const root = join(base, 'root-link');
    symlinkSync(target, root);
    return { root, target };
  }

  it('is followed by put, list, show and rm; its target keeps its mode', async () => {
    const { root, target } = linkedRoot();
    const store = new BearerStore({ root });
    await store.put('agent-A', RECORD);
    expect(readdirSync(join(target, 'agent-A')).sort()).toEqual(FILES);
    expect(lstatSync(root).isSymbolicLink()).toBe(true);
    expect(statSync(target).mode & 0o777).toBe(0o755);
    expect((await store.list()).map((s) => [s.id, s.status])).toEqual([['agent-A', 'ok']]);
    expect((await store.show('agent-A')).expiresAtUnix).toBe(4102444800);
    await store.remove('agent-A');
    expect(readdirSync(target)).toEqual([]);
  });

  it('pointing nowhere: put is an environment error naming it, and creates nothing', async () => {
    const base = makeTempDir();
    const root = join(base, 'root-link');
    symlinkSync(join(base, 'missing'), root);
    const error = await refusal(new BearerStore({ root }).put('agent-A', RECORD));
    expect([error.kind, error.message]).toEqual([
      'environment',
      `the bearer root ${root} is a symlink to a folder that does not exist; nothing was created`,
    ]);
    expect(existsSync(join(base, 'missing'))).toBe(false);
  });

  it('a symlink to a file is no root', async () => {
    const base = makeTempDir();
    writeFileSync(join(base, 'file'), '');
    symlinkSync(join(base, 'file'), join(base, 'root-link'));
    const error = await refusal(
      new BearerStore({ root: join(base, 'root-link') }).put('agent-A', RECORD),
    );
    expect(error.kind).toBe('environment');
    expect(error.message).toMatch(/^cannot create the bearer root .*root-link: /);
  });

  it('symlinks inside it are still never followed', async () => {
    const { root, target } = linkedRoot();
    const elsewhere = makeTempDir();
    symlinkSync(elsewhere, join(target, 'agent-B'));
    // Old, so list reports it at once instead of waiting for it to settle.
    lutimesSync(join(target, 'agent-B'), LONG_AGO, LONG_AGO);
    const store = new BearerStore({ root });
    expect((await refusal(store.put('agent-B', RECORD, { force: true }))).message).toMatch(
      /is a symlink in .*; refusing to follow it/,
    );
    expect(readdirSync(elsewhere)).toEqual([]);
    expect((await store.list()).map((s) => [s.id, s.status, s.error])).toEqual([
      ['agent-B', 'invalid', 'is a symlink (never followed)'],
    ]);
  });

  it('is watched through the link', async () => {
    const { root, target } = linkedRoot();
    const store = new BearerStore({ root });
    const seen: string[] = [];
    let changed!: () => void;
    const change = new Promise<void>((resolve) => (changed = resolve));
    const watch = await store.watch((ids) => {
      seen.push(...ids);
      if (ids.includes('agent-A')) changed();
    });
    onTestFinished(() => watch.close());
    // Another program writes through the real path.
    mkdirSync(join(target, 'agent-A'), { mode: 0o700 });
    writeFileSync(join(target, 'agent-A', 'access_token.json'), '"a"', { mode: 0o600 });
    await change;
    expect(seen).toContain('agent-A');
  });
});
