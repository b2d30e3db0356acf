/**
 * Strict RFC 3339 timestamps to Unix milliseconds (fraction cut to the
 * millisecond): a real calendar day and an explicit offset. Date.parse would
 * accept far more than that, and differently per engine.
 */
const RFC3339 =
  /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:[Zz]|([+-])(\d{2}):(\d{2}))$/;

export interface Rfc3339Options {
  /** Accept second 60 (a leap second, as chrono does), counted as :59. */
  allowLeapSecond?: boolean;
}

export function parseRfc3339Ms(text: string, options: Rfc3339Options = {}): number | null {
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
  const maxSecond = options.allowLeapSecond ? 60 : 59;
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > maxSecond) {
    return null;
  }
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
