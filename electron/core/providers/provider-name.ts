/**
 * Provider names name files (`secrets/provider-<name>.secret.json`), so they
 * follow the bearer id rules: letters, digits, `.`, `_`, `-`, 1 to 128
 * characters, not starting with `.`.
 */
import { isValidBearerId } from '../bearers/bearer-id';
import { VaultError } from '../errors';
import { quoteForMessage } from '../text/quote-for-message';

export function isValidProviderName(name: string): boolean {
  return isValidBearerId(name);
}

export function checkProviderName(name: string): string {
  if (isValidProviderName(name)) return name;
  throw new VaultError(
    'bad-input',
    `invalid provider name ${quoteForMessage(name)}: use 1 to 128 letters, digits, ".", "_" or "-", not starting with "."`,
  );
}
