import { beforeEach, describe, expect, it } from 'vitest';
import { ContractError } from '@shared/contract';
import type { BearerRef } from '../lib/bearer-ref';
import { FakeVaultClient, ROOT, fakeDeps, summary } from '../test-support/fake-vault-client';
import { stateText } from '../test-support/state-text';
import { createAppStore, type AppStore } from './app-store';
import type { Settings } from './app-info-slice';
import { markedKeepFresh } from './bearer-admin-slice';

// Marked like every test secret (test-support/leak-marker.ts), written out:
// the renderer's tests see no Node built-ins.
const pasted = 'pasted-access-LEAKMARK-41c9';
const pastedRefresh = 'pasted-refresh-LEAKMARK-8a0e';
const ref: BearerRef = { root: ROOT, id: 'ci-bot' };

function settings(keepFreshBearers: BearerRef[]): Settings {
  return {
    version: 1,
    roots: [{ path: ROOT, windowS: 300, shared: false, keepFresh: false, encrypted: false }],
    keyFiles: [],
    tokenFiles: [],
    keepFreshBearers,
    notifications: { enabled: true },
    clipboard: { clearAfterS: 30 },
    theme: 'system',
    app: { closeToTray: false, launchAtLogin: false },
  };
}

describe('the bearer admin slice', () => {
  let client: FakeVaultClient;
  let store: AppStore;

  beforeEach(() => {
    client = new FakeVaultClient({
      'credvault:bearers.put': (request) => ({
        bearer: summary(request.ref.id, { expiresAtUnix: request.record.expiresAtUnix }),
        conflict: null,
      }),
      'credvault:bearers.remove': (request) => ({ ref: request.ref, unlinkedFrom: 'oidc' }),
      'credvault:bearers.link': (request) => ({ ref: request.ref, provider: request.provider }),
      'credvault:bearers.setKeepFresh': (request) => ({
        ref: request.ref,
        keepFresh: request.enabled,
      }),
    });
    store = createAppStore(fakeDeps(client).deps);
  });

  it('puts a pasted bearer in one call, with the ref as given, and keeps the tokens out of the store', async () => {
    const record = {
      accessToken: pasted,
      refreshToken: pastedRefresh,
      expiresAtUnix: 2_000_000_000,
    };
    const answer = await store.getState().putBearer({ ...ref, extra: 1 } as BearerRef, record);
    expect(answer.bearer.id).toBe('ci-bot');
    expect(client.calls).toEqual([
      { channel: 'credvault:bearers.put', request: { ref, record, force: false } },
    ]);
    expect(stateText(store.getState())).not.toContain(pasted);
    expect(stateText(store.getState())).not.toContain(pastedRefresh);
  });

  it('passes force only when asked (the vault needs it to replace invalid files)', async () => {
    const record = { accessToken: pasted, refreshToken: '', expiresAtUnix: 2_000_000_000 };
    await store.getState().putBearer(ref, record, true);
    expect(client.callsTo('credvault:bearers.put')).toEqual([{ ref, record, force: true }]);
  });

  it('finds an existing bearer, null when the vault has none, and rethrows any other failure', async () => {
    client.handlers['credvault:bearers.show'] = () => summary('ci-bot', { status: 'invalid' });
    expect((await store.getState().findBearer(ref))?.status).toBe('invalid');

    client.handlers['credvault:bearers.show'] = () => {
      throw new ContractError({ kind: 'not-found', message: 'no bearer "ci-bot"', input: null });
    };
    expect(await store.getState().findBearer(ref)).toBeNull();

    client.handlers['credvault:bearers.show'] = () => {
      throw new ContractError({
        kind: 'bad-input',
        message: 'invalid bearer id: it looks like a JWT, so it is neither shown nor used',
        input: null,
      });
    };
    await expect(store.getState().findBearer(ref)).rejects.toThrow(/looks like a JWT/);
  });

  it('links, unlinks and sets keep-fresh in one call each', async () => {
    await store.getState().linkBearer(ref, 'oidc');
    await store.getState().linkBearer(ref, null);
    await store.getState().setBearerKeepFresh(ref, true);
    expect(client.calls).toEqual([
      { channel: 'credvault:bearers.link', request: { ref, provider: 'oidc' } },
      { channel: 'credvault:bearers.link', request: { ref, provider: null } },
      { channel: 'credvault:bearers.setKeepFresh', request: { ref, enabled: true } },
    ]);
  });

  it('removes a bearer in one call (the vault unlinks it and drops its keep-fresh mark)', async () => {
    store.getState().settingsChanged(settings([ref]));
    const removed = await store.getState().removeBearer(ref);
    expect(removed.unlinkedFrom).toBe('oidc');
    expect(client.calls.map((call) => call.channel)).toEqual(['credvault:bearers.remove']);
  });

  it('tells a bearer marked one by one from others in the settings', () => {
    expect(markedKeepFresh([ref], { root: ROOT, id: 'ci-bot' })).toBe(true);
    expect(markedKeepFresh([ref], { root: '/elsewhere', id: 'ci-bot' })).toBe(false);
    expect(markedKeepFresh(undefined, ref)).toBe(false);
  });
});
