import type { ErrorKind } from '@shared/contract';

/** The CLI's exit codes, documented in the README. */
export const EXIT = {
  ok: 0,
  /** A negative answer: invalid key, no such bearer or key name. */
  negative: 1,
  /** Bad usage or bad input. */
  badInput: 2,
  /** The environment failed: permission denied, lock timeout, I/O, network. */
  environment: 3,
} as const;

/** The exit code of an error of `kind` (the core's VaultError kinds are a subset of the contract's). */
export function exitCodeForKind(kind: ErrorKind): number {
  switch (kind) {
    case 'not-found':
      return EXIT.negative;
    case 'bad-input':
      return EXIT.badInput;
    case 'environment':
    case 'network':
    case 'locked':
    case 'unsupported':
    case 'forbidden':
    case 'internal':
      return EXIT.environment;
  }
}
