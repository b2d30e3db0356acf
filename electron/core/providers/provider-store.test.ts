import { chmodSync, existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { markedSecret, rejectionOf } from '../../../test-support/leak-marker';
import { makeTempDir } from '../../../test-support/temp-dir';
import type { VaultError } from '../errors';
import { BearerLinks } from './bearer-links';
import type { ProviderConfig } from './provider-config';
import { ProviderStore } from './provider-store';

function config(name: string, overrides: Partial<ProviderConfig> = {}): ProviderConfig {
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
    ...overrides,
  };
}

const mode = (path: string) => statSync(path).mode & 0o777;

describe('provider store', () => {
  it('keeps the config in providers.json and the client secret apart, both private', async () => {
    const home = makeTempDir();
    const store = new ProviderStore(home);
    const secret = markedSecret('client-secret');
    await store.add(
      config('acme', {
        extraParams: { provider: 'client_credentials' },
        issuer: 'https://auth.example.com',
      }),
      secret,
    );
    const configText = readFileSync(join(home, 'providers.json'), 'utf8');
    expect(configText).not.toContain(secret);
    expect(JSON.parse(configText).providers.acme.extra_params).toEqual({
      provider: 'client_credentials',
    });
    const secretPath = join(home, 'secrets', 'provider-acme.secret.json');
    expect(readFileSync(secretPath, 'utf8')).toContain(secret);
    expect(mode(join(home, 'providers.json'))).toBe(0o600);
    expect(mode(secretPath)).toBe(0o600);
    expect(mode(join(home, 'secrets'))).toBe(0o700);
    expect(await store.clientSecret('acme')).toBe(secret);
    const [entry] = await store.list();
    expect(entry?.hasClientSecret).toBe(true);
    expect(JSON.stringify(entry)).not.toContain(secret);
    expect((await store.findByIssuer('https://auth.example.com'))?.name).toBe('acme');
    expect(await store.findByIssuer('https://auth.example.com/')).toBeNull();
  });

  it('refuses a second add of a name unless replacing, and keeps the secret on replace', async () => {
    const store = new ProviderStore(makeTempDir());
    const secret = markedSecret();
    await store.add(config('acme'), secret);
    expect((await rejectionOf(store.add(config('acme'), markedSecret()))).message).toMatch(
      /already exists; use --replace/,
    );
    await store.add(config('acme', { clientId: 'client-2' }), null, { replace: true });
    expect((await store.get('acme')).clientId).toBe('client-2');
    expect(await store.clientSecret('acme')).toBe(secret);
  });

  it('requires a secret for post and basic, refuses one for none, and drops it when switching to none', async () => {
    const store = new ProviderStore(makeTempDir());
    expect((await rejectionOf(store.add(config('a'), null))).message).toMatch(
      /needs a client secret: pass --client-secret-stdin/,
    );
    expect(
      (await rejectionOf(store.add(config('b', { clientAuth: 'none' }), markedSecret()))).message,
    ).toMatch(/takes no client secret/);
    await store.add(config('c'), markedSecret());
    await store.add(config('c', { clientAuth: 'none' }), null, { replace: true });
    expect(await store.clientSecret('c')).toBeNull();
  });

  it('removes a provider together with its secret; not-found for an unknown name', async () => {
    const home = makeTempDir();
    const store = new ProviderStore(home);
    await store.add(config('acme'), markedSecret());
    await store.remove('acme');
    expect(existsSync(join(home, 'secrets', 'provider-acme.secret.json'))).toBe(false);
    expect(await store.list()).toEqual([]);
    const error = await rejectionOf(store.remove('acme'));
    expect((error as VaultError).kind).toBe('not-found');
  });

  it('validates names, URLs, keys and parameters, naming the field and never a secret', async () => {
    const store = new ProviderStore(makeTempDir());
    const cases: Array<[Partial<ProviderConfig>, RegExp]> = [
      [{ name: '../x' }, /invalid provider name/],
      [
        { tokenUrl: 'http://auth.example.com/token' },
        /plain http to a host that is not this machine/,
      ],
      [{ jwksUrl: 'http://10.1.2.3/jwks' }, /JWKS URL .* plain http/],
      [{ pasetoPublicKeyHex: 'abcd' }, /64 hex digits/],
      [{ extraParams: { client_secret: 'x' } }, /would carry a secret/],
      [{ extraParams: { grant_type: 'x' } }, /set by the grant itself/],
      [{ extraParams: { 'bad key': 'x' } }, /extra parameter name/],
      [{ clientId: '' }, /client id must not be empty/],
      [{ issuer: 'not a url' }, /issuer .* is not a URL/],
    ];
    for (const [overrides, message] of cases) {
      const error = await rejectionOf(
        store.add(config(overrides.name ?? 'p', overrides), markedSecret()),
      );
      expect(error.message).toMatch(message);
      expect((error as VaultError).kind).toBe('bad-input');
    }
    expect(await store.list()).toEqual([]);
  });

  it('keeps both of two concurrent adds (read-modify-write under a lock)', async () => {
    const home = makeTempDir();
    const names = Array.from({ length: 12 }, (_, i) => `p${i}`);
    // Separate store objects, as separate processes would have.
    await Promise.all(
      names.map((name) => new ProviderStore(home).add(config(name), markedSecret())),
    );
    expect((await new ProviderStore(home).list()).map((e) => e.config.name).sort()).toEqual(
      [...names].sort(),
    );
  });

  it('keeps both of two concurrent edits of different fields (changed under the lock)', async () => {
    const home = makeTempDir();
    const secret = markedSecret();
    await new ProviderStore(home).add(config('acme'), secret);
    // Separate store objects, as separate processes would have.
    await Promise.all([
      new ProviderStore(home).edit('acme', (current) => ({ ...current, scope: 'api:read' }), null),
      new ProviderStore(home).edit('acme', (current) => ({ ...current, clientId: 'c2' }), null),
    ]);
    const store = new ProviderStore(home);
    expect(await store.get('acme')).toMatchObject({ scope: 'api:read', clientId: 'c2' });
    expect(await store.clientSecret('acme')).toBe(secret);
    const error = await rejectionOf(store.edit('ghost', (current) => current, null));
    expect((error as VaultError).kind).toBe('not-found');
  });

  it('refuses a secret file others can read', async () => {
    const home = makeTempDir();
    const store = new ProviderStore(home);
    await store.add(config('acme'), markedSecret());
    chmodSync(join(home, 'secrets', 'provider-acme.secret.json'), 0o644);
    expect((await rejectionOf(store.clientSecret('acme'))).message).toMatch(
      /loose permissions 0644/,
    );
  });
});

describe('bearer links', () => {
  it('links by root and id, in the vault home', async () => {
    const home = makeTempDir();
    const links = new BearerLinks(home);
    await links.set('/roots/one', 'agent-A', 'acme');
    await links.set('/roots/two', 'agent-A', 'other');
    expect(links.get('/roots/one', 'agent-A')).toBe('acme');
    expect(links.get('/roots/one/../two', 'agent-A')).toBe('other');
    expect(links.get('/roots/one', 'agent-B')).toBeNull();
    expect(mode(join(home, 'links.json'))).toBe(0o600);
    expect(await links.remove('/roots/one', 'agent-A')).toBe(true);
    expect(await links.remove('/roots/one', 'agent-A')).toBe(false);
    expect(links.get('/roots/one', 'agent-A')).toBeNull();
    expect(() => links.get('/roots/one', '../x')).toThrowError(/invalid bearer id/);
  });
});
