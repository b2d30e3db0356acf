/**
 * The registered claims a person reads first (times, scopes, audience,
 * issuer, subject), pulled out of a decoded claims object. A claim of the
 * wrong type is left out and named in `problems` (by claim name only, never
 * by value: values are token content).
 */
import type { TimeClaim } from './inspection-types';

export interface ExtractedClaims {
  issuedAt: TimeClaim | null;
  notBefore: TimeClaim | null;
  expiresAt: TimeClaim | null;
  scopes: string[];
  audience: string[];
  issuer: string | null;
  subject: string | null;
  problems: string[];
}

/** JWT times are NumericDate seconds; PASETO times are RFC 3339 strings. */
export type TimeFormat = 'numeric-date' | 'rfc3339';

/** The largest |ms| a JS Date holds; beyond it there is no ISO form. */
const MAX_DATE_MS = 8.64e15;

export function extractClaims(
  claims: Record<string, unknown>,
  format: TimeFormat,
  nowMs: number,
): ExtractedClaims {
  const problems: string[] = [];
  const time = (name: 'iat' | 'nbf' | 'exp'): TimeClaim | null => {
    if (!Object.hasOwn(claims, name)) return null;
    const ms = format === 'numeric-date' ? numericDateMs(claims[name]) : rfc3339Ms(claims[name]);
    if (ms === undefined) {
      const expected =
        format === 'numeric-date' ? 'a finite number of seconds' : 'a valid RFC 3339 date-time';
      problems.push(`"${name}" is not ${expected}; ignored`);
      return null;
    }
    return timeClaim(ms, nowMs);
  };
  return {
    issuedAt: time('iat'),
    notBefore: time('nbf'),
    expiresAt: time('exp'),
    scopes: scopesOf(claims, problems),
    audience: audienceOf(claims, problems),
    issuer: stringClaim(claims, 'iss', problems),
    subject: stringClaim(claims, 'sub', problems),
    problems,
  };
}

export function timeClaim(ms: number, nowMs: number): TimeClaim {
  const relative = Math.round((ms - nowMs) / 1000);
  // Math.round(-0.4) is -0, which JSON prints as 0 but Object.is tells apart.
  return {
    unix: ms / 1000,
    iso: new Date(ms).toISOString(),
    relativeS: relative === 0 ? 0 : relative,
  };
}

function numericDateMs(value: unknown): number | undefined {
  if (typeof value !== 'number' || !Number.isFinite(value)) return undefined;
  const ms = value * 1000;
  return Math.abs(ms) <= MAX_DATE_MS ? ms : undefined;
}

const RFC3339 =
  /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?([Zz]|([+-])(\d{2}):(\d{2}))$/;

/**
 * Strict RFC 3339 (the form PASETO requires): a real calendar day, no leap
 * seconds, an explicit offset. Date.parse would accept far more than that,
 * and differently per engine.
 */
export function rfc3339Ms(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const match = RFC3339.exec(value);
  if (match === null) return undefined;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const offsetHour = match[10] === undefined ? 0 : Number(match[10]);
  const offsetMinute = match[11] === undefined ? 0 : Number(match[11]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (hour > 23 || minute > 59 || second > 59 || offsetHour > 23 || offsetMinute > 59)
    return undefined;
  const millis = Number((match[7] ?? '').padEnd(3, '0').slice(0, 3));
  const sign = match[9] === '-' ? -1 : 1;
  // Date.UTC maps years 0-99 to 1900-1999; setUTCFullYear does not.
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, millis);
  return date.getTime() - sign * (offsetHour * 60 + offsetMinute) * 60_000;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function stringClaim(
  claims: Record<string, unknown>,
  name: 'iss' | 'sub',
  problems: string[],
): string | null {
  if (!Object.hasOwn(claims, name)) return null;
  const value = claims[name];
  if (typeof value === 'string') return value;
  problems.push(`"${name}" is not a string; ignored`);
  return null;
}

/** OAuth `scope` (space separated) and the `scp` variant (array or string), merged. */
function scopesOf(claims: Record<string, unknown>, problems: string[]): string[] {
  const scopes: string[] = [];
  for (const name of ['scope', 'scp'] as const) {
    if (!Object.hasOwn(claims, name)) continue;
    const value = claims[name];
    if (typeof value === 'string') scopes.push(...splitSpaces(value));
    else if (Array.isArray(value) && name === 'scp')
      scopes.push(...stringsOf(value, name, problems));
    else
      problems.push(
        `"${name}" is not ${name === 'scp' ? 'a string or an array of strings' : 'a string'}; ignored`,
      );
  }
  return [...new Set(scopes)];
}

function audienceOf(claims: Record<string, unknown>, problems: string[]): string[] {
  if (!Object.hasOwn(claims, 'aud')) return [];
  const value = claims.aud;
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return stringsOf(value, 'aud', problems);
  problems.push('"aud" is not a string or an array of strings; ignored');
  return [];
}

function stringsOf(values: unknown[], name: string, problems: string[]): string[] {
  const strings = values.filter((value): value is string => typeof value === 'string');
  if (strings.length !== values.length)
    problems.push(`"${name}" holds entries that are not strings; those are ignored`);
  return strings;
}

function splitSpaces(value: string): string[] {
  return value.split(/[ \t\r\n]+/).filter((part) => part.length > 0);
}
