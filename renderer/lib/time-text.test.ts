import { describe, expect, it } from 'vitest';
import { formatCountdown, formatSpan, formatUtc } from './time-text';

describe('time text', () => {
  it('writes a span in its two largest units', () => {
    expect(formatSpan(9)).toBe('9s');
    expect(formatSpan(252)).toBe('4m 12s');
    expect(formatSpan(3900)).toBe('1h 05m');
    expect(formatSpan(2 * 86_400 + 4 * 3600 + 59)).toBe('2d 4h');
  });

  it('counts down to an expiry and up from one, from whole seconds', () => {
    expect(formatCountdown(1000, 748)).toBe('in 4m 12s');
    expect(formatCountdown(1000, 999.9)).toBe('in 1s');
    expect(formatCountdown(1000, 1000.5)).toBe('now');
    expect(formatCountdown(1000, 1012)).toBe('12s ago');
  });

  it('writes a dash for an expiry the vault could not read', () => {
    expect(formatCountdown(null, 1000)).toBe('—');
  });

  it('writes UTC without milliseconds', () => {
    expect(formatUtc(2_000_000_000)).toBe('2033-05-18T03:33:20Z');
  });
});
