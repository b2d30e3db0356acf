import { beforeEach, describe, expect, it } from 'vitest';
import { ContractError } from '@shared/contract';
import { bearerKey } from '../lib/bearer-ref';
import { FakeVaultClient, ROOT, fakeDeps, summary } from '../test-support/fake-vault-client';
import { createAppStore, type AppStore } from './app-store';

const REF = { root: ROOT, id: 'agent-ci' };
const KEY = bearerKey(REF);

describe('the refresh slice', () => {
  let client: FakeVaultClient;
  let store: AppStore;

  beforeEach(async () => {
    let expiresAtUnix = 1_900_000_100;
    client = new FakeVaultClient({
      'credvault:bearers.list': () => ({
        bearers: [summary('agent-ci', { expiresAtUnix })],
        rootErrors: [],
      }),
      'credvault:bearers.show': () => summary('agent-ci', { expiresAtUnix }),
      'credvault:bearers.refresh': ({ ref }) => {
        expiresAtUnix = 1_900_003_600;
        return {
          ref,
          provider: 'acme',
          requested: true,
          grant: 'refresh_token',
          rotated: true,
          expiresAtUnix,
          windowS: 300,
          conflict: null,
        };
      },
    });
    store = createAppStore(fakeDeps(client).deps);
    await store.getState().loadBearers();
  });

  it('refreshes on request (forced), shows it running, then the new expiry in the row', async () => {
    client.hold();
    const refreshing = store.getState().refreshBearer(REF);
    expect(store.getState().refreshes.get(KEY)).toEqual({ state: 'running' });
    client.release();
    await refreshing;
    await store.getState().bearersSettled();
    expect(client.callsTo('credvault:bearers.refresh')).toEqual([{ ref: REF, force: true }]);
    expect(store.getState().refreshes.get(KEY)).toMatchObject({
      state: 'done',
      outcome: { expiresAtUnix: 1_900_003_600, rotated: true },
    });
    expect(store.getState().bearers.rows.get(KEY)?.expiresAtUnix).toBe(1_900_003_600);
  });

  it('shows the server’s error in the vault’s words', async () => {
    client.handlers['credvault:bearers.refresh'] = () => {
      throw new ContractError({
        kind: 'network',
        message: 'the token endpoint of "acme" answered invalid_grant: refresh token revoked',
        input: 'agent-ci',
      });
    };
    await store.getState().refreshBearer(REF);
    expect(store.getState().refreshes.get(KEY)).toMatchObject({
      state: 'failed',
      message: 'the token endpoint of "acme" answered invalid_grant: refresh token revoked',
    });
  });

  it('sends one refresh while one is running, however often the user asks', async () => {
    client.hold();
    const first = store.getState().refreshBearer(REF);
    const second = store.getState().refreshBearer(REF);
    client.release();
    await Promise.all([first, second]);
    expect(client.callsTo('credvault:bearers.refresh')).toHaveLength(1);
  });
});
