import { describe, expect, it } from 'vitest';
import { isAbsolutePath } from './paths';

describe('isAbsolutePath', () => {
  it('knows an absolute path from a relative one', () => {
    expect(isAbsolutePath('/home/dev/.auth_token')).toBe(true);
    expect(isAbsolutePath('C:\\work\\.auth_token')).toBe(true);
    expect(isAbsolutePath('\\\\server\\share\\.auth_token')).toBe(true);
    expect(isAbsolutePath('.auth_token')).toBe(false);
    expect(isAbsolutePath('project/.auth_token')).toBe(false);
    expect(isAbsolutePath('~/.auth_token')).toBe(false);
  });
});
