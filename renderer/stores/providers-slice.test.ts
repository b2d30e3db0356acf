import { beforeEach, describe, expect, it } from 'vitest';
import { ContractError } from '@shared/contract';
import { FakeVaultClient, ROOT, fakeDeps } from '../test-support/fake-vault-client';
import { stateText } from '../test-support/state-text';
import { createAppStore, type AppStore } from './app-store';
import { connectEvents } from './connect-events';
import type { ProviderAdd, ProviderInfo } from './providers-slice';

// Marked like every test secret (test-support/leak-marker.ts), written out:
// the renderer's tests see no Node built-ins.
const CLIENT_SECRET = 'client-secret-LEAKMARK-31c8';
const ACCESS_TOKEN = 'access-LEAKMARK-77ab';

function config(name: string): ProviderAdd['provider'] {
  return {
    name,
    tokenUrl: 'https://id.example.com/token',
    clientId: 'svc',
    clientAuth: 'client_secret_post',
    scope: null,
    extraParams: {},
    issuer: null,
    jwksUrl: null,
    pasetoPublicKeyHex: null,
    userinfoUrl: null,
  };
}

function provider(name: string, patch: Partial<ProviderInfo> = {}): ProviderInfo {
  return { ...config(name), hasClientSecret: false, linkedBearers: [], ...patch };
}

describe('the providers slice', () => {
  let client: FakeVaultClient;
  let store: AppStore;
  let clipboard: string[];
  let providers: ProviderInfo[];

  beforeEach(() => {
    providers = [provider('acme')];
    client = new FakeVaultClient({
      'credvault:providers.list': () => ({ providers: [...providers] }),
      'credvault:providers.add': ({ provider: request, clientSecret }) => {
        const added = provider(request.name, {
          ...request,
          hasClientSecret: clientSecret !== undefined,
        });
        providers.push(added);
        return added;
      },
      'credvault:providers.edit': ({ name, changes, clientSecret }) => {
        const current = providers.find((p) => p.name === name);
        if (current === undefined) {
          throw new ContractError({
            kind: 'not-found',
            message: `no provider '${name}'`,
            input: name,
          });
        }
        const edited: ProviderInfo = {
          ...current,
          ...changes,
          hasClientSecret: current.hasClientSecret || clientSecret !== undefined,
        };
        providers = providers.map((p) => (p.name === name ? edited : p));
        return edited;
      },
      'credvault:providers.remove': ({ name, force }) => {
        const linked = providers.find((p) => p.name === name)?.linkedBearers ?? [];
        if (linked.length > 0 && force !== true) {
          throw new ContractError({
            kind: 'bad-input',
            message: `provider '${name}' has linked bearers`,
            input: name,
          });
        }
        providers = providers.filter((p) => p.name !== name);
        return { name, unlinked: linked };
      },
      'credvault:providers.token': ({ name, storeAs }) => {
        if (storeAs !== undefined) {
          providers = providers.map((p) =>
            p.name === name ? { ...p, linkedBearers: [storeAs] } : p,
          );
        }
        return {
          provider: name,
          accessToken: storeAs === undefined ? ACCESS_TOKEN : null,
          expiresAtUnix: 1_900_003_600,
          expiresInS: 3600,
          scope: null,
          storedAs: storeAs ?? null,
        };
      },
    });
    const fake = fakeDeps(client);
    clipboard = fake.clipboard;
    store = createAppStore(fake.deps);
  });

  it('adds a provider with its client secret sent inwards and kept nowhere in the store', async () => {
    await store.getState().loadProviders();
    await store.getState().addProvider({ provider: config('corp'), clientSecret: CLIENT_SECRET });
    await expect
      .poll(() => store.getState().providers.list?.map((p) => [p.name, p.hasClientSecret]))
      .toEqual([
        ['acme', false],
        ['corp', true],
      ]);
    expect(stateText(store.getState())).not.toContain('LEAKMARK');
  });

  it('edits only the fields given, sends a new secret inwards, and keeps it out of the store', async () => {
    providers = [provider('acme', { hasClientSecret: true, scope: 'read' })];
    await store.getState().loadProviders();
    const edited = await store.getState().editProvider({
      name: 'acme',
      changes: { tokenUrl: 'https://id.example.com/v2/token', scope: null },
      clientSecret: CLIENT_SECRET,
    });
    expect(client.callsTo('credvault:providers.edit')).toEqual([
      {
        name: 'acme',
        changes: { tokenUrl: 'https://id.example.com/v2/token', scope: null },
        clientSecret: CLIENT_SECRET,
      },
    ]);
    expect(edited).toMatchObject({ tokenUrl: 'https://id.example.com/v2/token', scope: null });
    await expect
      .poll(() => store.getState().providers.list?.map((p) => [p.tokenUrl, p.scope]))
      .toEqual([['https://id.example.com/v2/token', null]]);
    expect(store.getState().providers.list?.[0]?.hasClientSecret).toBe(true);
    expect(stateText(store.getState())).not.toContain('LEAKMARK');
  });

  it('leaves the list as it was when an edit is refused', async () => {
    await store.getState().loadProviders();
    await expect(
      store.getState().editProvider({ name: 'gone', changes: { scope: 'x' } }),
    ).rejects.toThrow("no provider 'gone'");
    expect(store.getState().providers.list?.map((p) => [p.name, p.scope])).toEqual([
      ['acme', null],
    ]);
    expect(store.getState().providers.error).toBeNull();
  });

  it('hands a token to the caller only, never to the store, even after a copy', async () => {
    await store.getState().loadProviders();
    const token = await store.getState().getToken({ name: 'acme' });
    expect(token.accessToken).toBe(ACCESS_TOKEN);
    await store.getState().copyProviderToken(ACCESS_TOKEN);
    expect(clipboard).toEqual([ACCESS_TOKEN]);
    expect(stateText(store.getState())).not.toContain('LEAKMARK');
  });

  it('stores a token as a bearer and shows the new link', async () => {
    await store.getState().loadProviders();
    const ref = { root: ROOT, id: 'ci-bot' };
    const token = await store.getState().getToken({ name: 'acme', storeAs: ref });
    expect(token.storedAs).toEqual(ref);
    await expect.poll(() => store.getState().providers.list?.[0]?.linkedBearers).toEqual([ref]);
  });

  it('removes only with force while bearers are linked, and says which were unlinked', async () => {
    providers = [provider('acme', { linkedBearers: [{ root: ROOT, id: 'agent' }] })];
    await store.getState().loadProviders();
    await expect(store.getState().removeProvider('acme', false)).rejects.toThrow(
      "provider 'acme' has linked bearers",
    );
    const removed = await store.getState().removeProvider('acme', true);
    expect(removed.unlinked).toEqual([{ root: ROOT, id: 'agent' }]);
    await expect.poll(() => store.getState().providers.list).toEqual([]);
  });

  it('reads again on providers.changed once the view has read, and not before', async () => {
    connectEvents(client, store);
    client.emit('credvault:providers.changed', {});
    expect(client.callsTo('credvault:providers.list')).toHaveLength(0);
    await store.getState().loadProviders();
    providers.push(provider('from-cli'));
    client.emit('credvault:providers.changed', {});
    await expect
      .poll(() => store.getState().providers.list?.map((p) => p.name))
      .toEqual(['acme', 'from-cli']);
  });
});
