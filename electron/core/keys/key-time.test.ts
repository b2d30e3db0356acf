import { describe, expect, it } from 'vitest';
import { formatKeyTime, parseKeyTimeMs } from './key-time';

const SEED_FORMAT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{9}\+00:00$/;

describe('key file times', () => {
  it('are written as the seed writes them: UTC, nine fractional digits, +00:00', () => {
    const ms = Date.UTC(2026, 10, 1, 12, 34, 56, 123);
    expect(formatKeyTime(ms)).toBe('2026-11-01T12:34:56.123000000+00:00');
    expect(formatKeyTime(ms + 0.75)).toBe('2026-11-01T12:34:56.123000000+00:00');
    expect(formatKeyTime(0)).toMatch(SEED_FORMAT);
  });

  it('read back to the same millisecond', () => {
    for (const ms of [
      0,
      Date.UTC(2026, 1, 28, 23, 59, 59, 999),
      Date.UTC(2400, 1, 29),
      1_764_000_000_123,
    ]) {
      expect(parseKeyTimeMs(formatKeyTime(ms))).toBe(ms);
    }
  });

  it("read the seed's times and any RFC 3339 offset", () => {
    expect(parseKeyTimeMs('2026-11-23T18:51:45.054030216+00:00')).toBe(
      Date.UTC(2026, 10, 23, 18, 51, 45, 54),
    );
    expect(parseKeyTimeMs('2026-11-23T20:51:45+02:00')).toBe(Date.UTC(2026, 10, 23, 18, 51, 45));
    expect(parseKeyTimeMs('2026-11-23t13:21:45.5-05:30')).toBe(
      Date.UTC(2026, 10, 23, 18, 51, 45, 500),
    );
    expect(parseKeyTimeMs('0050-01-01T00:00:00Z')).toBe(new Date('0050-01-01T00:00:00Z').getTime());
  });

  it.each([
    '',
    'yesterday',
    '2026-11-23',
    '2026-11-23 18:51:45Z',
    '2026-02-30T00:00:00Z',
    '2026-13-01T00:00:00Z',
    '2026-11-23T24:00:00Z',
    '2026-11-23T18:51:45',
    '2026-11-23T18:51:45+2:00',
    '1764000000',
  ])('refuse %j', (text) => {
    expect(parseKeyTimeMs(text)).toBeNull();
  });
});
