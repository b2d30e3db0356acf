import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { markedSecret, rejectionOf } from '../../../test-support/leak-marker';
import { makeTempDir } from '../../../test-support/temp-dir';
import { VaultError } from '../errors';
import { KeychainClient, KeychainError, type KeychainClientOptions } from './keychain-client';

const FAKE_HELPER = resolve(
  import.meta.dirname,
  '../../../test-support/children/fake-keychain-helper.mjs',
);

function client(options: KeychainClientOptions): KeychainClient {
  const created = new KeychainClient(options);
  onTestFinished(() => created.close());
  return created;
}

function fake(mode: string, ...args: string[]): KeychainClientOptions['launch'] {
  return { command: process.execPath, args: [FAKE_HELPER, mode, ...args] };
}

/** An environment with no D-Bus session and no display: no keychain at all. */
function withoutDbus(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, HOME: makeTempDir() };
  delete env.DBUS_SESSION_BUS_ADDRESS;
  delete env.DISPLAY;
  return env;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitUntil(condition: () => boolean): Promise<void> {
  for (let attempt = 0; attempt < 200 && !condition(); attempt++) {
    await new Promise((resolveWait) => setTimeout(resolveWait, 25));
  }
  expect(condition()).toBe(true);
}

describe('KeychainClient', () => {
  it('stores, reads and deletes a password through the helper process', async () => {
    const keychain = client({ launch: fake('memory') });
    const password = markedSecret('master-key');
    await keychain.setPassword('credvault', 'vault-1', password);
    expect(await keychain.getPassword('credvault', 'vault-1')).toBe(password);
    expect(await keychain.getPassword('credvault', 'other')).toBeNull();
    expect(await keychain.deletePassword('credvault', 'vault-1')).toBe(true);
    expect(await keychain.getPassword('credvault', 'vault-1')).toBeNull();
  });

  it('kills a helper that never answers, rejects the call, and the next call starts a new one', async () => {
    const marker = join(makeTempDir(), 'first-helper.pid');
    const keychain = client({ launch: fake('hang-once', marker), timeoutMs: 300 });
    const error = await rejectionOf(keychain.getPassword('credvault', 'vault-1'));
    expect(error).toBeInstanceOf(KeychainError);
    expect((error as KeychainError).failure).toBe('timeout');
    expect(error.message).toMatch(
      /reading the key failed: the OS keychain did not answer within 300 ms/,
    );
    const hungPid = Number(readFileSync(marker, 'utf8'));
    await waitUntil(() => !isAlive(hungPid));

    await keychain.setPassword('credvault', 'vault-1', 'value');
    expect(await keychain.getPassword('credvault', 'vault-1')).toBe('value');
  });

  it('finishes a call whose helper is SIGKILLed midway on a new helper', async () => {
    const marker = join(makeTempDir(), 'first-helper.pid');
    // A long timeout: the call must move on because the exit was noticed.
    const keychain = client({ launch: fake('hang-once', marker), timeoutMs: 60_000 });
    const call = keychain.setPassword('credvault', 'vault-1', 'value');
    await waitUntil(() => existsSync(marker) && readFileSync(marker, 'utf8') !== '');
    const killedPid = keychain.helperPid!;
    process.kill(killedPid, 'SIGKILL');
    await call;
    expect(keychain.helperPid).not.toBe(killedPid);
    expect(await keychain.getPassword('credvault', 'vault-1')).toBe('value');
  });

  it('rejects with a clear error when the helper dies on every try', async () => {
    const keychain = client({ launch: fake('crash'), timeoutMs: 60_000 });
    const error = await rejectionOf(keychain.setPassword('credvault', 'vault-1', markedSecret()));
    expect((error as KeychainError).failure).toBe('helper-stopped');
    expect(error.message).toBe(
      'storing the key failed: the keychain helper stopped unexpectedly (SIGKILL)',
    );
  });

  it('stops a helper that answers with garbage', async () => {
    const keychain = client({ launch: fake('garbage') });
    const error = await rejectionOf(keychain.getPassword('credvault', 'vault-1'));
    expect(error.message).toMatch(/answered with something that is not a response/);
  });

  it('rejects, without throwing elsewhere, when the helper cannot be started', async () => {
    const keychain = client({ launch: { command: '/nonexistent/node', args: [] } });
    const error = await rejectionOf(keychain.getPassword('credvault', 'vault-1'));
    expect(error).toBeInstanceOf(VaultError);
    expect(error.message).toMatch(/the keychain helper could not be started/);
  });

  it('runs the real helper (keytar) and reports a missing D-Bus session as a refusal with its reason', async () => {
    const env = withoutDbus();
    const keychain = client({ env });
    const error = await rejectionOf(keychain.getPassword('credvault', 'vault-1'));
    expect((error as KeychainError).failure).toBe('refused');
    expect(error.message).toMatch(/reading the key failed: the OS keychain refused: .*D-Bus/);
  });

  it('runs the bundled helper (dist/cli/keychain-helper.mjs) the CLI starts', async () => {
    const env = withoutDbus();
    const bundled = resolve(import.meta.dirname, '../../../dist/cli/keychain-helper.mjs');
    const keychain = client({ env, launch: { command: process.execPath, args: [bundled] } });
    const error = await rejectionOf(keychain.getPassword('credvault', 'vault-1'));
    expect(error.message).toMatch(/the OS keychain refused: .*D-Bus/);
  });
});
