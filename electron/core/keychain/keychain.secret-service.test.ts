/**
 * The keychain layer against a real Secret Service: gnome-keyring inside
 * dbus-run-session, HOME in a temp folder (see test-support/secret-service.ts).
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { countKeychainEntries, runKeychainScenario } from '../../../test-support/secret-service';
import { makeTempDir } from '../../../test-support/temp-dir';
import { readKeychainRecord } from './keychain-record';

interface EnsureResult {
  before: { state: string; reason?: string };
  after: { state: string; reason?: string; fingerprint?: string };
  error: { message: string; failure: string | null } | null;
  ms: number;
}

function vaultIn(home: string): string {
  return join(home, 'vault');
}

describe('keychain against gnome-keyring', () => {
  it('stores and reads a password through the helper process', async () => {
    const home = makeTempDir();
    expect(await runKeychainScenario(home, 'unlocked', 'set-get', vaultIn(home))).toEqual({
      sameValue: true,
    });
  });

  it('creates the master key once: a second session reads it, and the keychain holds one entry', async () => {
    const home = makeTempDir();
    const first = await runKeychainScenario<EnsureResult>(
      home,
      'unlocked',
      'ensure',
      vaultIn(home),
    );
    expect(first.before.state).toBe('absent');
    expect(first.after.state).toBe('present');
    const second = await runKeychainScenario<EnsureResult>(
      home,
      'unlocked',
      'ensure',
      vaultIn(home),
    );
    expect(second.before).toEqual(first.after);
    expect(second.error).toBeNull();
    expect(readKeychainRecord(vaultIn(home))?.keyFingerprint).toBe(first.after.fingerprint);
    expect(await countKeychainEntries(home, 'credvault')).toBe(1);
  });

  it('reports a locked keyring as locked and creates no second key; unlocked again, the key reads', async () => {
    const home = makeTempDir();
    const created = await runKeychainScenario<EnsureResult>(
      home,
      'unlocked',
      'ensure',
      vaultIn(home),
    );
    const recordBefore = readKeychainRecord(vaultIn(home));

    const whileLocked = await runKeychainScenario<EnsureResult>(
      home,
      'locked',
      'ensure',
      vaultIn(home),
    );
    expect(whileLocked.before).toMatchObject({
      state: 'locked',
      reason: expect.stringMatching(/keyring is locked/),
    });
    expect(whileLocked.error?.message).toMatch(/^the master key is locked: /);
    expect(readKeychainRecord(vaultIn(home))).toEqual(recordBefore);
    expect(await countKeychainEntries(home, 'credvault')).toBe(1);

    const unlocked = await runKeychainScenario<EnsureResult>(
      home,
      'unlocked',
      'ensure',
      vaultIn(home),
    );
    expect(unlocked.before).toEqual(created.after);
  });

  it('reports no D-Bus session as unavailable, with the reason, without waiting for the timeout', async () => {
    const home = makeTempDir();
    const result = await runKeychainScenario<EnsureResult>(
      home,
      'no-dbus',
      'ensure',
      vaultIn(home),
    );
    expect(result.before).toMatchObject({
      state: 'unavailable',
      reason: expect.stringMatching(/D-Bus/),
    });
    expect(result.error?.message).toMatch(/^the master key is unavailable: .*D-Bus/);
    expect(readKeychainRecord(vaultIn(home))).toBeNull();
    const status = await runKeychainScenario<{ status: { reason: string } }>(
      home,
      'no-dbus',
      'status',
      vaultIn(home),
    );
    expect(status.status.reason).toMatch(/the OS keychain refused/); // a refusal, not a timeout
  });

  it('survives the real helper being SIGKILLed: the next call starts a new helper and works', async () => {
    const home = makeTempDir();
    const result = await runKeychainScenario<{
      error: { failure: string } | null;
      nextCall: string;
    }>(home, 'unlocked', 'kill-helper', vaultIn(home));
    if (result.error) expect(result.error.failure).toBe('helper-stopped');
    expect(result.nextCall).toBe('value');
  });
});
