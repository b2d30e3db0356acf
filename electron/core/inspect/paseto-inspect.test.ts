import { beforeAll, describe, expect, it } from 'vitest';
import { PublicProtocol } from 'paseto';
import { ExportPublicKeyFactory, GenerateKeyPairFactory, SignFactory } from 'paseto/v4/public';
import { inspectToken } from './inspect-token';
import { pasetoKeys, pasetoSigner, type PasetoSigner } from './inspect-test-helpers';
import { LEAK_MARKER, markedSecret } from '../../../test-support/leak-marker';

const NOW_MS = Date.UTC(2026, 10, 23, 12, 0, 0);

// Official PASETO test vectors 4-S-1 and 4-S-2 (paseto-standard/test-vectors, v4.json).
const VECTOR_PUBLIC_KEY = new Uint8Array(
  Buffer.from('1eb9dbbbbc047c03fd70604e0071f0987e16b28b757225c11f00415d0e20b1a2', 'hex'),
);
const VECTOR_4_S_1 =
  'v4.public.eyJkYXRhIjoidGhpcyBpcyBhIHNpZ25lZCBtZXNzYWdlIiwiZXhwIjoiMjAyMi0wMS0wMVQwMDowMDowMCswMDowMCJ9bg_XBBzds8lTZShVlwwKSgeKpLT3yukTw6JUz3W4h_ExsQV-P0V54zemZDcAxFaSeef1QlXEFtkqxT1ciiQEDA';
const VECTOR_4_S_2 =
  'v4.public.eyJkYXRhIjoidGhpcyBpcyBhIHNpZ25lZCBtZXNzYWdlIiwiZXhwIjoiMjAyMi0wMS0wMVQwMDowMDowMCswMDowMCJ9v3Jt8mx_TdM2ceTGoqwrh4yDFn0XsHvvV_D0DtwQxVrJEBMl0F2caAdgnpKlt4p7xBnx1HcO-SPo8FPp214HDw.eyJraWQiOiJ6VmhNaVBCUDlmUmYyc25FY1Q3Z0ZUaW9lQTlDT2NOeTlEZmdMMVc2MGhhTiJ9';

const VERIFIED = { state: 'verified', keyId: null, algorithm: 'v4.public (Ed25519)' };
const FAILED = { state: 'failed', reason: 'signature verification failed' };

let signer: PasetoSigner;
beforeAll(() => {
  signer = pasetoSigner();
});

/** Replaces the base64url segment at `index` with `edit` applied to its decoded text. */
function editSegment(token: string, index: number, edit: (text: string) => string): string {
  const parts = token.split('.');
  parts[index] = Buffer.from(
    edit(Buffer.from(parts[index] ?? '', 'base64url').toString('latin1')),
    'latin1',
  ).toString('base64url');
  return parts.join('.');
}

describe('inspectToken: PASETO v4.public', () => {
  it('verifies the official vector 4-S-1, expired since 2022, and reports its claims', async () => {
    const result = await inspectToken(VECTOR_4_S_1, {
      keys: pasetoKeys(VECTOR_PUBLIC_KEY),
      nowMs: NOW_MS,
    });
    expect(result.kind).toBe('paseto-v4-public');
    expect(result.header).toEqual({ version: 'v4', purpose: 'public' });
    expect(result.claims).toEqual({
      data: 'this is a signed message',
      exp: '2022-01-01T00:00:00+00:00',
    });
    expect(result.signature).toEqual(VERIFIED);
    expect(result.expiresAt?.iso).toBe('2022-01-01T00:00:00.000Z');
    expect(result.expiresAt?.unix).toBe(1_640_995_200);
    expect(result.expiresAt?.relativeS).toBe(1_640_995_200 - NOW_MS / 1000);
    expect(result.footer).toBeNull();
  });

  it('verifies the official vector 4-S-2 and shows its footer and key id', async () => {
    const result = await inspectToken(VECTOR_4_S_2, {
      keys: pasetoKeys(VECTOR_PUBLIC_KEY),
      nowMs: NOW_MS,
    });
    expect(result.footer).toBe('{"kid":"zVhMiPBP9fRf2snEcT7gFTioeA9COcNy9DfgL1W60haN"}');
    expect(result.signature).toEqual({
      ...VERIFIED,
      keyId: 'zVhMiPBP9fRf2snEcT7gFTioeA9COcNy9DfgL1W60haN',
    });
  });

  it('verifies a token signed with node:crypto Ed25519 and reads its RFC 3339 times', async () => {
    const token = signer.sign(
      {
        sub: 'alice',
        iss: 'https://id.acme.example',
        iat: '2026-11-23T11:00:00Z',
        nbf: '2026-11-23T13:00:00+01:00',
        exp: '2026-11-23T12:30:00.250Z',
        scope: 'read write',
      },
      'kid-1',
    );
    const result = await inspectToken(token, { keys: pasetoKeys(signer.publicKey), nowMs: NOW_MS });
    expect(result.signature).toEqual(VERIFIED);
    expect(result).toMatchObject({
      subject: 'alice',
      issuer: 'https://id.acme.example',
      scopes: ['read', 'write'],
      footer: 'kid-1',
      problem: null,
    });
    expect(result.issuedAt).toEqual({
      unix: NOW_MS / 1000 - 3600,
      iso: '2026-11-23T11:00:00.000Z',
      relativeS: -3600,
    });
    expect(result.notBefore?.iso).toBe('2026-11-23T12:00:00.000Z');
    expect(result.expiresAt).toEqual({
      unix: NOW_MS / 1000 + 1800.25,
      iso: '2026-11-23T12:30:00.250Z',
      relativeS: 1800,
    });
  });

  it('verifies a token made by the paseto package, without exp', async () => {
    const v4 = new PublicProtocol(GenerateKeyPairFactory, SignFactory, ExportPublicKeyFactory);
    const { publicKey, secretKey } = await v4.GenerateKeyPair();
    const token = await v4.Sign(
      secretKey,
      { sub: 'bob' },
      { nonExpiring: true, addIssuedAt: false },
    );
    const raw = new Uint8Array(
      Buffer.from((await v4.ExportPublicKey(publicKey)).slice('k4.public.'.length), 'base64url'),
    );
    const result = await inspectToken(token, { keys: pasetoKeys(raw), nowMs: NOW_MS });
    expect(result.signature).toEqual(VERIFIED);
    expect(result.subject).toBe('bob');
  });

  it('fails a token whose footer was edited', async () => {
    const token = signer.sign({ sub: 'alice' }, '{"kid":"k1"}');
    const edited = editSegment(token, 3, () => '{"kid":"k2"}');
    const result = await inspectToken(edited, {
      keys: pasetoKeys(signer.publicKey),
      nowMs: NOW_MS,
    });
    expect(result.footer).toBe('{"kid":"k2"}');
    expect(result.signature).toEqual(FAILED);
  });

  it('fails a token whose footer was removed', async () => {
    const token = signer.sign({ sub: 'alice' }, 'kid-1');
    const result = await inspectToken(token.slice(0, token.lastIndexOf('.')), {
      keys: pasetoKeys(signer.publicKey),
      nowMs: NOW_MS,
    });
    expect(result.signature).toEqual(FAILED);
  });

  it('fails a token whose payload was edited, and leaks nothing of it', async () => {
    const token = signer.sign({ sub: 'alice', role: 'user', note: markedSecret() });
    const edited = editSegment(token, 2, (body) => body.replace('"user"', '"root"'));
    expect(edited).not.toBe(token);
    const result = await inspectToken(edited, {
      keys: pasetoKeys(signer.publicKey),
      nowMs: NOW_MS,
    });
    expect(result.claims?.role).toBe('root');
    expect(result.signature).toEqual(FAILED);
    expect(JSON.stringify([result.problem, result.signature])).not.toContain(LEAK_MARKER);
  });

  it('fails a token signed by another key', async () => {
    const token = pasetoSigner().sign({ sub: 'alice' });
    const result = await inspectToken(token, { keys: pasetoKeys(signer.publicKey), nowMs: NOW_MS });
    expect(result.signature).toEqual(FAILED);
  });

  it('verifies the signature of a payload that is not JSON but says the payload is wrong', async () => {
    const token = signer.sign('plain text, not claims');
    const result = await inspectToken(token, { keys: pasetoKeys(signer.publicKey), nowMs: NOW_MS });
    expect(result.claims).toBeNull();
    expect(result.problem).toBe('the payload is not a JSON object');
    expect(result.signature.state).toBe('verified');
  });

  it('reports a body too short for a signature as a problem, and fails it when keys exist', async () => {
    const result = await inspectToken('v4.public.AAAA', {
      keys: pasetoKeys(signer.publicKey),
      nowMs: NOW_MS,
    });
    expect(result.kind).toBe('paseto-v4-public');
    expect(result.problem).toContain('too short to hold a message and a 64-byte signature');
    expect(result.signature).toEqual({
      state: 'failed',
      reason: 'the token is malformed, so its signature cannot hold',
    });
  });

  it('refuses non-canonical base64url, so two spellings cannot carry one signature', async () => {
    const token = signer.sign({ sub: 'alice' });
    const last = token.at(-1) ?? '';
    // The last character of 64+N bytes carries unused bits; set one of them.
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const twin = token.slice(0, -1) + alphabet[alphabet.indexOf(last) + 1];
    expect(Buffer.from(twin.slice(10), 'base64url')).toEqual(
      Buffer.from(token.slice(10), 'base64url'),
    );
    const result = await inspectToken(twin, { keys: pasetoKeys(signer.publicKey), nowMs: NOW_MS });
    expect(result.problem).toBe('the token body is not canonical base64url');
    expect(result.signature.state).toBe('failed');
  });

  it('reports missing, misconfigured or unrequested keys as not-checked', async () => {
    const token = signer.sign({ sub: 'alice' });
    const noKeys = await inspectToken(token, {
      keys: null,
      noKeysReason: 'no provider for this token',
      nowMs: NOW_MS,
    });
    expect(noKeys.signature).toEqual({
      state: 'not-checked',
      reason: 'no provider for this token',
    });
    const jwtOnly = await inspectToken(token, {
      keys: { source: 'provider "acme"', jwks: async () => new Uint8Array(32) },
      nowMs: NOW_MS,
    });
    expect(jwtOnly.signature).toEqual({
      state: 'not-checked',
      reason: 'no PASETO public key from provider "acme"',
    });
    const short = await inspectToken(token, {
      keys: pasetoKeys(new Uint8Array(31)),
      nowMs: NOW_MS,
    });
    expect(short.signature).toEqual({
      state: 'not-checked',
      reason: 'the PASETO public key from provider "acme" is not 32 bytes',
    });
    const off = await inspectToken(token, {
      keys: pasetoKeys(signer.publicKey),
      verify: false,
      nowMs: NOW_MS,
    });
    expect(off.signature).toEqual({ state: 'not-checked', reason: 'verification not requested' });
  });

  it('ignores invalid RFC 3339 times and numeric PASETO times, naming them', async () => {
    const token = signer.sign({
      exp: '2026-02-30T00:00:00Z',
      iat: 1_700_000_000,
      nbf: '2026-11-23 12:00:00Z',
    });
    const result = await inspectToken(token, { keys: pasetoKeys(signer.publicKey), nowMs: NOW_MS });
    expect(result.signature.state).toBe('verified');
    expect([result.expiresAt, result.issuedAt, result.notBefore]).toEqual([null, null, null]);
    for (const name of ['exp', 'iat', 'nbf'])
      expect(result.problem).toContain(`"${name}" is not a valid RFC 3339 date-time; ignored`);
  });

  it('calls other PASETO versions and purposes opaque, saying only v4.public is decoded', async () => {
    for (const token of ['v4.local.AAAAAAAAAAAAAAAAAAAA', 'v2.public.AAAAAAAAAAAAAAAAAAAA']) {
      const result = await inspectToken(token, {
        keys: pasetoKeys(signer.publicKey),
        nowMs: NOW_MS,
      });
      expect(result.kind).toBe('opaque');
      expect(result.signature.state === 'not-checked' && result.signature.reason).toContain(
        'only v4.public tokens are decoded',
      );
    }
  });
});
