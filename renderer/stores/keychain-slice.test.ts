import { beforeEach, describe, expect, it } from 'vitest';
import { ContractError } from '@shared/contract';
import { FakeVaultClient, ROOT, fakeDeps } from '../test-support/fake-vault-client';
import { createAppStore, type AppStore } from './app-store';
import { connectEvents } from './connect-events';
import type { KeychainPosture } from './keychain-slice';

const SHARED = '/srv/broker/bearers';

function posture(patch: Partial<KeychainPosture> = {}, encrypted = false): KeychainPosture {
  return {
    backend: 'Secret Service (libsecret: GNOME Keyring, KWallet, KeePassXC)',
    masterKey: 'present',
    reason: null,
    roots: [
      {
        path: ROOT,
        encrypted,
        shared: false,
        records: encrypted
          ? { plain: 0, encrypted: 3, locked: 0 }
          : { plain: 3, encrypted: 0, locked: 0 },
        loosePermissions: 0,
      },
      {
        path: SHARED,
        encrypted: false,
        shared: true,
        records: { plain: 1, encrypted: 0, locked: 0 },
        loosePermissions: 2,
      },
    ],
    providerSecrets: { plain: 0, encrypted: 2 },
    ...patch,
  };
}

describe('the keychain slice', () => {
  let client: FakeVaultClient;
  let store: AppStore;
  let encrypted: boolean;

  beforeEach(() => {
    encrypted = false;
    client = new FakeVaultClient({
      'credvault:keychain.status': () => posture({}, encrypted),
      'credvault:keychain.enable': (request) => {
        if (request.root === SHARED && !request.force) {
          throw new ContractError({
            kind: 'bad-input',
            message: `${SHARED} is marked shared: use --force to encrypt it anyway`,
            input: SHARED,
          });
        }
        encrypted = true;
        return posture({}, encrypted);
      },
      'credvault:keychain.disable': () => {
        encrypted = false;
        return posture({}, encrypted);
      },
    });
    store = createAppStore(fakeDeps(client).deps);
  });

  it('reads the posture, and again when the key changes once someone looks', async () => {
    store.getState().keychainChanged({ masterKey: 'locked', reason: 'locked' });
    expect(client.callsTo('credvault:keychain.status')).toHaveLength(0);
    await store.getState().loadKeychain();
    expect(store.getState().keychain.posture?.masterKey).toBe('present');
    connectEvents(client, store);
    client.emit('credvault:keychain.changed', { masterKey: 'locked', reason: 'locked' });
    expect(client.callsTo('credvault:keychain.status')).toHaveLength(2);
  });

  it('encrypts a root: running with N of M from progress events, then done with the new posture', async () => {
    connectEvents(client, store);
    await store.getState().loadKeychain();
    client.hold();
    const job = store.getState().setRootEncryption(ROOT, true);
    expect(store.getState().keychain.job).toEqual({
      root: ROOT,
      encrypt: true,
      state: 'running',
      error: null,
    });
    client.emit('credvault:progress', { task: 'keychain-enable', root: ROOT, done: 1, total: 3 });
    expect(store.getState().keychain.migration).toMatchObject({ done: 1, total: 3 });
    // A cold list's progress is not a migration.
    client.emit('credvault:progress', { task: 'list', root: null, done: 5, total: 9 });
    expect(store.getState().keychain.migration).toMatchObject({ done: 1, total: 3 });
    client.release();
    expect(await job).toBe(true);
    expect(client.callsTo('credvault:keychain.enable')).toEqual([{ root: ROOT, force: false }]);
    const after = store.getState().keychain;
    expect(after.job?.state).toBe('done');
    expect(after.migration).toBeNull();
    expect(after.posture?.roots[0]).toMatchObject({
      encrypted: true,
      records: { plain: 0, encrypted: 3, locked: 0 },
    });

    // A progress event that arrives after the answer does not bring the bar back.
    client.emit('credvault:progress', { task: 'keychain-enable', root: ROOT, done: 2, total: 3 });
    expect(store.getState().keychain.migration).toBeNull();
  });

  it("reads the posture again when another page's migration ends, not on each step", async () => {
    connectEvents(client, store);
    await store.getState().loadKeychain();
    const progress = (done: number) =>
      client.emit('credvault:progress', { task: 'keychain-disable', root: ROOT, done, total: 2 });
    progress(1);
    expect(store.getState().keychain.migration).toMatchObject({
      task: 'keychain-disable',
      done: 1,
    });
    expect(client.callsTo('credvault:keychain.status')).toHaveLength(1);
    progress(2);
    expect(store.getState().keychain.migration).toBeNull();
    expect(client.callsTo('credvault:keychain.status')).toHaveLength(2);
  });

  it('decrypts with the disable call (no force in it)', async () => {
    encrypted = true;
    await store.getState().loadKeychain();
    await store.getState().setRootEncryption(ROOT, false, true);
    expect(client.callsTo('credvault:keychain.disable')).toEqual([{ root: ROOT }]);
    expect(store.getState().keychain.posture?.roots[0]?.encrypted).toBe(false);
  });

  it('keeps the failure as the job, reads the posture again, and passes force when asked', async () => {
    await store.getState().loadKeychain();
    await store.getState().setRootEncryption(SHARED, true);
    const failed = store.getState().keychain.job;
    expect(failed).toMatchObject({ root: SHARED, encrypt: true, state: 'failed' });
    expect(failed?.error).toContain('marked shared');
    expect(client.callsTo('credvault:keychain.status')).toHaveLength(2);

    store.getState().dismissKeychainJob();
    expect(store.getState().keychain.job).toBeNull();
    await store.getState().setRootEncryption(SHARED, true, true);
    expect(client.callsTo('credvault:keychain.enable').at(-1)).toEqual({
      root: SHARED,
      force: true,
    });
    expect(store.getState().keychain.job?.state).toBe('done');
  });

  it('runs one migration at a time, and a running one cannot be dismissed', async () => {
    client.hold();
    const first = store.getState().setRootEncryption(ROOT, true);
    expect(await store.getState().setRootEncryption(SHARED, true, true)).toBe(false);
    store.getState().dismissKeychainJob();
    expect(store.getState().keychain.job?.root).toBe(ROOT);
    client.release();
    await first;
    expect(client.callsTo('credvault:keychain.enable')).toHaveLength(1);
  });

  it('Retry reads the key again and shows the answer; a failing Retry throws its message', async () => {
    let state: KeychainPosture['masterKey'] = 'locked';
    client.handlers['credvault:keychain.status'] = () =>
      posture({ masterKey: state, reason: 'the keyring is locked' });
    client.handlers['credvault:keychain.retry'] = () => posture({ masterKey: state, reason: null });
    await store.getState().loadKeychain();
    expect(store.getState().keychain.posture?.masterKey).toBe('locked');
    state = 'present';
    await expect(store.getState().retryKeychain()).resolves.toMatchObject({
      masterKey: 'present',
    });
    expect(store.getState().keychain.posture?.masterKey).toBe('present');

    client.handlers['credvault:keychain.retry'] = () => {
      throw new ContractError({
        kind: 'environment',
        message: 'the OS keychain failed',
        input: null,
      });
    };
    await expect(store.getState().retryKeychain()).rejects.toThrow('the OS keychain failed');
    expect(store.getState().keychain.posture?.masterKey).toBe('present');
  });

  it('lets an answer from a call win over a read that was already on its way', async () => {
    let answerRead: (() => void) | null = null;
    client.handlers['credvault:keychain.status'] = () =>
      new Promise((resolve) => {
        answerRead = () => resolve(posture({}, false));
      });
    const read = store.getState().loadKeychain();
    await Promise.resolve();
    await store.getState().setRootEncryption(ROOT, true);
    answerRead!();
    await read;
    expect(store.getState().keychain.posture?.roots[0]?.encrypted).toBe(true);
  });
});
