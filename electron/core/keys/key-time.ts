/**
 * Times in the key file, as the seed's chrono writes them: RFC 3339 in UTC
 * with nine fractional digits and `+00:00` (2026-11-23T18:51:45.054030216+00:00).
 * Parsing accepts any RFC 3339 time chrono accepts, so a file edited by hand
 * or by another tool still reads.
 */
import { parseRfc3339Ms } from '../text/rfc3339';

/**
 * `ms` (Unix milliseconds) as the seed writes times. Our clocks tick in whole
 * milliseconds (a double cannot even hold nanoseconds of today), so the last
 * six of the nine digits are zeros rather than invented.
 */
export function formatKeyTime(ms: number): string {
  const date = new Date(Math.floor(ms));
  const year = date.getUTCFullYear();
  // toISOString switches to a six-digit year outside 0..9999: not RFC 3339.
  if (!Number.isFinite(ms) || year < 0 || year > 9999)
    throw new RangeError('time out of the RFC 3339 range');
  return `${date.toISOString().slice(0, 23)}000000+00:00`;
}

/** Unix milliseconds (fraction cut to the millisecond) of an RFC 3339 time, or null when `text` is not one. */
export function parseKeyTimeMs(text: string): number | null {
  return parseRfc3339Ms(text, { allowLeapSecond: true });
}
