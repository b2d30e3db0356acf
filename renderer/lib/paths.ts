/**
 * Whether a typed path is absolute (POSIX, or a Windows drive or share).
 * The vault resolves a relative path against the directory `credvault ui`
 * was started in, which the page's user cannot see: such a path is refused
 * before it is sent.
 */
export function isAbsolutePath(path: string): boolean {
  return /^(\/|[A-Za-z]:[\\/]|\\\\)/.test(path);
}
