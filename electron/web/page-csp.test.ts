import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '@shared/csp';

describe('the one Content-Security-Policy', () => {
  it("is the page's own meta tag too, less frame-ancestors (which a meta tag cannot carry)", () => {
    const html = readFileSync(new URL('../../renderer/index.html', import.meta.url), 'utf8');
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]*)"/.exec(html)?.[1];
    const withoutFraming = CONTENT_SECURITY_POLICY.split('; ')
      .filter((directive) => !directive.startsWith('frame-ancestors'))
      .join('; ');
    expect(meta?.replace(/\s+/g, ' ').trim()).toBe(withoutFraming);
  });
});
