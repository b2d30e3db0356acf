/**
 * Records that look half written (a token file newer than expires_at.json):
 * a live writer is waited out and never served mixed; once quiet, the record
 * is served with a warning. A bearer that never stays quiet is `busy`.
 */
import { chmodSync, mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BearerStore } from './bearer-store';
import { makeTempDir } from '../../../test-support/temp-dir';
import { rejectionOf } from '../../../test-support/leak-marker';

const LONG_AGO_MS = Date.parse('2026-01-01T00:00:00Z');
const FILES = ['access_token.json', 'refresh_token.json', 'expires_at.json'] as const;
type FileName = (typeof FILES)[number];

/** Rewrites one file in place, as an editor, `sed -i` or the seed's broker would leave it. */
function writeInPlace(dir: string, name: FileName, value: string): void {
  writeFileSync(join(dir, name), JSON.stringify(value));
  chmodSync(join(dir, name), 0o600);
}

/** Sets a file's mtime to `seconds` after LONG_AGO: quiet for long, in a chosen order. */
function age(dir: string, name: FileName, seconds: number): void {
  const at = new Date(LONG_AGO_MS + seconds * 1000);
  utimesSync(join(dir, name), at, at);
}

/** A bearer written long ago, the way the seed writes it. */
function oldBearer(root: string, id: string, values = ['acc', 'ref', '4102444800']): string {
  const dir = join(root, id);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(root, 0o700);
  FILES.forEach((name, i) => {
    writeInPlace(dir, name, values[i] as string);
    age(dir, name, 0);
  });
  return dir;
}

const OUT_OF_ORDER =
  /newer than expires_at\.json: edited by hand, copied without keeping file times \(cp -r without -p, rsync without -t\), or a write that stopped half way/;

describe('a record whose token file is newer than its expiry', () => {
  it('is served with a warning naming the files and the likely causes (a token pasted by hand)', async () => {
    const root = makeTempDir();
    const dir = oldBearer(root, 'pasted');
    writeInPlace(dir, 'access_token.json', 'pasted-by-hand');
    age(dir, 'access_token.json', 60);
    const store = new BearerStore({ root });

    const [summary] = await store.list();
    expect(summary).toMatchObject({
      id: 'pasted',
      status: 'ok',
      expiresAtUnix: 4102444800,
      error: null,
    });
    expect(summary?.warning).toMatch(/^access_token\.json is newer than expires_at\.json: /);
    expect(summary?.warning).toMatch(OUT_OF_ORDER);
    expect(await store.show('pasted')).toEqual(summary);
    expect(await store.reveal('pasted')).toMatchObject({
      accessToken: 'pasted-by-hand',
      refreshToken: 'ref',
      warning: summary?.warning,
    });
  });

  it('names both token files when both are newer (a copy that did not keep times)', async () => {
    const root = makeTempDir();
    const dir = oldBearer(root, 'copied');
    age(dir, 'access_token.json', 2);
    age(dir, 'refresh_token.json', 3);
    const { warning } = await new BearerStore({ root }).show('copied');
    expect(warning).toMatch(/^access_token\.json and refresh_token\.json are newer than/);
  });

  it('whose writer was killed between renames can be read back, rotated refresh token and all; a put clears the warning', async () => {
    const root = makeTempDir();
    let killAfterRefresh = false;
    const store = new BearerStore({
      root,
      onFileReplaced: (file) => {
        if (killAfterRefresh && file === 'refresh_token.json') throw new Error('killed');
      },
    });
    await store.put('agent', { accessToken: 'acc-1', refreshToken: 'ref-1', expiresAtUnix: 2e9 });
    killAfterRefresh = true;
    const killed = { accessToken: 'acc-2', refreshToken: 'ref-2-rotated', expiresAtUnix: 2e9 + 1 };
    await expect(store.put('agent', killed)).rejects.toThrow(/cannot write bearer files/);
    // Long enough ago that no writer can still be at work, in the order the writes left them.
    const dir = join(root, 'agent');
    age(dir, 'expires_at.json', 0);
    age(dir, 'access_token.json', 0);
    age(dir, 'refresh_token.json', 1);

    const revealed = await new BearerStore({ root }).reveal('agent');
    expect(revealed).toMatchObject({
      accessToken: 'acc-1',
      refreshToken: 'ref-2-rotated',
      expiresAtUnix: 2e9,
      status: 'ok',
    });
    expect(revealed.warning).toMatch(/^refresh_token\.json is newer than expires_at\.json: /);

    killAfterRefresh = false;
    await store.put('agent', killed);
    expect(await new BearerStore({ root }).reveal('agent')).toMatchObject({
      accessToken: 'acc-2',
      refreshToken: 'ref-2-rotated',
      warning: null,
    });
  });

  it('is waited on while its writer is stalled between files, and then served whole, never half written', async () => {
    const root = makeTempDir();
    const dir = oldBearer(root, 'agent', ['acc-1', 'ref-1', '2000000001']);
    // A writer that wrote the access token, then stalls 300 ms before the rest.
    writeInPlace(dir, 'access_token.json', 'acc-2');
    const rest = new Promise<void>((resolve) =>
      setTimeout(() => {
        writeInPlace(dir, 'refresh_token.json', 'ref-2');
        writeInPlace(dir, 'expires_at.json', '2000000002');
        resolve();
      }, 300),
    );
    const revealed = await new BearerStore({ root }).reveal('agent');
    await rest;
    expect(revealed).toMatchObject({
      accessToken: 'acc-2',
      refreshToken: 'ref-2',
      expiresAtUnix: 2000000002,
      warning: null,
    });
  });
});

describe('a bearer rewritten continuously', () => {
  it('lists as busy with its reason; reading or writing it is an environment error naming it', async () => {
    const root = makeTempDir();
    const dir = oldBearer(root, 'agent');
    oldBearer(root, 'quiet');
    let n = 0;
    let started: () => void = () => {};
    const firstWrite = new Promise<void>((resolve) => (started = resolve));
    const writer = setInterval(() => {
      writeInPlace(dir, 'access_token.json', `acc-${n++}`);
      started();
    }, 5);
    try {
      await firstWrite;
      const store = new BearerStore({ root, readDeadlineMs: 300 });
      const list = await store.list();
      expect(list.map((s) => [s.id, s.status])).toEqual([
        ['agent', 'busy'],
        ['quiet', 'ok'],
      ]);
      expect(list[0]).toMatchObject({ expiresAtUnix: null, warning: null });
      expect(list[0]?.error).toMatch(/kept changing for 0\.3 s.*another program is rewriting it/);

      for (const read of [store.reveal('agent'), store.readValidRecord('agent')]) {
        const error = await rejectionOf(read);
        expect(error).toMatchObject({ kind: 'environment' });
        expect(error.message).toMatch(/^bearer "agent" is busy: its files kept changing/);
      }
      const refused = await rejectionOf(
        store.put('agent', { accessToken: 'a', refreshToken: 'r', expiresAtUnix: 1 }),
      );
      expect(refused).toMatchObject({ kind: 'environment' });
      expect(refused.message).toMatch(/^another program kept rewriting bearer "agent"/);
    } finally {
      clearInterval(writer);
    }
  });
});
