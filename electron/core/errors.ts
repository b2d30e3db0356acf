/**
 * The one error type the core throws on purpose. `kind` tells a front end what
 * happened (the CLI maps it to an exit code); `message` names the input and the
 * reason and never contains a secret: messages are built from our own words,
 * never from file contents or server bodies.
 */
export type VaultErrorKind =
  /** A negative answer: no such bearer, key or name; an invalid key. */
  | 'not-found'
  /** The caller's input is wrong: bad id, bad JSON on stdin, refused overwrite. */
  | 'bad-input'
  /** The machine failed us: permission denied, lock timeout, I/O error. */
  | 'environment'
  /** A remote server could not be reached or answered wrongly. */
  | 'network'
  /** Encrypted at rest, and the keychain's master key is not available (locked or missing). */
  | 'locked';

export class VaultError extends Error {
  override readonly name = 'VaultError';
  constructor(
    readonly kind: VaultErrorKind,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Short, content-free description of a Node system error (`EACCES`, ...). */
export function describeSystemError(error: unknown): string {
  if (error && typeof error === 'object' && 'code' in error && typeof error.code === 'string') {
    const known: Record<string, string> = {
      EACCES: 'permission denied',
      EPERM: 'operation not permitted',
      ENOENT: 'no such file or folder',
      ENOTDIR: 'a path component is not a folder',
      EISDIR: 'is a folder',
      ELOOP: 'is a symlink',
      ENOSPC: 'no space left on device',
      EROFS: 'read-only file system',
      EEXIST: 'already exists',
      EIO: 'I/O error',
    };
    return known[error.code] ?? error.code;
  }
  return 'unexpected error';
}

/** An environment failure for `path`, keeping the system error as the cause. */
export function environmentError(action: string, path: string, error: unknown): VaultError {
  return new VaultError('environment', `cannot ${action} ${path}: ${describeSystemError(error)}`, {
    cause: error,
  });
}
