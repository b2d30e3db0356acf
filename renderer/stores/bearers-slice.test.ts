import { beforeEach, describe, expect, it } from 'vitest';
import { ContractError } from '@shared/contract';
import { bearerKey } from '../lib/bearer-ref';
import { FakeVaultClient, ROOT, fakeDeps, summary } from '../test-support/fake-vault-client';
import { createAppStore, type AppStore } from './app-store';
import { connectEvents } from './connect-events';

const OTHER_ROOT = '/srv/ci/bearers';

function notFound(id: string): never {
  throw new ContractError({ kind: 'not-found', message: `no bearer "${id}"`, input: id });
}

describe('the bearers slice', () => {
  let client: FakeVaultClient;
  let store: AppStore;
  let disk: Map<string, ReturnType<typeof summary>>;

  const ids = () => [...store.getState().bearers.rows.values()].map((row) => row.id).sort();

  beforeEach(() => {
    disk = new Map(
      [summary('alpha'), summary('beta'), summary('gamma', { root: OTHER_ROOT })].map((row) => [
        bearerKey(row),
        row,
      ]),
    );
    client = new FakeVaultClient({
      'credvault:bearers.list': ({ roots }) => ({
        bearers: [...disk.values()].filter(
          (row) => roots === undefined || roots.includes(row.root),
        ),
        rootErrors: [],
      }),
      'credvault:bearers.show': ({ ref }) => disk.get(bearerKey(ref)) ?? notFound(ref.id),
    });
    store = createAppStore(fakeDeps(client).deps);
    connectEvents(client, store);
  });

  it('lists every root once and shows the roots that could not be read', async () => {
    client.handlers['credvault:bearers.list'] = () => ({
      bearers: [summary('alpha')],
      rootErrors: [{ root: OTHER_ROOT, error: 'permission denied reading /srv/ci/bearers' }],
    });
    await store.getState().loadBearers();
    const { bearers } = store.getState();
    expect(bearers.phase).toBe('ready');
    expect(ids()).toEqual(['alpha']);
    expect(bearers.rootErrors).toEqual([
      { root: OTHER_ROOT, error: 'permission denied reading /srv/ci/bearers' },
    ]);
  });

  it('says why when the list itself fails, in the vault’s words', async () => {
    client.handlers['credvault:bearers.list'] = () => {
      throw new ContractError({
        kind: 'environment',
        message: 'the vault home is not readable',
        input: null,
      });
    };
    await store.getState().loadBearers();
    expect(store.getState().bearers).toMatchObject({
      phase: 'failed',
      error: 'the vault home is not readable',
    });
  });

  it('adds a bearer another program wrote, reading only that bearer', async () => {
    await store.getState().loadBearers();
    const added = summary('delta', { status: 'near_expiry' });
    disk.set(bearerKey(added), added);
    client.calls.length = 0;

    client.emit('credvault:bearers.changed', { root: ROOT, ids: ['delta'], origin: 'disk' });
    await store.getState().bearersSettled();

    expect(ids()).toEqual(['alpha', 'beta', 'delta', 'gamma']);
    expect(store.getState().bearers.rows.get(bearerKey(added))?.status).toBe('near_expiry');
    expect(client.calls.map((call) => call.channel)).toEqual(['credvault:bearers.show']);
  });

  it('drops a bearer that went, and keeps the rows that did not change as they were', async () => {
    await store.getState().loadBearers();
    const before = store.getState().bearers.rows;
    disk.delete(bearerKey({ root: ROOT, id: 'beta' }));

    client.emit('credvault:bearers.changed', {
      root: ROOT,
      ids: ['beta', 'alpha'],
      origin: 'disk',
    });
    await store.getState().bearersSettled();

    const after = store.getState().bearers.rows;
    expect(ids()).toEqual(['alpha', 'gamma']);
    const alpha = bearerKey({ root: ROOT, id: 'alpha' });
    expect(after.get(alpha)).toBe(before.get(alpha));
  });

  it('re-lists only that root when a change names no ids or too many', async () => {
    await store.getState().loadBearers();
    const gamma = bearerKey({ root: OTHER_ROOT, id: 'gamma' });
    const gammaBefore = store.getState().bearers.rows.get(gamma);
    disk.set(bearerKey({ root: ROOT, id: 'beta' }), summary('beta', { status: 'expired' }));
    client.calls.length = 0;

    client.emit('credvault:bearers.changed', { root: ROOT, ids: [], origin: 'disk' });
    await store.getState().bearersSettled();

    expect(client.calls).toEqual([
      { channel: 'credvault:bearers.list', request: { roots: [ROOT] } },
    ]);
    expect(store.getState().bearers.rows.get(bearerKey({ root: ROOT, id: 'beta' }))?.status).toBe(
      'expired',
    );
    expect(store.getState().bearers.rows.get(gamma)).toBe(gammaBefore);
  });

  it('gathers a burst of changes into one round of reads', async () => {
    const tasks: Array<() => void> = [];
    const { deps } = fakeDeps(client);
    store = createAppStore({ ...deps, schedule: (task) => tasks.push(task) });
    await store.getState().loadBearers();
    client.calls.length = 0;

    for (const id of ['alpha', 'beta', 'alpha']) {
      store.getState().bearersChanged({ root: ROOT, ids: [id], origin: 'disk' });
    }
    expect(tasks).toHaveLength(1);
    tasks[0]?.();
    await store.getState().bearersSettled();
    expect(client.callsTo('credvault:bearers.show')).toEqual([
      { ref: { root: ROOT, id: 'alpha' } },
      { ref: { root: ROOT, id: 'beta' } },
    ]);
  });

  it('does not lose a change that arrives while the first list is on its way', async () => {
    // The list was read before delta was written: only the change can bring it.
    const listed = [...disk.values()];
    client.handlers['credvault:bearers.list'] = () => ({ bearers: listed, rootErrors: [] });
    client.hold();
    const loading = store.getState().loadBearers();
    const added = summary('delta');
    disk.set(bearerKey(added), added);
    client.emit('credvault:bearers.changed', { root: ROOT, ids: ['delta'], origin: 'disk' });
    client.release();
    await loading;
    await store.getState().bearersSettled();
    expect(ids()).toContain('delta');
  });

  it('takes a status from the vault’s expiry event, and nothing else about the row', async () => {
    await store.getState().loadBearers();
    const key = bearerKey({ root: ROOT, id: 'alpha' });
    client.emit('credvault:bearers.expiry', {
      ref: { root: ROOT, id: 'alpha' },
      from: 'ok',
      to: 'near_expiry',
      expiresAtUnix: 2_000_000_000,
    });
    await store.getState().bearersSettled();
    expect(store.getState().bearers.rows.get(key)).toEqual(
      summary('alpha', { status: 'near_expiry' }),
    );
  });

  it('keeps the selection while rows come and go around it', async () => {
    await store.getState().loadBearers();
    store.getState().select({ root: ROOT, id: 'beta' });
    disk.delete(bearerKey({ root: ROOT, id: 'alpha' }));
    client.emit('credvault:bearers.changed', { root: ROOT, ids: [], origin: 'disk' });
    await store.getState().bearersSettled();
    expect(store.getState().ui.selected).toEqual({ root: ROOT, id: 'beta' });
    expect(ids()).toEqual(['beta', 'gamma']);
  });

  it('shows a cold list’s progress only while that list runs', async () => {
    client.hold();
    const loading = store.getState().loadBearers();
    client.emit('credvault:progress', { task: 'list', root: ROOT, done: 10, total: 40 });
    expect(store.getState().bearers.progress).toEqual({ done: 10, total: 40 });
    client.release();
    await loading;
    expect(store.getState().bearers.progress).toBeNull();
    client.emit('credvault:progress', { task: 'list', root: ROOT, done: 1, total: 2 });
    expect(store.getState().bearers.progress).toBeNull();
  });
});
