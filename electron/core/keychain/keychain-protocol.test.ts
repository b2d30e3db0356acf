import { describe, expect, it } from 'vitest';
import { parseKeychainRequest, parseKeychainResponse } from './keychain-protocol';

describe('keychain protocol', () => {
  it('reads well-formed requests and responses', () => {
    const set = { id: 3, op: 'set', service: 's', account: 'a', password: 'p' };
    expect(parseKeychainRequest(set)).toEqual(set);
    expect(parseKeychainRequest({ id: 4, op: 'get', service: 's', account: 'a' })).toEqual({
      id: 4,
      op: 'get',
      service: 's',
      account: 'a',
    });
    expect(parseKeychainResponse({ id: 3, ok: true, value: null })).toEqual({
      id: 3,
      ok: true,
      value: null,
    });
    expect(parseKeychainResponse({ id: 3, ok: false, reason: 'no' })).toEqual({
      id: 3,
      ok: false,
      reason: 'no',
    });
  });

  it.each([
    ['no id', { op: 'get', service: 's', account: 'a' }],
    ['a fractional id', { id: 1.5, op: 'get', service: 's', account: 'a' }],
    ['an unknown op', { id: 1, op: 'find', service: 's', account: 'a' }],
    ['a set without a password', { id: 1, op: 'set', service: 's', account: 'a' }],
    ['a numeric account', { id: 1, op: 'get', service: 's', account: 7 }],
    ['an array', [1, 'get']],
    ['null', null],
  ])('refuses a request with %s', (_label, value) => {
    expect(parseKeychainRequest(value)).toBeNull();
  });

  it.each([
    ['no id', { ok: true, value: 'x' }],
    ['a value of the wrong type', { id: 1, ok: true, value: 5 }],
    ['a failure without a reason', { id: 1, ok: false }],
    ['no ok', { id: 1, value: 'x' }],
  ])('refuses a response with %s', (_label, value) => {
    expect(parseKeychainResponse(value)).toBeNull();
  });
});
