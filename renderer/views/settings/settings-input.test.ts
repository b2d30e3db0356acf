import { describe, expect, it } from 'vitest';
import { defaultRootOf, formatSeconds, parseSeconds, pathProblem } from './settings-input';

describe("the Settings view's input checks", () => {
  it('takes whole seconds within the bounds, and nothing else', () => {
    expect(parseSeconds(' 300 ', 3600)).toBe(300);
    expect(parseSeconds('0', 3600)).toBe(0);
    expect(parseSeconds('3601', 3600)).toBeNull();
    for (const text of ['', '-1', '1.5', '1e3', 'five', '0x10']) {
      expect(parseSeconds(text, 3600)).toBeNull();
    }
  });

  it('asks for a full path, naming the field', () => {
    expect(pathProblem('/srv/bearers')).toBeNull();
    expect(pathProblem('C:\\bearers')).toBeNull();
    expect(pathProblem('')).toMatch(/^Path: /);
    expect(pathProblem('bearers')).toMatch(/^Path: give the full path/);
    expect(pathProblem('~/bearers')).toMatch(/^Path: /);
  });

  it('words seconds for people', () => {
    expect(formatSeconds(0)).toBe('0 s');
    expect(formatSeconds(300)).toBe('300 s (5 min)');
    expect(formatSeconds(90)).toBe('90 s (1 min 30 s)');
    expect(formatSeconds(90_000)).toBe('90000 s (1 d 1 h)');
  });

  it("names the vault's default root from its home", () => {
    expect(defaultRootOf('/home/dev/.credvault')).toBe('/home/dev/.credvault/bearers');
    expect(defaultRootOf('/home/dev/.credvault/')).toBe('/home/dev/.credvault/bearers');
  });
});
