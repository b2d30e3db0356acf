import type { VaultErrorKind } from '../core/errors';

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

export function exitCodeForKind(kind: VaultErrorKind): number {
  switch (kind) {
    case 'not-found':
      return EXIT.negative;
    case 'bad-input':
      return EXIT.badInput;
    case 'environment':
    case 'network':
      return EXIT.environment;
  }
}
