/**
 * Provider names name files (`secrets/provider-<name>.secret.json`), so they
 * follow the bearer id rules: letters, digits, `.`, `_`, `-`, 1 to 128
 * characters, not starting with `.`; and, like a bearer id, a name that looks
 * like a secret is refused without being shown.
 */
import { isValidBearerId } from '../bearers/bearer-id';
import { VaultError } from '../errors';
import { quoteForMessage } from '../text/quote-for-message';
import { refuseSecretShaped } from '../text/secret-shapes';

export function isValidProviderName(name: string): boolean {
  return isValidBearerId(name);
}

export function checkProviderName(name: string): string {
  refuseSecretShaped(name, 'provider name');
  if (isValidProviderName(name)) return name;
  if (name.length > 128) {
    throw new VaultError(
      'bad-input',
      `invalid provider name (not shown): it is ${name.length} characters long (at most 128)`,
    );
  }
  throw new VaultError(
    'bad-input',
    `invalid provider name ${quoteForMessage(name)}: use 1 to 128 letters, digits, ".", "_" or "-", not starting with "."`,
  );
}
