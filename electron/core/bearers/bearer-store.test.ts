import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BearerStore, BEARER_LOCK_NAME } from './bearer-store';
import { SEED_BEARER_IDS, copySeedRoot } from '../../../test-support/seed-fixtures';
import { makeTempDir } from '../../../test-support/temp-dir';
import { LEAK_MARKER, markedSecret, rejectionOf } from '../../../test-support/leak-marker';
import { holdLockInAnotherProcess } from '../../../test-support/lock-holder-process';

const FILES = ['access_token.json', 'refresh_token.json', 'expires_at.json'];
const LONG_AGO = new Date('2026-01-01T00:00:00Z');
const fixedClock = (unix: number) => ({ nowMs: () => unix * 1000 });

function mode(path: string): number {
  return lstatSync(path).mode & 0o777;
}

/** Writes a bearer folder by hand, the way the seed would (in place, 0600), long ago. */
function handWrite(
  root: string,
  id: string,
  files: Record<string, string | Buffer>,
  dirMode = 0o700,
): string {
  const dir = join(root, id);
  mkdirSync(dir, { recursive: true });
  chmodSync(dir, dirMode);
  for (const [name, content] of Object.entries(files)) {
    writeFileSync(join(dir, name), content, { mode: 0o600 });
    chmodSync(join(dir, name), 0o600);
    utimesSync(join(dir, name), LONG_AGO, LONG_AGO);
  }
  return dir;
}

const GOOD = {
  'access_token.json': '"acc"',
  'refresh_token.json': '"ref"',
  'expires_at.json': '"4102444800"',
};

describe('the seed fixtures', () => {
  it('list with the status or the reason a user expects for each bearer', async () => {
    const root = copySeedRoot(join(makeTempDir(), 'root'));
    const list = await new BearerStore({ root, clock: fixedClock(1_800_000_000) }).list();
    const byId = Object.fromEntries(list.map((s) => [s.id, s]));
    expect(list.map((s) => s.id)).toEqual(SEED_BEARER_IDS);
    expect(byId['agent-far']).toMatchObject({
      status: 'ok',
      expiresAtUnix: 4102444800,
      error: null,
    });
    expect(byId['agent-expired']).toMatchObject({ status: 'expired', expiresAtUnix: 0 });
    expect(byId['agent-quotes']).toMatchObject({ status: 'expired', expiresAtUnix: 1767225600 });
    expect(byId['agent-empty']).toMatchObject({
      status: 'invalid',
      error: 'access_token.json: empty access token',
    });
    expect(byId['agent-2pow53plus1']).toMatchObject({ status: 'invalid', expiresAtUnix: null });
    expect(byId['agent-2pow53plus1']?.error).toBe(
      'expires_at.json: expiry 9007199254740993 is out of range (over 2^53-1)',
    );
    expect(byId['agent-u64max']?.error).toBe(
      'expires_at.json: expiry 18446744073709551615 is out of range (over 2^53-1)',
    );
  });

  it('round-trip tokens exactly, escapes included', async () => {
    const root = copySeedRoot(join(makeTempDir(), 'root'));
    const store = new BearerStore({ root });
    expect(await store.reveal('agent-quotes')).toMatchObject({
      accessToken: 'acc "quoted" \\ back\\slash é ✓',
      refreshToken: 'r/q',
    });
    expect((await store.reveal('agent-control')).accessToken).toBe('line1\nline2\ttab');
  });

  it('are reproduced byte for byte by our writer', async () => {
    const seedRoot = copySeedRoot(join(makeTempDir(), 'seed'));
    const ourRoot = join(makeTempDir(), 'ours');
    const seed = new BearerStore({ root: seedRoot });
    const ours = new BearerStore({ root: ourRoot });
    for (const id of ['agent-far', 'agent-expired', 'agent-quotes', 'agent-control']) {
      const record = await seed.reveal(id);
      await ours.put(id, record);
      for (const file of FILES) {
        expect(readFileSync(join(ourRoot, id, file)), `${id}/${file}`).toEqual(
          readFileSync(join(seedRoot, id, file)),
        );
      }
      // Nothing but the three files is left behind (no temp files).
      expect(
        readdirSync(join(ourRoot, id))
          .filter((n) => !n.startsWith('.credvault.lock'))
          .sort(),
      ).toEqual([...FILES].sort());
    }
  });
});

describe('modes', () => {
  const originalUmask = process.umask();
  afterEach(() => {
    process.umask(originalUmask);
  });

  it.each([0o000, 0o022, 0o277])(
    'are 0700 for folders and 0600 for files from creation under umask %o',
    async (umask) => {
      process.umask(umask);
      const root = join(makeTempDir(), 'fresh-root');
      const store = new BearerStore({ root });
      await store.put('agent-A', { accessToken: 'a', refreshToken: 'r', expiresAtUnix: 10 });
      expect(mode(root)).toBe(0o700);
      expect(mode(join(root, 'agent-A'))).toBe(0o700);
      for (const file of FILES) expect(mode(join(root, 'agent-A', file))).toBe(0o600);
    },
  );
});

describe('bad bearers', () => {
  function rootWithEveryKindOfBadBearer(): string {
    const root = join(makeTempDir(), 'root');
    mkdirSync(root, { mode: 0o700 });
    handWrite(root, 'good', GOOD);
    handWrite(root, 'missing-file', { 'access_token.json': '"a"', 'expires_at.json': '"5"' });
    handWrite(root, 'bad-json', { ...GOOD, 'access_token.json': `{"tok": "${LEAK_MARKER}` });
    handWrite(root, 'number-expiry', { ...GOOD, 'expires_at.json': '1767225600' });
    handWrite(root, 'nondigit-expiry', { ...GOOD, 'expires_at.json': '"12a"' });
    handWrite(root, 'huge-expiry', { ...GOOD, 'expires_at.json': '"9007199254740992"' });
    handWrite(root, 'empty-access', { ...GOOD, 'access_token.json': '""' });
    handWrite(root, 'too-large', { ...GOOD, 'access_token.json': `"${'x'.repeat(70_000)}"` });
    handWrite(root, 'not-utf8', { ...GOOD, 'refresh_token.json': Buffer.from([0x22, 0xff, 0x22]) });
    const symlinked = handWrite(root, 'symlinked-file', {
      'refresh_token.json': '"r"',
      'expires_at.json': '"5"',
    });
    writeFileSync(join(root, 'elsewhere.txt'), '"secret elsewhere"');
    symlinkSync(join(root, 'elsewhere.txt'), join(symlinked, 'access_token.json'));
    const fifo = handWrite(root, 'fifo', { 'refresh_token.json': '"r"', 'expires_at.json': '"5"' });
    execFileSync('mkfifo', ['-m', '600', join(fifo, 'access_token.json')]);
    const loose = handWrite(root, 'loose-file', GOOD);
    chmodSync(join(loose, 'access_token.json'), 0o644);
    handWrite(root, 'loose-folder', GOOD, 0o755);
    handWrite(root, 'bad id', GOOD);
    symlinkSync(join(root, 'good'), join(root, 'symlinked-folder'));
    mkdirSync(join(root, '.credvault-private'));
    return root;
  }

  it('are listed as invalid with the file and the reason, and never stop the rest', async () => {
    const root = rootWithEveryKindOfBadBearer();
    const list = await new BearerStore({ root, clock: fixedClock(1_800_000_000) }).list();
    const errors = Object.fromEntries(list.map((s) => [s.id, s.error]));
    expect(errors).toEqual({
      good: null,
      'missing-file': 'refresh_token.json missing',
      'bad-json': 'access_token.json: not valid JSON',
      'number-expiry': 'expires_at.json: does not hold a JSON string',
      'nondigit-expiry': 'expires_at.json: expiry is not a string of decimal digits',
      'huge-expiry': 'expires_at.json: expiry 9007199254740992 is out of range (over 2^53-1)',
      'empty-access': 'access_token.json: empty access token',
      'too-large': 'access_token.json is larger than 64 KiB',
      'not-utf8': 'refresh_token.json: not valid UTF-8',
      'symlinked-file': 'access_token.json is a symlink (never followed)',
      fifo: 'access_token.json is a FIFO',
      'loose-file': 'access_token.json has loose permissions 0644 (must be 0600)',
      'loose-folder': 'folder has loose permissions 0755 (must be 0700)',
      'bad id': 'folder name is not a valid bearer id',
      'symlinked-folder': 'is a symlink (never followed)',
      'elsewhere.txt': 'is not a folder',
    });
    for (const summary of list) {
      expect(summary.status).toBe(summary.id === 'good' ? 'ok' : 'invalid');
      if (summary.status === 'invalid') expect(summary.expiresAtUnix).toBeNull();
    }
  });

  it('are never overwritten without --force, and are with it', async () => {
    const root = rootWithEveryKindOfBadBearer();
    const store = new BearerStore({ root });
    const record = { accessToken: 'new', refreshToken: 'new-r', expiresAtUnix: 4102444800 };
    for (const id of [
      'bad-json',
      'empty-access',
      'huge-expiry',
      'loose-file',
      'fifo',
      'symlinked-file',
    ]) {
      const before = readdirSync(join(root, id)).map((name) => [
        name,
        lstatSync(join(root, id, name)).ino,
      ]);
      const error = await rejectionOf(store.put(id, record));
      expect(error.message).toMatch(/is invalid .*not overwritten: use --force/);
      expect(
        readdirSync(join(root, id)).map((name) => [name, lstatSync(join(root, id, name)).ino]),
      ).toEqual(before);
      expect(await store.put(id, record, { force: true })).toMatchObject({
        bearer: { id, status: 'ok', warning: null },
        conflict: null,
      });
      expect((await store.reveal(id)).accessToken).toBe('new');
    }
    // The symlink was replaced, never written through.
    expect(readFileSync(join(root, 'elsewhere.txt'), 'utf8')).toBe('"secret elsewhere"');
  });

  it('a symlinked bearer folder is refused even with --force, and by rm (not a bearer folder)', async () => {
    const root = rootWithEveryKindOfBadBearer();
    const store = new BearerStore({ root });
    const record = { accessToken: 'new', refreshToken: '', expiresAtUnix: 1 };
    expect(
      (await rejectionOf(store.put('symlinked-folder', record, { force: true }))).message,
    ).toMatch(/symlink/);
    expect((await rejectionOf(store.remove('symlinked-folder'))).message).toMatch(
      /is a symlink, not a bearer folder; nothing was removed/,
    );
    expect(lstatSync(join(root, 'symlinked-folder')).isSymbolicLink()).toBe(true);
    expect((await store.reveal('good')).accessToken).toBe('acc');
  });

  it('the reason never quotes file contents', async () => {
    const root = join(makeTempDir(), 'root');
    handWrite(root, 'leaky', { ...GOOD, 'access_token.json': `["${markedSecret()}"` });
    const [summary] = await new BearerStore({ root }).list();
    expect(summary?.error).toBe('access_token.json: not valid JSON');
    const error = await rejectionOf(new BearerStore({ root }).reveal('leaky'));
    expect(error.message).toMatch(/leaky.*not valid JSON/);
  });
});

describe('put, show and rm', () => {
  it('refuses bad records, naming the field and never its value', async () => {
    const store = new BearerStore({ root: join(makeTempDir(), 'root') });
    const secret = markedSecret('tok');
    const cases: Array<[object, RegExp]> = [
      [
        { accessToken: '', refreshToken: secret, expiresAtUnix: 1 },
        /access_token must not be empty/,
      ],
      [
        { accessToken: secret, refreshToken: secret, expiresAtUnix: -1 },
        /expires_at_unix must not be negative/,
      ],
      [{ accessToken: secret, refreshToken: secret, expiresAtUnix: 1.5 }, /whole number/],
      [{ accessToken: secret, refreshToken: secret, expiresAtUnix: 2 ** 53 }, /out of range/],
      [
        { accessToken: `${secret}\ud800`, refreshToken: secret, expiresAtUnix: 1 },
        /unpaired surrogate/,
      ],
      [
        { accessToken: 'x'.repeat(70_000), refreshToken: secret, expiresAtUnix: 1 },
        /larger than 64 KiB/,
      ],
    ];
    for (const [record, message] of cases) {
      const error = await rejectionOf(store.put('agent', record as never));
      expect(error.message).toMatch(message);
    }
  });

  it('show and reveal a bearer that does not exist with a not-found error', async () => {
    const store = new BearerStore({ root: makeTempDir() });
    const error = await rejectionOf(store.show('nobody'));
    expect(error).toMatchObject({ kind: 'not-found' });
    expect(error.message).toMatch(/no bearer "nobody"/);
  });

  it('near expiry follows the configured window', async () => {
    const root = makeTempDir();
    const now = 1_800_000_000;
    const tight = new BearerStore({ root, clock: fixedClock(now) });
    await tight.put('soon', { accessToken: 'a', refreshToken: '', expiresAtUnix: now + 200 });
    await tight.put('now', { accessToken: 'a', refreshToken: '', expiresAtUnix: now });
    expect((await tight.show('soon')).status).toBe('near_expiry');
    expect((await tight.show('now')).status).toBe('expired');
    expect(await tight.show('soon')).toMatchObject({ expiresInS: 200 });
    const wide = new BearerStore({ root, clock: fixedClock(now), nearExpiryWindowS: 100 });
    expect((await wide.show('soon')).status).toBe('ok');
  });

  it('rm removes the files, our dot files and the folder; refuses foreign files and loses nothing', async () => {
    const root = makeTempDir();
    const store = new BearerStore({ root });
    await store.put('agent-A', { accessToken: 'a', refreshToken: 'r', expiresAtUnix: 1 });
    writeFileSync(join(root, 'agent-A', '.access_token.json.0123456789ab.tmp'), 'left by a crash');
    mkdirSync(join(root, 'agent-A', BEARER_LOCK_NAME));
    utimesSync(join(root, 'agent-A', BEARER_LOCK_NAME), LONG_AGO, LONG_AGO); // a crashed holder's lock
    await store.remove('agent-A');
    expect(existsSync(join(root, 'agent-A'))).toBe(false);

    await store.put('agent-B', { accessToken: 'a', refreshToken: 'r', expiresAtUnix: 1 });
    writeFileSync(join(root, 'agent-B', 'notes.txt'), 'mine');
    expect((await rejectionOf(store.remove('agent-B'))).message).toMatch(
      /also holds "notes.txt"; nothing was removed/,
    );
    expect(readdirSync(join(root, 'agent-B')).sort()).toEqual([...FILES, 'notes.txt'].sort());
    expect(await rejectionOf(store.remove('agent-C'))).toMatchObject({ kind: 'not-found' });
  });

  it('put cleans temp files a crash left behind, but not a fresh one that may be in flight', async () => {
    const root = makeTempDir();
    const store = new BearerStore({ root });
    await store.put('agent-A', { accessToken: 'a', refreshToken: 'r', expiresAtUnix: 1 });
    const stale = join(root, 'agent-A', '.refresh_token.json.aaaaaaaaaaaa.tmp');
    const fresh = join(root, 'agent-A', '.refresh_token.json.bbbbbbbbbbbb.tmp');
    writeFileSync(stale, 'x');
    utimesSync(stale, LONG_AGO, LONG_AGO);
    writeFileSync(fresh, 'x');
    await store.put('agent-A', { accessToken: 'a2', refreshToken: 'r2', expiresAtUnix: 2 });
    expect(existsSync(stale)).toBe(false);
    expect(existsSync(fresh)).toBe(true);
    // Dot entries never show up as bearers.
    expect((await store.list()).map((s) => s.id)).toEqual(['agent-A']);
  });

  it('a put that loses the lock race waits for the holder to release, then writes whole records', async () => {
    const root = makeTempDir();
    const store = new BearerStore({ root });
    const before = { accessToken: 'a-before', refreshToken: 'r-before', expiresAtUnix: 1000 };
    await store.put('agent-A', before);
    // Another process holds the bearer's lock, as a writer in the middle of a write would.
    const holder = await holdLockInAnotherProcess(join(root, 'agent-A', BEARER_LOCK_NAME), 600_000);
    let landed = false;
    const put = store
      .put('agent-A', { accessToken: 'a-after', refreshToken: 'r-after', expiresAtUnix: 2000 })
      .then(() => (landed = true));
    // A put that ignored the lock would land within milliseconds; give it a
    // second to show. With the lock honoured, nothing below depends on time.
    for (let turn = 0; turn < 20 && !landed; turn++) await new Promise((r) => setTimeout(r, 50));
    expect(landed).toBe(false);
    expect(await store.reveal('agent-A')).toMatchObject(before);

    await holder.release();
    await put;
    expect(await store.reveal('agent-A')).toMatchObject({
      accessToken: 'a-after',
      refreshToken: 'r-after',
      expiresAtUnix: 2000,
    });

    // Many puts racing in one process: each waits its turn, the last one wins whole.
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        store.put('agent-A', {
          accessToken: `a${i}`,
          refreshToken: `r${i}`,
          expiresAtUnix: 1000 + i,
        }),
      ),
    );
    const record = await store.reveal('agent-A');
    const i = record.expiresAtUnix - 1000;
    expect(record).toMatchObject({ accessToken: `a${i}`, refreshToken: `r${i}` });
  });
});
