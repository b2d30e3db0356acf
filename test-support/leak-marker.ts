/**
 * Every secret in the tests carries LEAK_MARKER. A test fails if the marker
 * shows up where a secret must never be: stdout without --reveal, stderr, any
 * error message or cause (see leak-guard-setup.ts and cli-harness.ts).
 */
import { randomBytes } from 'node:crypto';

export const LEAK_MARKER = 'LEAKMARK';

/** A fresh secret for a test: `<label>-LEAKMARK-<random>`. */
export function markedSecret(label = 'secret'): string {
  return `${label}-${LEAK_MARKER}-${randomBytes(6).toString('hex')}`;
}

export function assertNoLeak(where: string, text: string): void {
  if (text.includes(LEAK_MARKER)) {
    throw new Error(`a secret leaked into ${where}: ${text.slice(0, 300)}`);
  }
}

/** Checks an error's message, stack and whole cause chain. */
export function assertErrorHasNoLeak(error: unknown, where = 'an error'): void {
  let current: unknown = error;
  for (let depth = 0; current && depth < 10; depth++) {
    if (current instanceof Error) {
      assertNoLeak(`${where} message`, current.message);
      assertNoLeak(`${where} stack`, current.stack ?? '');
      current = current.cause;
    } else {
      assertNoLeak(where, typeof current === 'string' ? current : (JSON.stringify(current) ?? ''));
      return;
    }
  }
}

/** Awaits `promise`, expects it to reject, checks the error leaks nothing, returns it. */
export async function rejectionOf(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    assertErrorHasNoLeak(error);
    return error as Error;
  }
  throw new Error('expected a rejection, but it resolved');
}
