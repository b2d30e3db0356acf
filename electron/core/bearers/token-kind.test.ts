import { describe, expect, it } from 'vitest';
import { inspectToken } from '../inspect/inspect-token';
import { recordTokenKind, tokenKindOf } from './token-kind';

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('a token kind for a list row', () => {
  // Well-formed tokens: the list says what `inspect` says.
  it.each([
    [`${b64({ alg: 'ES256', typ: 'JWT' })}.${b64({ sub: 'u' })}.c2ln`, 'jwt'],
    [`${b64({ alg: 'none' })}.${b64({})}.`, 'jwt'],
    [`v4.public.${'A'.repeat(120)}`, 'paseto-v4-public'],
    [`v4.local.${'A'.repeat(120)}`, 'opaque'],
    ['oxios_0123456789abcdef0123456789abcdef', 'opaque'],
    ['two words', 'not-a-token'],
    ['line\nbreak', 'not-a-token'],
    ['', 'not-a-token'],
  ])('%j is %s, as inspect says', async (token, kind) => {
    expect(tokenKindOf(token)).toBe(kind);
    expect((await inspectToken(token, { keys: null, verify: false, nowMs: 0 })).kind).toBe(kind);
  });

  // Malformed ones get the cheap answer; `inspect` gives the details.
  it.each([
    [`${b64({ typ: 'JWT' })}.${b64({})}.c2ln`, 'opaque'], // no "alg": not a JWS header
    ['abc', 'opaque'],
  ])('%j is %s', (token, kind) => {
    expect(tokenKindOf(token)).toBe(kind);
  });

  it('is worked out once per record', () => {
    const record = { accessToken: 'opaque-token-0123', refreshToken: '', expiresAtUnix: 1 };
    expect(recordTokenKind(record)).toBe('opaque');
    record.accessToken = 'two words'; // records are never changed: this shows the answer is kept
    expect(recordTokenKind(record)).toBe('opaque');
  });
});
