/**
 * Bearer ids become folder names, so they are checked before they touch a
 * path: letters, digits, `.`, `_`, `-`, 1 to 128 characters, not starting with
 * `.` (which also rules out `.` and `..`, and keeps ids apart from
 * Credvault's own dot files).
 *
 * An id is quoted back in errors, except when it looks like a secret pasted
 * in its place (an API key, a JWT, a PASETO token: see secret-shapes.ts) or
 * is too long to be an id: then it is refused without being shown.
 */
import { VaultError } from '../errors';
import { quoteForMessage } from '../text/quote-for-message';
import { refuseSecretShaped } from '../text/secret-shapes';

const BEARER_ID_PATTERN = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}$/;

export function isValidBearerId(id: string): boolean {
  return BEARER_ID_PATTERN.test(id);
}

/** Returns `id` when valid; throws a bad-input error naming it otherwise. */
export function checkBearerId(id: string): string {
  refuseSecretShaped(id, 'bearer id');
  if (isValidBearerId(id)) return id;
  if (id.length > 128) {
    throw new VaultError(
      'bad-input',
      `invalid bearer id (not shown): it is ${id.length} characters long (at most 128)`,
    );
  }
  let why: string;
  if (id.length === 0) why = 'it is empty';
  else if (id.startsWith('.')) why = 'it starts with "."';
  else why = 'only letters, digits, ".", "_" and "-" are allowed';
  throw new VaultError('bad-input', `invalid bearer id ${quoteForMessage(id)}: ${why}`);
}
