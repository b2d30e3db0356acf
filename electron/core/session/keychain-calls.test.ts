/**
 * The keychain layer through a session (a fake KeyStore: the real Secret
 * Service is exercised in keychain/*.secret-service.test.ts): the posture,
 * enable and disable with progress, the shared-root rule, Retry, and a vault
 * with no keychain at all.
 */
import { mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { EventPayload } from '@shared/contract';
import { FakeKeyStore } from '../../../test-support/fake-key-store';
import { LEAK_MARKER, markedSecret, rejectionOf } from '../../../test-support/leak-marker';
import { makeTempDir } from '../../../test-support/temp-dir';
import type { VaultError } from '../errors';
import { KeychainError } from '../keychain/keychain-client';
import { openVault } from './open-vault';
import type { VaultSession } from './session-api';

const open: VaultSession[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((session) => session.close()));
});

const FAKE_HELPER = resolve(
  import.meta.dirname,
  '../../../test-support/children/fake-keychain-helper.mjs',
);

async function sessionOver(home: string, keyStore: FakeKeyStore): Promise<VaultSession> {
  const session = await openVault(home, { keychain: { keyStore } });
  open.push(session);
  return session;
}

function rawBytesUnder(dir: string): string {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => readFileSync(join(entry.parentPath, entry.name), 'latin1'))
    .join('\n');
}

/** Each bearer file's bytes, by path (Credvault's own dot files left out). */
function bearerFiles(root: string): Record<string, string> {
  return Object.fromEntries(
    readdirSync(root, { recursive: true, withFileTypes: true })
      .filter(
        (entry) => entry.isFile() && entry.name.endsWith('.json') && !entry.name.startsWith('.'),
      )
      .map((entry) => {
        const path = join(entry.parentPath, entry.name);
        return [path, readFileSync(path, 'latin1')];
      }),
  );
}

async function vaultWithBearers(count = 3) {
  const home = makeTempDir();
  const keyStore = new FakeKeyStore();
  const session = await sessionOver(home, keyStore);
  const root = join(home, 'bearers');
  for (let index = 0; index < count; index++) {
    await session.putBearer({
      ref: { root, id: `agent-${index}` },
      record: {
        accessToken: markedSecret('access'),
        refreshToken: markedSecret('refresh'),
        expiresAtUnix: 4_000_000_000,
      },
      force: false,
    });
  }
  return { home, root, keyStore, session };
}

describe('keychain calls', () => {
  it('enables a root: N of M progress, the key made once, no token byte left, records still served', async () => {
    const { root, keyStore, session } = await vaultWithBearers();
    const before = await session.keychainStatus({});
    expect(before).toMatchObject({ masterKey: 'absent', reason: null });
    expect(before.roots).toEqual([
      {
        path: root,
        encrypted: false,
        shared: false,
        records: { plain: 3, encrypted: 0, locked: 0 },
        loosePermissions: 0,
      },
    ]);
    const progress: Array<EventPayload<'credvault:progress'>> = [];
    const changes: Array<EventPayload<'credvault:keychain.changed'>> = [];
    session.subscribe('credvault:progress', (event) => progress.push(event));
    session.subscribe('credvault:keychain.changed', (event) => changes.push(event));

    const after = await session.enableKeychain({ root, force: false });
    expect(after.masterKey).toBe('present');
    expect(after.roots[0]).toMatchObject({
      encrypted: true,
      records: { plain: 0, encrypted: 3, locked: 0 },
    });
    expect(progress.map((event) => `${event.task} ${event.done}/${event.total}`)).toEqual([
      'keychain-enable 1/3',
      'keychain-enable 2/3',
      'keychain-enable 3/3',
    ]);
    expect(changes).toEqual([{ masterKey: 'present', reason: null }]);
    expect(keyStore.entries.size).toBe(1);
    expect(rawBytesUnder(root)).not.toContain(LEAK_MARKER);
    const { bearers } = await session.listBearers({});
    expect(bearers.map((bearer) => [bearer.status, bearer.storage])).toEqual([
      ['ok', 'encrypted'],
      ['ok', 'encrypted'],
      ['ok', 'encrypted'],
    ]);
    const revealed = await session.revealBearer({ ref: { root, id: 'agent-1' } });
    expect(revealed.accessToken).toContain(LEAK_MARKER);
    expect((await session.getSettings({})).roots[0]?.encrypted).toBe(true);
  });

  it('disables a root: every file back in plain text, the flag off in the settings too', async () => {
    const { root, session } = await vaultWithBearers(2);
    const plain = bearerFiles(root);
    await session.enableKeychain({ root, force: false });
    expect(bearerFiles(root)).not.toEqual(plain);
    const after = await session.disableKeychain({ root });
    expect(after.roots[0]).toMatchObject({
      encrypted: false,
      records: { plain: 2, encrypted: 0, locked: 0 },
    });
    expect(bearerFiles(root)).toEqual(plain);
    expect((await session.getSettings({})).roots[0]?.encrypted).toBe(false);
  });

  it('keeps a shared root plain unless forced, saying which programs would stop reading it', async () => {
    const { home, session } = await vaultWithBearers(0);
    const shared = join(home, 'shared-root');
    mkdirSync(shared);
    await session.addRoot({ path: shared, shared: true });
    const refused = await rejectionOf(session.enableKeychain({ root: shared, force: false }));
    expect((refused as VaultError).kind).toBe('bad-input');
    expect(refused.message).toMatch(/marked shared: other programs .* use --force/);
    const forced = await session.enableKeychain({ root: shared, force: true });
    expect(forced.roots.find((root) => root.path === shared)).toMatchObject({
      encrypted: true,
      shared: true,
    });
  });

  it('locked: records listed locked and a put refused; Retry after unlocking reads them again', async () => {
    const { home, root, keyStore, session } = await vaultWithBearers(2);
    await session.enableKeychain({ root, force: false });
    keyStore.locked = true;
    const later = await sessionOver(home, keyStore);
    const changes: Array<EventPayload<'credvault:keychain.changed'>> = [];
    later.subscribe('credvault:keychain.changed', (event) => changes.push(event));
    const status = await later.keychainStatus({});
    expect(status).toMatchObject({ masterKey: 'locked', reason: expect.stringMatching(/locked/) });
    expect(status.roots[0]?.records).toEqual({ plain: 0, encrypted: 0, locked: 2 });
    const put = await rejectionOf(
      later.putBearer({
        ref: { root, id: 'agent-9' },
        record: { accessToken: markedSecret(), refreshToken: '', expiresAtUnix: 4_000_000_000 },
        force: false,
      }),
    );
    expect((put as VaultError).kind).toBe('locked');
    expect(readdirSync(root).sort()).toEqual(['.credvault-root.json', 'agent-0', 'agent-1']);

    keyStore.locked = false;
    const retried = await later.retryKeychain({});
    expect(retried.roots[0]?.records).toEqual({ plain: 0, encrypted: 2, locked: 0 });
    expect(changes.at(-1)).toEqual({ masterKey: 'present', reason: null });
    expect(keyStore.entries.size).toBe(1);
  });

  it('enable encrypts provider client secrets too; they still serve, and locked they are refused, never plain', async () => {
    const { home, root, keyStore, session } = await vaultWithBearers(1);
    const provider = {
      name: 'acme',
      tokenUrl: 'http://127.0.0.1:9/token',
      clientId: 'cli-1',
      clientAuth: 'client_secret_post' as const,
      scope: null,
      extraParams: {},
      issuer: null,
      jwksUrl: null,
      pasetoPublicKeyHex: null,
      userinfoUrl: null,
    };
    const secret = markedSecret('client-secret');
    await session.addProvider({ provider, clientSecret: secret });
    expect((await session.keychainStatus({})).providerSecrets).toEqual({ plain: 1, encrypted: 0 });

    const after = await session.enableKeychain({ root, force: false });
    expect(after.providerSecrets).toEqual({ plain: 0, encrypted: 1 });
    const secrets = join(home, 'secrets');
    expect(rawBytesUnder(secrets)).not.toContain(LEAK_MARKER);
    await session.addProvider({
      provider: { ...provider, name: 'later' },
      clientSecret: markedSecret('later-secret'),
    });
    expect(rawBytesUnder(secrets)).not.toContain(LEAK_MARKER);
    expect((await session.keychainStatus({})).providerSecrets).toEqual({ plain: 0, encrypted: 2 });

    keyStore.locked = true;
    const later = await sessionOver(home, keyStore);
    const refused = await rejectionOf(
      later.addProvider({
        provider: { ...provider, name: 'third' },
        clientSecret: markedSecret('third-secret'),
      }),
    );
    expect((refused as VaultError).kind).toBe('locked');
    expect(rawBytesUnder(secrets)).not.toContain(LEAK_MARKER);
    // Listing needs no key; a token that needs the secret is refused as locked.
    expect((await later.listProviders({})).providers.map((entry) => entry.name)).toEqual([
      'acme',
      'later',
    ]);
    expect(await rejectionOf(later.clientCredentialsToken({ name: 'acme' }))).toMatchObject({
      kind: 'locked',
    });
    keyStore.locked = false;
    await later.retryKeychain({});
    const again = await sessionOver(home, keyStore);
    const listed = (await again.listProviders({})).providers;
    expect(listed.map((entry) => [entry.name, entry.hasClientSecret])).toEqual([
      ['acme', true],
      ['later', true],
    ]);
  });

  it('with no keychain at all: plain roots work, and the posture says why encryption is unavailable', async () => {
    const { root, keyStore, session } = await vaultWithBearers(1);
    keyStore.failure = new KeychainError('refused', 'reading the key failed: no D-Bus session');
    const status = await session.keychainStatus({});
    expect(status).toMatchObject({
      backend: null,
      masterKey: 'unavailable',
      reason: expect.stringMatching(/no D-Bus session/),
    });
    expect((await session.listBearers({})).bearers).toHaveLength(1);
    const refused = await rejectionOf(session.enableKeychain({ root, force: false }));
    expect(refused.message).toMatch(/the master key is unavailable: .*no D-Bus session/);
    expect(rawBytesUnder(root)).toContain(LEAK_MARKER);
  });

  it.each(['crash', 'hang-once'])(
    'a keychain helper that fails (%s) never takes the session down; Retry starts a fresh one',
    async (mode) => {
      const home = makeTempDir();
      const session = await openVault(home, {
        keychain: {
          launch: {
            command: process.execPath,
            args: [FAKE_HELPER, mode, join(home, 'helper-started')],
          },
          timeoutMs: 300,
        },
      });
      open.push(session);
      const root = join(home, 'bearers');
      await session.putBearer({
        ref: { root, id: 'agent-a' },
        record: { accessToken: markedSecret(), refreshToken: '', expiresAtUnix: 4_000_000_000 },
        force: false,
      });
      const status = await session.keychainStatus({});
      expect(status).toMatchObject({ masterKey: 'unavailable', backend: null });
      expect(status.reason).toMatch(/keychain/);
      expect((await session.listBearers({})).bearers).toHaveLength(1);
      // hang-once answers from its second process on; crash never does.
      const retried = await session.retryKeychain({});
      expect(retried.masterKey).toBe(mode === 'crash' ? 'unavailable' : 'absent');
    },
  );
});
