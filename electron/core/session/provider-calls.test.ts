/**
 * Provider calls over a temp vault home: answers fit their channel's
 * schema and never hold a client secret, every change is announced, and a
 * provider that still refreshes bearers is not removed without `force`.
 */
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { markedSecret, rejectionOf } from '../../../test-support/leak-marker';
import {
  callAs,
  homePath,
  sessionContextFixture,
} from '../../../test-support/session-context-fixture';
import { ProviderCaches } from './provider-caches';
import { createProviderCalls } from './provider-calls';
import { openVault } from './open-vault';

const CONFIG = {
  name: 'acme',
  tokenUrl: 'http://127.0.0.1:9/token',
  clientId: 'cli-123',
  clientAuth: 'client_secret_post' as const,
  scope: null,
  extraParams: { provider: 'client_credentials' },
  issuer: 'https://issuer.example',
  jwksUrl: null,
  pasetoPublicKeyHex: null,
  userinfoUrl: null,
};

function setup() {
  const fx = sessionContextFixture();
  const providers = createProviderCalls(fx.context, new ProviderCaches(fx.context));
  return { fx, providers };
}

describe('provider calls', () => {
  it('adds a provider with its secret, announces it, and never answers with the secret', async () => {
    const { fx, providers } = setup();
    const secret = markedSecret('client-secret');
    const added = await callAs('credvault:providers.add', providers.addProvider, {
      provider: CONFIG,
      clientSecret: secret,
    });
    expect(added).toEqual({ ...CONFIG, hasClientSecret: true, linkedBearers: [] });
    expect(fx.eventsOf('credvault:providers.changed')).toEqual([{}]);
    expect(await fx.context.vault.oauth.providers.clientSecret('acme')).toBe(secret);

    const listed = await callAs('credvault:providers.list', providers.listProviders, {});
    expect(listed.providers).toEqual([added]);
    expect(JSON.stringify(listed)).not.toContain(secret);
  });

  it('refuses a provider that needs a secret and has none, adding nothing', async () => {
    const { fx, providers } = setup();
    const error = await rejectionOf(providers.addProvider({ provider: CONFIG }));
    expect(error).toMatchObject({ kind: 'bad-input' });
    expect((await providers.listProviders({})).providers).toEqual([]);
    expect(fx.eventsOf('credvault:providers.changed')).toEqual([]);
  });

  it('edits only the fields given and keeps the secret unless a new one is given', async () => {
    const { fx, providers } = setup();
    const secret = markedSecret('client-secret');
    await providers.addProvider({ provider: CONFIG, clientSecret: secret });

    const edited = await callAs('credvault:providers.edit', providers.editProvider, {
      name: 'acme',
      changes: { scope: 'api:read', userinfoUrl: 'http://127.0.0.1:9/userinfo' },
    });
    expect(edited).toMatchObject({
      ...CONFIG,
      scope: 'api:read',
      userinfoUrl: 'http://127.0.0.1:9/userinfo',
      hasClientSecret: true,
    });
    expect(await fx.context.vault.oauth.providers.clientSecret('acme')).toBe(secret);

    const newSecret = markedSecret('new-secret');
    await providers.editProvider({ name: 'acme', changes: {}, clientSecret: newSecret });
    expect(await fx.context.vault.oauth.providers.clientSecret('acme')).toBe(newSecret);

    // A public client takes no secret: the stored one goes.
    const publicClient = await providers.editProvider({
      name: 'acme',
      changes: { clientAuth: 'none' },
    });
    expect(publicClient.hasClientSecret).toBe(false);
    expect(await fx.context.vault.oauth.providers.clientSecret('acme')).toBeNull();
    expect(fx.eventsOf('credvault:providers.changed')).toHaveLength(4);
  });

  it('keeps both of two concurrent edits of different fields, from two sessions', async () => {
    const { fx } = setup();
    // Two sessions on one vault home, as the app and a CLI command would be.
    const [first, second] = await Promise.all([
      openVault(fx.context.home),
      openVault(fx.context.home),
    ]);
    onTestFinished(async () => {
      await Promise.all([first.close(), second.close()]);
    });
    await first.addProvider({ provider: CONFIG, clientSecret: markedSecret() });

    await Promise.all([
      first.editProvider({ name: 'acme', changes: { scope: 'api:read' } }),
      second.editProvider({ name: 'acme', changes: { clientId: 'cli-456' } }),
    ]);
    const [stored] = (await first.listProviders({})).providers;
    expect(stored).toMatchObject({ scope: 'api:read', clientId: 'cli-456', hasClientSecret: true });
  });

  it('refuses to edit a provider that does not exist', async () => {
    const { providers } = setup();
    const error = await rejectionOf(providers.editProvider({ name: 'ghost', changes: {} }));
    expect(error).toMatchObject({ kind: 'not-found' });
  });

  it('lists the bearers linked to a provider in every root', async () => {
    const { fx, providers } = setup();
    await providers.addProvider({ provider: CONFIG, clientSecret: markedSecret() });
    const other = homePath(fx, 'other-root');
    await fx.context.vault.oauth.links.set(fx.root, 'agent', 'acme');
    await fx.context.vault.oauth.links.set(other, 'agent', 'acme');
    const [info] = (await callAs('credvault:providers.list', providers.listProviders, {}))
      .providers;
    expect(info?.linkedBearers).toEqual(
      [
        { root: fx.root, id: 'agent' },
        { root: other, id: 'agent' },
      ].sort((a, b) => (a.root < b.root ? -1 : 1)),
    );
  });

  it('refuses to remove a provider with linked bearers, naming them; force unlinks them', async () => {
    const { fx, providers } = setup();
    await providers.addProvider({ provider: CONFIG, clientSecret: markedSecret() });
    const other = join(fx.context.home, 'team');
    await fx.context.vault.oauth.links.set(fx.root, 'bot-a', 'acme');
    await fx.context.vault.oauth.links.set(other, 'bot-b', 'acme');
    fx.emitted.length = 0;

    const refused = await rejectionOf(providers.removeProvider({ name: 'acme', force: false }));
    expect(refused).toMatchObject({ kind: 'bad-input' });
    expect(refused.message).toContain('"bot-a"');
    expect(refused.message).toContain('"bot-b"');
    expect((await providers.listProviders({})).providers).toHaveLength(1);
    expect(fx.emitted).toEqual([]);

    const removed = await callAs('credvault:providers.remove', providers.removeProvider, {
      name: 'acme',
      force: true,
    });
    expect(removed.unlinked).toHaveLength(2);
    expect(removed.unlinked).toEqual(
      expect.arrayContaining([
        { root: fx.root, id: 'bot-a' },
        { root: other, id: 'bot-b' },
      ]),
    );
    expect(fx.context.vault.oauth.links.get(fx.root, 'bot-a')).toBeNull();
    expect(fx.context.vault.oauth.links.get(other, 'bot-b')).toBeNull();
    expect((await providers.listProviders({})).providers).toEqual([]);
    expect(fx.eventsOf('credvault:providers.changed')).toEqual([{}]);
    // Their summaries named the provider: each root hears its bearers changed.
    expect(fx.eventsOf('credvault:bearers.changed')).toEqual(
      expect.arrayContaining([
        { root: fx.root, ids: ['bot-a'], origin: 'session' },
        { root: other, ids: ['bot-b'], origin: 'session' },
      ]),
    );
  });

  it('removes a provider without links at once, and says not-found for an unknown one', async () => {
    const { providers } = setup();
    await providers.addProvider({ provider: CONFIG, clientSecret: markedSecret() });
    expect(await providers.removeProvider({ name: 'acme', force: false })).toEqual({
      name: 'acme',
      unlinked: [],
    });
    const error = await rejectionOf(providers.removeProvider({ name: 'acme', force: false }));
    expect(error).toMatchObject({ kind: 'not-found' });
  });
});
