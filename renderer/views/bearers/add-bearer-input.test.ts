import { describe, expect, it } from 'vitest';
import {
  bearerFolder,
  bearerIdProblem,
  expiryFromInput,
  localInputValue,
  rootChoices,
} from './add-bearer-input';

describe('the add-bearer form', () => {
  it('checks an id as the core does, naming the field and never quoting the id', () => {
    for (const good of ['ci-bot', 'a', 'A_b.c-9', '_x', '-x', 'x'.repeat(128)]) {
      expect(bearerIdProblem(good)).toBeNull();
    }
    expect(bearerIdProblem('')).toMatch(/^Bearer ID: enter an id/);
    expect(bearerIdProblem('.hidden')).toBe('Bearer ID: may not start with ".".');
    expect(bearerIdProblem('x'.repeat(129))).toMatch(/at most 128 characters \(this one has 129\)/);
    const slash = bearerIdProblem('etc/passwd-LEAKMARK');
    expect(slash).toMatch(/^Bearer ID: only letters, digits/);
    expect(slash).not.toContain('LEAKMARK');
    expect(bearerIdProblem('has space')).not.toBeNull();
  });

  it('turns "expires in N minutes" into whole seconds from now', () => {
    expect(expiryFromInput({ kind: 'in', minutes: '60' }, 1_900_000_000.7)).toEqual({
      ok: true,
      unix: 1_900_003_600,
    });
    for (const bad of ['', '0', '-5', '1.5', 'soon', '99999999']) {
      expect(expiryFromInput({ kind: 'in', minutes: bad }, 0)).toMatchObject({ ok: false });
    }
    expect(expiryFromInput({ kind: 'in', minutes: 'x' }, 0)).toEqual({
      ok: false,
      problem: 'Expires in: a whole number of minutes, e.g. 60.',
    });
  });

  it('reads a datetime-local value as local time, and round-trips it', () => {
    const unix = Math.floor(new Date(2026, 10, 24, 10, 30).getTime() / 1000);
    expect(localInputValue(unix)).toBe('2026-11-24T10:30');
    expect(expiryFromInput({ kind: 'at', local: '2026-11-24T10:30' }, 0)).toEqual({
      ok: true,
      unix,
    });
    expect(expiryFromInput({ kind: 'at', local: '2026-11-24T10:30:15' }, 0)).toEqual({
      ok: true,
      unix: unix + 15,
    });
    expect(expiryFromInput({ kind: 'at', local: '' }, 0)).toEqual({
      ok: false,
      problem: 'Expires at: pick a date and a time.',
    });
  });

  it("offers the vault's default root first", () => {
    const home = '/home/dev/.credvault';
    expect(rootChoices(['/srv/a', `${home}/bearers`, '/srv/b'], home)).toEqual([
      `${home}/bearers`,
      '/srv/a',
      '/srv/b',
    ]);
    expect(rootChoices(['/srv/a'], undefined)).toEqual(['/srv/a']);
  });

  it("names a bearer's folder in its root's own separators", () => {
    expect(bearerFolder('/srv/bearers', 'ci')).toBe('/srv/bearers/ci');
    expect(bearerFolder('/srv/bearers/', 'ci')).toBe('/srv/bearers/ci');
    expect(bearerFolder('C:\\vault\\bearers', 'ci')).toBe('C:\\vault\\bearers\\ci');
  });
});
