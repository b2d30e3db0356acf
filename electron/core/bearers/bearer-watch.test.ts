import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { BearerStore } from './bearer-store';
import { makeTempDir } from '../../../test-support/temp-dir';

function seedWrite(root: string, id: string, access: string, expiry: number): void {
  const dir = join(root, id);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  writeFileSync(join(dir, 'access_token.json'), JSON.stringify(access), { mode: 0o600 });
  writeFileSync(join(dir, 'refresh_token.json'), JSON.stringify('r'), { mode: 0o600 });
  writeFileSync(join(dir, 'expires_at.json'), JSON.stringify(String(expiry)), { mode: 0o600 });
}

/** Resolves on the next change report that names `id`. */
function nextChange(changes: Array<(ids: string[]) => void>, id: string): Promise<void> {
  return new Promise((resolve) => {
    changes.push((ids) => {
      if (ids.includes(id)) resolve();
    });
  });
}

describe('watching a root', () => {
  it('reports changes made by another writer, and list never serves the old record', async () => {
    const root = makeTempDir();
    seedWrite(root, 'agent-A', 'a1', 4102444800);
    const store = new BearerStore({ root });
    const listeners: Array<(ids: string[]) => void> = [];
    const watch = await store.watch((ids) => listeners.forEach((l) => l(ids)));
    onTestFinished(() => watch.close());

    expect((await store.list()).map((s) => [s.id, s.expiresAtUnix])).toEqual([
      ['agent-A', 4102444800],
    ]);

    // Another program rewrites the expiry in place.
    let changed = nextChange(listeners, 'agent-A');
    writeFileSync(join(root, 'agent-A', 'expires_at.json'), JSON.stringify('1767225600'));
    await changed;
    expect((await store.list()).map((s) => [s.id, s.expiresAtUnix])).toEqual([
      ['agent-A', 1767225600],
    ]);

    // A new bearer appears, one goes away.
    changed = nextChange(listeners, 'agent-B');
    seedWrite(root, 'agent-B', 'b1', 4102444800);
    await changed;
    expect((await store.list()).map((s) => s.id)).toEqual(['agent-A', 'agent-B']);
    changed = nextChange(listeners, 'agent-A');
    rmSync(join(root, 'agent-A'), { recursive: true });
    await changed;
    expect((await store.list()).map((s) => s.id)).toEqual(['agent-B']);
  });

  it('sees our own atomic writes (the rename) as changes of the real file', async () => {
    const root = makeTempDir();
    const store = new BearerStore({ root });
    await store.put('agent-A', { accessToken: 'a', refreshToken: 'r', expiresAtUnix: 100 });
    const listeners: Array<(ids: string[]) => void> = [];
    const watch = await store.watch((ids) => listeners.forEach((l) => l(ids)));
    onTestFinished(() => watch.close());
    await store.list();
    const writer = new BearerStore({ root }); // another instance, as another process would be
    const changed = nextChange(listeners, 'agent-A');
    await writer.put('agent-A', { accessToken: 'a', refreshToken: 'r', expiresAtUnix: 200 });
    await changed;
    expect((await store.show('agent-A')).expiresAtUnix).toBe(200);
    expect((await store.list())[0]?.expiresAtUnix).toBe(200);
  });
});
