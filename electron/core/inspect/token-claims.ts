/**
 * The registered claims a person reads first (times, scopes, audience,
 * issuer, subject), pulled out of a decoded claims object. A claim of the
 * wrong type is left out and named in `problems` (by claim name only, never
 * by value: values are token content).
 */
import { parseRfc3339Ms } from '../text/rfc3339';
import type { ClaimFields, TimeClaim } from './inspection-types';

export interface ExtractedClaims extends ClaimFields {
  problems: string[];
}

/** The claim fields of an inspection; empty ones when the claims could not be read. */
export function claimFields(extracted: ExtractedClaims | undefined): ClaimFields {
  return {
    issuedAt: extracted?.issuedAt ?? null,
    notBefore: extracted?.notBefore ?? null,
    expiresAt: extracted?.expiresAt ?? null,
    scopes: extracted?.scopes ?? [],
    audience: extracted?.audience ?? [],
    issuer: extracted?.issuer ?? null,
    subject: extracted?.subject ?? null,
  };
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

/** Strict RFC 3339 (the form PASETO requires): no leap seconds. */
export function rfc3339Ms(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  return parseRfc3339Ms(value) ?? undefined;
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
