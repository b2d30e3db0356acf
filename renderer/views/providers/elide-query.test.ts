import { describe, expect, it } from 'vitest';
import { elideQueryValues } from './elide-query';

describe('a token URL as the providers list shows it', () => {
  it('keeps a URL without a query as it is', () => {
    expect(elideQueryValues('https://id.example.com/oauth/token')).toBe(
      'https://id.example.com/oauth/token',
    );
  });

  it('hides every query value and keeps the names', () => {
    expect(elideQueryValues('https://id.example.com/token?tenant=acme&api_key=s3cr3t&flag')).toBe(
      'https://id.example.com/token?tenant=…&api_key=…&flag',
    );
  });

  it('drops a fragment, which could hold anything', () => {
    expect(elideQueryValues('https://id.example.com/token?a=1#k=v')).toBe(
      'https://id.example.com/token?a=…',
    );
    expect(elideQueryValues('https://id.example.com/token#k=v')).toBe(
      'https://id.example.com/token',
    );
  });
});
