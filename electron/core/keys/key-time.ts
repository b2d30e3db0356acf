/**
 * Times in the key file, as the seed's chrono writes them: RFC 3339 in UTC
 * with nine fractional digits and `+00:00` (2026-11-23T18:51:45.054030216+00:00).
 * Parsing accepts any RFC 3339 time chrono accepts, so a file edited by hand
 * or by another tool still reads.
 */

const RFC3339 =
  /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:[Zz]|([+-])(\d{2}):(\d{2}))$/;

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
  const match = RFC3339.exec(text);
  if (!match) return null;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  // Second 60 is a leap second, which chrono accepts; it counts as :59.
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 60) return null;
  const date = new Date(Date.UTC(2000, 0, 1, hour, minute, Math.min(second, 59)));
  // setUTCFullYear, not Date.UTC: Date.UTC maps years 0..99 to 1900..1999.
  date.setUTCFullYear(year, month - 1, day);
  if (date.getUTCDate() !== day) return null; // 2026-02-30 and the like
  let ms = date.getTime() + (match[7] ? Number(match[7].padEnd(3, '0').slice(0, 3)) : 0);
  if (match[8]) {
    const offsetHours = Number(match[9]);
    const offsetMinutes = Number(match[10]);
    if (offsetHours > 23 || offsetMinutes > 59) return null;
    const offsetMs = (offsetHours * 60 + offsetMinutes) * 60_000;
    ms += match[8] === '+' ? -offsetMs : offsetMs;
  }
  return ms;
}
