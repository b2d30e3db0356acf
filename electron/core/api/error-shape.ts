/**
 * Any thrown value as the contract's one error shape. The core's own errors
 * (VaultError) and the contract's (ContractError) keep their words, which
 * are written never to hold a secret. Anything else is a bug whose message
 * we did not write and cannot vouch for (a library's error may quote a token
 * or a server's body), so the caller learns only that it happened.
 */
import { ContractError, type ErrorKind, type ErrorShape } from '@shared/contract';
import { VaultError, type VaultErrorKind } from '../errors';

/** A kind the core adds must be one the contract can carry: checked by the compiler. */
const coreKindsFitTheContract = (kind: VaultErrorKind): ErrorKind => kind;

export const INTERNAL_ERROR: ErrorShape = Object.freeze({
  kind: 'internal',
  message: 'unexpected internal error',
  input: null,
});

export function toErrorShape(error: unknown): ErrorShape {
  if (error instanceof ContractError) return error.toShape();
  if (error instanceof VaultError) {
    return { kind: coreKindsFitTheContract(error.kind), message: error.message, input: null };
  }
  return { ...INTERNAL_ERROR };
}
