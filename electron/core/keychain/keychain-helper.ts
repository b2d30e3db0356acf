/**
 * The keychain helper: a child process that owns every keytar call, so a
 * native call that hangs (an unlock prompt with no end) or crashes (a
 * segfault on a locked keyring) takes down only this process, never the
 * session or the window. Started by KeychainClient; exits when its stdin
 * closes, so it never outlives the session.
 *
 * keytar is loaded lazily: a missing native binary becomes an answer ("the
 * OS keychain library could not be loaded") instead of a crash at start.
 */
import type * as KeytarModule from 'keytar';
import { createInterface } from 'node:readline';
import {
  MAX_REASON_CHARS,
  parseKeychainRequest,
  type KeychainRequest,
  type KeychainResponse,
} from './keychain-protocol';

type Keytar = typeof KeytarModule;

let keytarLoad: Promise<Keytar> | null = null;

function loadKeytar(): Promise<Keytar> {
  keytarLoad ??= import('keytar').then(
    (module: Keytar & { default?: Keytar }) => module.default ?? module,
  );
  return keytarLoad;
}

async function perform(request: KeychainRequest): Promise<string | null | boolean> {
  const keytar = await loadKeytar().catch((error: unknown) => {
    throw new Error(`the OS keychain library could not be loaded (${reasonOf(error)})`);
  });
  switch (request.op) {
    case 'get':
      return keytar.getPassword(request.service, request.account);
    case 'set':
      await keytar.setPassword(request.service, request.account, request.password);
      return true;
    case 'delete':
      return keytar.deletePassword(request.service, request.account);
  }
}

function reasonOf(error: unknown): string {
  const text = error instanceof Error ? error.message : 'unknown error';
  return text.replace(/\s+/g, ' ').trim().slice(0, MAX_REASON_CHARS) || 'unknown error';
}

function answer(response: KeychainResponse): void {
  process.stdout.write(`${JSON.stringify(response)}\n`);
}

/** Bounds how long a helper whose session is gone waits for a stuck call. */
const EXIT_GRACE_MS = 10_000;

let inFlight = 0;
let inputClosed = false;

function exitWhenDone(): void {
  if (inputClosed && inFlight === 0) process.exit(0);
}

const lines = createInterface({ input: process.stdin });
lines.on('line', (line) => {
  let request: KeychainRequest | null = null;
  try {
    request = parseKeychainRequest(JSON.parse(line));
  } catch {
    // not JSON: handled below
  }
  // Without a readable id there is no one to answer; the caller times out.
  if (!request) return;
  inFlight++;
  const { id } = request;
  perform(request)
    .then(
      (value) => answer({ id, ok: true, value }),
      (error: unknown) => answer({ id, ok: false, reason: reasonOf(error) }),
    )
    .finally(() => {
      inFlight--;
      exitWhenDone();
    });
});
// The session is gone: finish what was asked, then leave. A call stuck in
// native code must not keep an orphan alive for good.
lines.on('close', () => {
  inputClosed = true;
  setTimeout(() => process.exit(0), EXIT_GRACE_MS).unref();
  exitWhenDone();
});
