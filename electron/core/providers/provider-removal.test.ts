import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { markedSecret, rejectionOf } from '../../../test-support/leak-marker';
import { makeTempDir } from '../../../test-support/temp-dir';
import { VaultError } from '../errors';
import { BearerLinks } from './bearer-links';
import type { ProviderConfig } from './provider-config';
import { linkToProvider, removeProvider } from './provider-removal';
import { ProviderStore } from './provider-store';

function config(name: string): ProviderConfig {
  return {
    name,
    tokenUrl: 'https://auth.example.com/token',
    clientId: 'client-1',
    clientAuth: 'client_secret_post',
    scope: null,
    extraParams: {},
    issuer: null,
    jwksUrl: null,
    pasetoPublicKeyHex: null,
    userinfoUrl: null,
  };
}

async function vault() {
  const home = makeTempDir();
  const providers = new ProviderStore(home);
  const links = new BearerLinks(home);
  await providers.add(config('acme'), markedSecret());
  await providers.add(config('other'), markedSecret());
  return { providers, links };
}

describe('removing a provider', () => {
  it('is refused while bearers are linked to it, naming each by root and id; nothing changes', async () => {
    const { providers, links } = await vault();
    await links.set('/roots/one', 'agent-b', 'acme');
    await links.set('/roots/one', 'agent-a', 'acme');
    await links.set('/roots/two', 'agent-a', 'acme');
    await links.set('/roots/two', 'kept', 'other');
    const error = await rejectionOf(removeProvider(providers, links, 'acme'));
    expect(error).toBeInstanceOf(VaultError);
    expect((error as VaultError).kind).toBe('bad-input');
    expect(error.message).toBe(
      'provider "acme" is not removed: 3 bearers are linked to it ' +
        '("agent-a" in "/roots/one", "agent-b" in "/roots/one", "agent-a" in "/roots/two"); ' +
        'link them to another provider or remove them first, or pass --force to unlink them',
    );
    expect((await providers.get('acme')).name).toBe('acme');
    expect(links.linkedTo('acme')).toHaveLength(3);
  });

  it('with force, removes it and unlinks exactly its bearers', async () => {
    const { providers, links } = await vault();
    await links.set('/roots/one', 'agent-a', 'acme');
    await links.set('/roots/one', 'kept', 'other');
    const removal = await removeProvider(providers, links, 'acme', { force: true });
    expect(removal).toEqual({
      removedProvider: true,
      unlinked: [{ root: '/roots/one', id: 'agent-a' }],
    });
    expect((await rejectionOf(providers.get('acme'))).message).toMatch(/no provider "acme"/);
    expect(links.get('/roots/one', 'agent-a')).toBeNull();
    expect(links.get('/roots/one', 'kept')).toBe('other');
  });

  it('with force, clears links an older version left to a provider already gone', async () => {
    const { providers, links } = await vault();
    await links.set('/roots/one', 'agent-a', 'gone');
    const removal = await removeProvider(providers, links, 'gone', { force: true });
    expect(removal.removedProvider).toBe(false);
    expect(links.linkedTo('gone')).toEqual([]);
    expect((await rejectionOf(removeProvider(providers, links, 'gone'))).message).toBe(
      'no provider "gone"',
    );
  });

  it('names five bearers and counts the rest', async () => {
    const { providers, links } = await vault();
    for (let i = 0; i < 7; i++) await links.set('/r', `b${i}`, 'acme');
    const error = await rejectionOf(removeProvider(providers, links, 'acme'));
    expect(error.message).toContain('"b4" in "/r" and 2 more)');
    expect(error.message).not.toContain('"b5"');
  });

  it('a bearer linked while its provider is being removed is refused, not left linked to nothing', async () => {
    const { providers, links } = await vault();
    let linking: Promise<unknown> = Promise.resolve();
    await links.whileLinkedTo('acme', async () => {
      linking = linkToProvider(providers, links, '/roots/one', 'late', 'acme').catch((e) => e);
      await sleep(100); // let the link get as far as it can while the removal holds the lock
      await providers.remove('acme');
      return { unlink: false, result: undefined };
    });
    const outcome = await linking;
    expect(outcome).toBeInstanceOf(VaultError);
    expect((outcome as VaultError).kind).toBe('not-found');
    expect(links.get('/roots/one', 'late')).toBeNull();
  });
});
