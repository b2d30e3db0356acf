/**
 * Values that come from files, folders or tokens (ids, names, claims): shown
 * as they are when plainly printable, JSON-quoted otherwise, so they cannot
 * forge terminal output.
 */
export function printable(value: string): string {
  return /^[\x21-\x7e]+$/.test(value) ? value : JSON.stringify(value);
}
