/**
 * The JSON-lines protocol between the session and the keychain helper
 * process: one request per line on the helper's stdin, one response per line
 * on its stdout, matched by `id`. Passwords travel only in these lines (never
 * argv, never the environment, never stderr).
 *
 * Checked by hand, not with zod: the helper starts on a keychain call's
 * critical path, and loading zod there doubled its start-up time.
 */
export type KeychainRequest =
  | { id: number; op: 'get'; service: string; account: string }
  | { id: number; op: 'set'; service: string; account: string; password: string }
  | { id: number; op: 'delete'; service: string; account: string };

export type KeychainResponse =
  | { id: number; ok: true; value: string | null | boolean }
  | { id: number; ok: false; reason: string };

/** A keychain's own error text is cut to this: it is a reason, not a dump. */
export const MAX_REASON_CHARS = 200;

type Fields = Record<string, unknown>;

function isFields(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function parseKeychainRequest(value: unknown): KeychainRequest | null {
  if (!isFields(value) || !Number.isSafeInteger(value.id)) return null;
  const { id, op, service, account, password } = value as Fields & { id: number };
  if (typeof service !== 'string' || typeof account !== 'string') return null;
  if (op === 'get' || op === 'delete') return { id, op, service, account };
  if (op === 'set' && typeof password === 'string') return { id, op, service, account, password };
  return null;
}

export function parseKeychainResponse(value: unknown): KeychainResponse | null {
  if (!isFields(value) || !Number.isSafeInteger(value.id)) return null;
  const id = value.id as number;
  if (value.ok === true) {
    const answer = value.value;
    if (typeof answer === 'string' || typeof answer === 'boolean' || answer === null) {
      return { id, ok: true, value: answer };
    }
    return null;
  }
  if (value.ok === false && typeof value.reason === 'string') {
    return { id, ok: false, reason: value.reason };
  }
  return null;
}
