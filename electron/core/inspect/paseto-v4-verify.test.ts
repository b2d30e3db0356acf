import { describe, expect, it } from 'vitest';
import { ed25519PublicKey, pae, verifyV4PublicSignature } from './paseto-v4-verify';

const text = (value: string): Uint8Array => new TextEncoder().encode(value);

describe('PAE (PASETO pre-authentication encoding)', () => {
  // The examples given in the PASETO specification (Common.md, "PAE").
  it.each([
    [[], '0000000000000000'],
    [[''], '01000000000000000000000000000000'],
    [['test'], '0100000000000000040000000000000074657374'],
  ])('encodes %j as the spec says', (pieces, hex) => {
    expect(Buffer.from(pae(pieces.map(text))).toString('hex')).toBe(hex);
  });
});

describe('node:crypto v4.public verifier', () => {
  const key = ed25519PublicKey(
    Buffer.from('1eb9dbbbbc047c03fd70604e0071f0987e16b28b757225c11f00415d0e20b1a2', 'hex'),
  );
  // Vector 4-S-1: message || signature, base64url.
  const body = Buffer.from(
    'eyJkYXRhIjoidGhpcyBpcyBhIHNpZ25lZCBtZXNzYWdlIiwiZXhwIjoiMjAyMi0wMS0wMVQwMDowMDowMCswMDowMCJ9bg_XBBzds8lTZShVlwwKSgeKpLT3yukTw6JUz3W4h_ExsQV-P0V54zemZDcAxFaSeef1QlXEFtkqxT1ciiQEDA',
    'base64url',
  );
  const message = body.subarray(0, -64);
  const signature = body.subarray(-64);

  it('accepts the official vector 4-S-1 and rejects it with a footer it was not signed with', () => {
    if (!key) throw new Error('vector key did not load');
    expect(verifyV4PublicSignature(key, message, signature, new Uint8Array(0))).toBe(true);
    expect(verifyV4PublicSignature(key, message, signature, text('kid'))).toBe(false);
    expect(verifyV4PublicSignature(key, message, signature.subarray(1), new Uint8Array(0))).toBe(
      false,
    );
  });

  it('refuses keys that are not 32 bytes', () => {
    expect(ed25519PublicKey(new Uint8Array(31))).toBeUndefined();
    expect(ed25519PublicKey(new Uint8Array(33))).toBeUndefined();
  });
});
