import { describe, expect, it } from 'vitest';
import { LEAK_MARKER, markedSecret } from '../../../test-support/leak-marker';
import { VaultError } from '../errors';
import { isWholeNumberText, parseBearerRecordJson } from './bearer-input';

function refusal(text: string): VaultError {
  try {
    parseBearerRecordJson(text, 'standard input');
  } catch (error) {
    expect(error).toBeInstanceOf(VaultError);
    expect((error as VaultError).kind).toBe('bad-input');
    expect((error as VaultError).message).not.toContain(LEAK_MARKER);
    return error as VaultError;
  }
  throw new Error('expected a refusal');
}

describe('bearer record JSON', () => {
  it('reads a record, with the exact expiry', () => {
    const access = markedSecret('access');
    expect(
      parseBearerRecordJson(
        `{"access_token":"${access}","refresh_token":"","expires_at_unix":4102444800}`,
        'standard input',
      ),
    ).toEqual({ accessToken: access, refreshToken: '', expiresAtUnix: 4102444800 });
  });

  it('refuses a field given twice, whichever value would have won', () => {
    const first = markedSecret('a');
    const second = markedSecret('b');
    const error = refusal(
      `{"access_token":"${first}",\n"access_token":"${second}","refresh_token":"","expires_at_unix":1}`,
    );
    expect(error.message).toBe(
      'standard input is not valid JSON (a field name appears twice (line 2)); expected a bearer record',
    );
    // An unknown field twice is as ambiguous: the record is refused whole.
    refusal(`{"access_token":"x","refresh_token":"","expires_at_unix":1,"n":1,"n":2}`);
  });

  it('refuses an expiry that JSON.parse would round to a whole number', () => {
    const access = markedSecret();
    for (const expiry of ['4102444800.00000001', '4102444800.5', '41024448005e-1', '1e-400']) {
      const error = refusal(
        `{"access_token":"${access}","refresh_token":"","expires_at_unix":${expiry}}`,
      );
      expect(error.message).toBe(
        'standard input: expires_at_unix must be a whole number of seconds',
      );
    }
  });

  it('takes a whole number however it is written; refuses one past 2^53-1', () => {
    for (const expiry of ['4102444800.0', '41024448e2', '4.1024448E+9', '0.0e5']) {
      const input = parseBearerRecordJson(
        `{"access_token":"a","refresh_token":"","expires_at_unix":${expiry}}`,
        'x',
      );
      expect(input.expiresAtUnix).toBe(Number(expiry));
    }
    for (const expiry of ['9007199254740993', '1e400', '1e16'])
      expect(
        refusal(`{"access_token":"a","refresh_token":"","expires_at_unix":${expiry}}`).message,
      ).toBe('standard input: expires_at_unix is out of range (over 2^53-1)');
  });

  it('decides whole numbers exactly, even with exponents no number can hold', () => {
    expect(isWholeNumberText('15e-1')).toBe(false);
    expect(isWholeNumberText('150e-2')).toBe(false);
    expect(isWholeNumberText('1500e-2')).toBe(true);
    expect(isWholeNumberText('-0.000')).toBe(true);
    expect(isWholeNumberText('1.5e99999999999999999999')).toBe(true);
    expect(isWholeNumberText('1e-99999999999999999999')).toBe(false);
  });

  it('names a syntax error by line, never quoting the text', () => {
    const secret = markedSecret();
    expect(refusal(`{"access_token": "${secret}`).message).toMatch(
      /^standard input is not valid JSON \(.* \(line 1\)\); expected a bearer record$/,
    );
    expect(refusal(`["${secret}"]`).message).toBe('standard input must be a JSON object');
  });
});
