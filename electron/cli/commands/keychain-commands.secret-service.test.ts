/**
 * `credvault keychain …` and the bearer commands over an encrypted root,
 * against a real Secret Service: each CLI run is its own process inside
 * gnome-keyring's `dbus-run-session`, HOME in a temp folder (see
 * test-support/secret-service.ts), so each process asks the keychain once.
 */
import { cpSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI_BIN } from '../../../test-support/cli-harness';
import { LEAK_MARKER, assertNoLeak, markedSecret } from '../../../test-support/leak-marker';
import {
  countKeychainEntries,
  runWithKeyring,
  type KeyringMode,
} from '../../../test-support/secret-service';
import { makeTempDir } from '../../../test-support/temp-dir';
import { BearerStore } from '../../core/bearers/bearer-store';
import { ProviderStore } from '../../core/providers/provider-store';

const IDS = ['agent-0', 'agent-1', 'agent-2'];
const PROVIDER = {
  name: 'acme',
  tokenUrl: 'https://auth.example.com/token',
  clientId: 'cli-1',
  clientAuth: 'client_secret_post' as const,
  scope: null,
  extraParams: {},
  issuer: null,
  jwksUrl: null,
  pasetoPublicKeyHex: null,
  userinfoUrl: null,
};

/** Runs the built CLI with CREDVAULT_HOME = `vault`, optionally with stdin from a file. */
async function credvault(home: string, mode: KeyringMode, args: string[], stdinFile?: string) {
  const script = `CREDVAULT_HOME="$1" ; shift ; export CREDVAULT_HOME ; ${
    stdinFile === undefined ? 'exec "$@"' : 'exec "$@" < "$STDIN_FILE"'
  }`;
  const command =
    stdinFile === undefined
      ? ['sh', '-c', script, 'sh', join(home, 'vault'), process.execPath, CLI_BIN, ...args]
      : [
          'env',
          `STDIN_FILE=${stdinFile}`,
          'sh',
          '-c',
          script,
          'sh',
          join(home, 'vault'),
          process.execPath,
          CLI_BIN,
          ...args,
        ];
  const run = await runWithKeyring(home, mode, command);
  assertNoLeak(`stderr of credvault ${args.join(' ')}`, run.stderr);
  return run;
}

/** Each bearer file's bytes, by path relative to the root (Credvault's dot files left out). */
function bearerFiles(root: string): Record<string, string> {
  return Object.fromEntries(
    readdirSync(root, { recursive: true, withFileTypes: true })
      .filter(
        (entry) => entry.isFile() && entry.name.endsWith('.json') && !entry.name.startsWith('.'),
      )
      .map((entry) => {
        const path = join(entry.parentPath, entry.name);
        return [path.slice(root.length), readFileSync(path, 'latin1')];
      }),
  );
}

async function vaultWithPlainBearers() {
  const home = makeTempDir();
  const root = join(home, 'vault', 'bearers');
  const store = new BearerStore({ root });
  const tokens: Record<string, string> = {};
  for (const id of IDS) {
    tokens[id] = markedSecret(id);
    await store.put(id, {
      accessToken: tokens[id],
      refreshToken: markedSecret('refresh'),
      expiresAtUnix: 4_000_000_000,
    });
  }
  return { home, root, tokens, plain: bearerFiles(root) };
}

function storages(listJson: string): string[] {
  return (JSON.parse(listJson) as Array<{ storage: string }>).map((row) => row.storage);
}

function statuses(listJson: string): Record<string, string> {
  const rows = JSON.parse(listJson) as Array<{ id: string; status: string }>;
  return Object.fromEntries(rows.map((row) => [row.id, row.status]));
}

describe('credvault keychain against gnome-keyring', () => {
  it('enable, use, lock, unlock and disable a root, end to end', async () => {
    const { home, root, tokens, plain } = await vaultWithPlainBearers();
    const secrets = join(home, 'vault', 'secrets');
    await new ProviderStore(join(home, 'vault')).add(PROVIDER, markedSecret('client-secret'));

    const enabled = await credvault(home, 'unlocked', ['keychain', 'enable']);
    expect(enabled.stderr).not.toMatch(/credvault:/);
    expect(enabled.code).toBe(0);
    expect(enabled.stdout).toMatch(/encrypted .*bearers/);
    // No token byte anywhere under the root, and one entry in the keychain.
    for (const content of Object.values(bearerFiles(root)))
      expect(content).not.toContain(LEAK_MARKER);
    expect(await countKeychainEntries(home, 'credvault')).toBe(1);
    // The provider's client secret was sealed by the same enable.
    expect(readFileSync(join(secrets, 'provider-acme.secret.json'), 'utf8')).not.toContain(
      LEAK_MARKER,
    );

    const listed = await credvault(home, 'unlocked', ['bearers', 'list', '--json']);
    expect(statuses(listed.stdout)).toEqual({
      'agent-0': 'ok',
      'agent-1': 'ok',
      'agent-2': 'ok',
    });
    expect(storages(listed.stdout)).toEqual(['encrypted', 'encrypted', 'encrypted']);
    const token = await credvault(home, 'unlocked', ['token', 'agent-1']);
    expect(token.stdout.trim()).toBe(tokens['agent-1']);
    const status = JSON.parse(
      (await credvault(home, 'unlocked', ['keychain', 'status', '--json'])).stdout,
    );
    expect(status).toMatchObject({
      backend: expect.stringMatching(/^Secret Service/),
      master_key: 'present',
      roots: [{ path: root, encrypted: true, records: { plain: 0, encrypted: 3, locked: 0 } }],
    });

    // The keyring locked (the daemon restarted without unlocking).
    const encryptedBytes = bearerFiles(root);
    const lockedList = await credvault(home, 'locked', ['bearers', 'list', '--json']);
    expect(statuses(lockedList.stdout)).toEqual({
      'agent-0': 'locked',
      'agent-1': 'locked',
      'agent-2': 'locked',
    });
    expect(storages(lockedList.stdout)).toEqual(['locked', 'locked', 'locked']);
    const lockedProviders = await credvault(home, 'locked', ['providers', 'list']);
    expect(lockedProviders.code).toBe(0);
    expect(lockedProviders.stdout).toContain('acme');
    const lockedToken = await credvault(home, 'locked', ['token', 'agent-1']);
    expect(lockedToken.code).toBe(3);
    expect(lockedToken.stdout).toBe('');
    expect(lockedToken.stderr).toMatch(/bearer "agent-1" is locked: .*keyring is locked/);
    const recordFile = join(home, 'record.json');
    writeFileSync(
      recordFile,
      JSON.stringify({
        access_token: markedSecret('new'),
        refresh_token: '',
        expires_at_unix: 4_000_000_000,
      }),
    );
    const put = await credvault(home, 'locked', ['bearers', 'put', 'agent-9'], recordFile);
    expect(put.code).toBe(3);
    expect(put.stderr).toMatch(/refusing to write bearer "agent-9" into an encrypted root/);
    const lockedStatus = JSON.parse(
      (await credvault(home, 'locked', ['keychain', 'status', '--json'])).stdout,
    );
    expect(lockedStatus).toMatchObject({
      master_key: 'locked',
      roots: [{ records: { plain: 0, encrypted: 0, locked: 3 } }],
    });
    expect(bearerFiles(root)).toEqual(encryptedBytes);
    expect(await countKeychainEntries(home, 'credvault')).toBe(1);

    // Unlocked again: a new process reads everything.
    const again = await credvault(home, 'unlocked', ['bearers', 'list', '--json']);
    expect(Object.values(statuses(again.stdout))).toEqual(['ok', 'ok', 'ok']);

    // A moved root still decrypts; a file copied to another bearer never serves.
    const moved = join(home, 'moved-root');
    cpSync(root, moved, { recursive: true, preserveTimestamps: true });
    const movedList = await credvault(home, 'unlocked', [
      'bearers',
      'list',
      '--json',
      '--root',
      moved,
    ]);
    expect(Object.values(statuses(movedList.stdout))).toEqual(['ok', 'ok', 'ok']);
    cpSync(
      join(moved, 'agent-0', 'access_token.json'),
      join(moved, 'agent-1', 'access_token.json'),
      {
        preserveTimestamps: true,
      },
    );
    const swapped = await credvault(home, 'unlocked', ['token', 'agent-1', '--root', moved]);
    expect(swapped.code).not.toBe(0);
    expect(swapped.stdout).toBe('');
    expect(swapped.stderr).toMatch(
      /agent-1\/access_token\.json cannot be decrypted: it was encrypted for another place/,
    );

    // Off again: the plain files, byte for byte.
    const disabled = await credvault(home, 'unlocked', ['keychain', 'disable']);
    expect(disabled.code).toBe(0);
    expect(bearerFiles(root)).toEqual(plain);
  });

  it('with no keychain service at all: plain roots work, and status says why encryption is unavailable', async () => {
    const { home, tokens } = await vaultWithPlainBearers();
    const token = await credvault(home, 'no-dbus', ['token', 'agent-0']);
    expect(token.stdout.trim()).toBe(tokens['agent-0']);
    const status = JSON.parse(
      (await credvault(home, 'no-dbus', ['keychain', 'status', '--json'])).stdout,
    );
    expect(status).toMatchObject({
      backend: null,
      master_key: 'unavailable',
      reason: expect.stringMatching(/D-Bus|dbus/i),
    });
    const enable = await credvault(home, 'no-dbus', ['keychain', 'enable']);
    expect(enable.code).toBe(3);
    expect(enable.stderr).toMatch(/the master key is unavailable/);
  });
});
