// Keychain scenarios run inside a private Secret Service (see
// test-support/secret-service.ts). argv: <scenario> <vaultHome>. Prints one
// JSON line: what a test checks. Never prints a key.
import { randomBytes } from 'node:crypto';
import { KeychainClient, KeychainError } from '../../electron/core/keychain/keychain-client';
import { MasterKey } from '../../electron/core/keychain/master-key';

const [scenario, home] = process.argv.slice(2) as [string, string];
const client = new KeychainClient();

function describeError(error: unknown): { message: string; failure: string | null } {
  return {
    message: error instanceof Error ? error.message : String(error),
    failure: error instanceof KeychainError ? error.failure : null,
  };
}

async function run(): Promise<unknown> {
  switch (scenario) {
    case 'set-get': {
      const value = randomBytes(32).toString('base64');
      await client.setPassword('credvault-test', 'round-trip', value);
      return { sameValue: (await client.getPassword('credvault-test', 'round-trip')) === value };
    }
    case 'ensure': {
      const masterKey = new MasterKey(home, client);
      const before = await masterKey.status();
      const started = performance.now();
      const ensured = await masterKey.ensure().then(
        () => null,
        (error: unknown) => describeError(error),
      );
      return {
        before,
        after: await masterKey.status(),
        error: ensured,
        ms: performance.now() - started,
      };
    }
    case 'status': {
      const started = performance.now();
      const status = await new MasterKey(home, client).status();
      return { status, ms: performance.now() - started };
    }
    case 'kill-helper': {
      // Killed while idle: the next call must not fail because of it.
      await client.setPassword('credvault-test', 'kill', 'value');
      process.kill(client.helperPid!, 'SIGKILL');
      return { nextCall: await client.getPassword('credvault-test', 'kill') };
    }
    default:
      throw new Error(`unknown scenario ${scenario}`);
  }
}

try {
  process.stdout.write(`${JSON.stringify(await run())}\n`);
} finally {
  client.close();
}
