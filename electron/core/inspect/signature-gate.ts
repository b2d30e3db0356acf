import type { InspectOptions, SignatureCheck, VerificationKeys } from './inspection-types';

/**
 * The keys to verify with, or why the signature goes unchecked before any key
 * is looked at: the same rules for every token kind.
 */
export function keysToVerifyWith(
  options: InspectOptions,
): { keys: VerificationKeys } | { unchecked: SignatureCheck } {
  if (options.verify === false) {
    return { unchecked: { state: 'not-checked', reason: 'verification not requested' } };
  }
  if (!options.keys) {
    const reason = options.noKeysReason ?? 'no verification key configured';
    return { unchecked: { state: 'not-checked', reason } };
  }
  return { keys: options.keys };
}
