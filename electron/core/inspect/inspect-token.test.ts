import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { errors, type JWTVerifyGetKey } from 'jose';
import { inspectToken, MAX_TOKEN_CHARS, VERIFY_TIMEOUT_MS } from './inspect-token';
import {
  editJwtClaims,
  jwtKeys,
  jwtSigner,
  unsignedJwt,
  type JwtSigner,
} from './inspect-test-helpers';
import { LEAK_MARKER, markedSecret } from '../../../test-support/leak-marker';

const NOW_MS = Date.UTC(2026, 10, 23, 12, 0, 0);
const NOW_S = NOW_MS / 1000;

let es256: JwtSigner;
let rs256: JwtSigner;
let eddsa: JwtSigner;

afterEach(() => {
  vi.useRealTimers();
});

beforeAll(async () => {
  [es256, rs256, eddsa] = await Promise.all([
    jwtSigner('ES256'),
    jwtSigner('RS256'),
    jwtSigner('EdDSA'),
  ]);
});

describe('inspectToken: JWT signatures', () => {
  it.each(['ES256', 'RS256', 'EdDSA'] as const)(
    'verifies a %s token against the provider key set',
    async (alg) => {
      const signer = { ES256: es256, RS256: rs256, EdDSA: eddsa }[alg];
      const token = await signer.sign({ sub: 'alice', exp: NOW_S + 600 });
      const result = await inspectToken(token, { keys: jwtKeys(signer.jwks), nowMs: NOW_MS });
      expect(result.kind).toBe('jwt');
      expect(result.signature).toEqual({ state: 'verified', keyId: signer.kid, algorithm: alg });
      expect(result.problem).toBeNull();
    },
  );

  it('fails a token whose claims were edited after signing, and still shows the edited claims', async () => {
    const token = await es256.sign({ sub: 'alice', scope: 'read', secret: markedSecret() });
    const edited = editJwtClaims(token, (claims) => (claims.scope = 'read admin'));
    const result = await inspectToken(edited, { keys: jwtKeys(es256.jwks), nowMs: NOW_MS });
    expect(result.signature).toEqual({ state: 'failed', reason: 'signature verification failed' });
    expect(result.scopes).toEqual(['read', 'admin']);
    expect(JSON.stringify(result.signature)).not.toContain(LEAK_MARKER);
  });

  it('fails a token signed by another key under the same kid', async () => {
    const impostor = await jwtSigner('ES256', es256.kid);
    const token = await impostor.sign({ sub: 'alice' });
    const result = await inspectToken(token, { keys: jwtKeys(es256.jwks), nowMs: NOW_MS });
    expect(result.signature).toEqual({ state: 'failed', reason: 'signature verification failed' });
  });

  it('fails a token whose kid and alg match no provider key, naming the provider', async () => {
    const token = await rs256.sign({ sub: 'alice' });
    const result = await inspectToken(token, {
      keys: jwtKeys(es256.jwks, 'provider "acme"'),
      nowMs: NOW_MS,
    });
    expect(result.signature).toEqual({
      state: 'failed',
      reason: 'no key from provider "acme" matches the token\'s "kid" and "alg"',
    });
  });

  it("reports not-checked with the caller's reason when no keys are configured", async () => {
    const token = await es256.sign({ iss: 'https://issuer.example', sub: 'alice' });
    const reason = 'no key configured for issuer https://issuer.example';
    const result = await inspectToken(token, { keys: null, noKeysReason: reason, nowMs: NOW_MS });
    expect(result.signature).toEqual({ state: 'not-checked', reason });
    expect(result.subject).toBe('alice');
    const fallback = await inspectToken(token, { keys: null, nowMs: NOW_MS });
    expect(fallback.signature).toEqual({
      state: 'not-checked',
      reason: 'no verification key configured',
    });
  });

  it('does not verify when verification is not requested, even with keys', async () => {
    const token = await es256.sign({ sub: 'alice' });
    const result = await inspectToken(token, {
      keys: jwtKeys(es256.jwks),
      verify: false,
      nowMs: NOW_MS,
    });
    expect(result.signature).toEqual({
      state: 'not-checked',
      reason: 'verification not requested',
    });
  });

  it('reports a PASETO-only key configuration as not-checked for a JWT', async () => {
    const token = await es256.sign({ sub: 'alice' });
    const keys = { pasetoPublicKey: new Uint8Array(32), source: 'provider "acme"' };
    const result = await inspectToken(token, { keys, nowMs: NOW_MS });
    expect(result.signature).toEqual({
      state: 'not-checked',
      reason: 'no JWT key set from provider "acme"',
    });
  });

  it.each(['none', 'None', 'NONE'])(
    'reports alg %s as unsigned even when keys exist',
    async (alg) => {
      const token = unsignedJwt({ alg, typ: 'JWT' }, { sub: 'admin', scope: 'everything' });
      const result = await inspectToken(token, { keys: jwtKeys(es256.jwks), nowMs: NOW_MS });
      expect(result.kind).toBe('jwt');
      expect(result.signature).toEqual({ state: 'not-checked', reason: 'alg: none (unsigned)' });
      expect(result.scopes).toEqual(['everything']);
    },
  );

  it('verifies an expired token that is correctly signed, and reports the expiry in the past', async () => {
    const token = await eddsa.sign({ sub: 'alice', iat: NOW_S - 7200, exp: NOW_S - 3600 });
    const result = await inspectToken(token, { keys: jwtKeys(eddsa.jwks), nowMs: NOW_MS });
    expect(result.signature.state).toBe('verified');
    expect(result.expiresAt).toEqual({
      unix: NOW_S - 3600,
      iso: '2026-11-23T11:00:00.000Z',
      relativeS: -3600,
    });
    expect(result.issuedAt?.relativeS).toBe(-7200);
  });

  it('verifies a token that is not valid yet, and reports nbf in the future', async () => {
    const token = await es256.sign({ sub: 'alice', nbf: NOW_S + 90 });
    const result = await inspectToken(token, { keys: jwtKeys(es256.jwks), nowMs: NOW_MS });
    expect(result.signature.state).toBe('verified');
    expect(result.notBefore).toEqual({
      unix: NOW_S + 90,
      iso: '2026-11-23T12:01:30.000Z',
      relativeS: 90,
    });
  });

  it('reports a key set that never answers as not-checked after the timeout', async () => {
    vi.useFakeTimers();
    const hanging: JWTVerifyGetKey = () => new Promise(() => {});
    const token = await es256.sign({ sub: 'alice' });
    const pending = inspectToken(token, { keys: jwtKeys(hanging), nowMs: NOW_MS });
    await vi.advanceTimersByTimeAsync(VERIFY_TIMEOUT_MS);
    expect((await pending).signature).toEqual({
      state: 'not-checked',
      reason: 'the keys from provider "acme" did not answer within 10 s',
    });
  });

  it('reports a key set that fails to load as not-checked, without its error text', async () => {
    const broken: JWTVerifyGetKey = () =>
      Promise.reject(new Error(`fetch failed for ${markedSecret()}`));
    const timedOut: JWTVerifyGetKey = () => Promise.reject(new errors.JWKSTimeout());
    const token = await es256.sign({ sub: 'alice' });
    const first = await inspectToken(token, { keys: jwtKeys(broken), nowMs: NOW_MS });
    expect(first.signature).toEqual({
      state: 'not-checked',
      reason: 'could not get a usable key from provider "acme"',
    });
    const second = await inspectToken(token, { keys: jwtKeys(timedOut), nowMs: NOW_MS });
    expect(second.signature).toEqual({
      state: 'not-checked',
      reason: 'the keys from provider "acme" did not answer in time',
    });
  });

  it('ignores surrounding whitespace such as the newline from stdin', async () => {
    const token = await es256.sign({ sub: 'alice' });
    const result = await inspectToken(`  ${token}\n`, { keys: jwtKeys(es256.jwks), nowMs: NOW_MS });
    expect(result.signature.state).toBe('verified');
  });
});

describe('inspectToken: JWT claims', () => {
  it('extracts scopes, audience, issuer and subject', async () => {
    const token = await es256.sign({
      iss: 'https://id.acme.example',
      sub: 'user-42',
      aud: ['api', 'billing'],
      scope: 'read  write\tdelete',
      scp: ['write', 'admin'],
    });
    const result = await inspectToken(token, { keys: null, nowMs: NOW_MS });
    expect(result).toMatchObject({
      issuer: 'https://id.acme.example',
      subject: 'user-42',
      audience: ['api', 'billing'],
      scopes: ['read', 'write', 'delete', 'admin'],
      problem: null,
    });
    expect(result.header).toMatchObject({ alg: 'ES256', kid: es256.kid });
  });

  it('accepts a single audience string and a space separated scp string', async () => {
    const token = await es256.sign({ aud: 'api', scp: 'a b' });
    const result = await inspectToken(token, { keys: null, nowMs: NOW_MS });
    expect(result.audience).toEqual(['api']);
    expect(result.scopes).toEqual(['a', 'b']);
  });

  it('gives times as Unix seconds, ISO and seconds from now', async () => {
    const token = unsignedJwt(
      { alg: 'none' },
      { iat: 1_700_000_000, nbf: 1_700_000_000, exp: 1_700_003_600 },
    );
    const result = await inspectToken(token, { keys: null, nowMs: 1_700_000_100_000 });
    expect(result.issuedAt).toEqual({
      unix: 1_700_000_000,
      iso: '2023-11-14T22:13:20.000Z',
      relativeS: -100,
    });
    expect(result.notBefore?.relativeS).toBe(-100);
    expect(result.expiresAt).toEqual({
      unix: 1_700_003_600,
      iso: '2023-11-14T23:13:20.000Z',
      relativeS: 3500,
    });
  });

  it('ignores time claims that are not finite numbers and says which', async () => {
    const token = unsignedJwt(
      { alg: 'none' },
      { iat: '1700000000', exp: 1e300, nbf: null, iss: 7, aud: 3 },
    );
    const result = await inspectToken(token, { keys: null, nowMs: NOW_MS });
    expect(result.issuedAt).toBeNull();
    expect(result.expiresAt).toBeNull();
    expect(result.notBefore).toBeNull();
    expect(result.issuer).toBeNull();
    expect(result.problem).toContain('"iat" is not a finite number of seconds; ignored');
    expect(result.problem).toContain('"exp" is not a finite number of seconds; ignored');
    expect(result.problem).toContain('"nbf" is not');
    expect(result.problem).toContain('"iss" is not a string');
    expect(result.problem).toContain('"aud" is not a string or an array of strings');
  });

  it('reports a JWT whose payload is not JSON, without quoting it', async () => {
    const token = unsignedJwt({ alg: 'ES256' }, `not json ${LEAK_MARKER}`);
    const result = await inspectToken(token, { keys: jwtKeys(es256.jwks), nowMs: NOW_MS });
    expect(result.kind).toBe('jwt');
    expect(result.claims).toBeNull();
    expect(result.problem).toContain('the payload is not a base64url-encoded JSON object');
    expect(result.signature.state).toBe('failed');
    expect(result.problem).not.toContain(LEAK_MARKER);
  });
});

describe('inspectToken: kinds', () => {
  it.each([
    ['an empty string', '', 'empty'],
    ['whitespace', ' \n\t', 'empty'],
    ['words', 'hello world', 'contains spaces, control characters or non-ASCII characters'],
    ['non-ASCII text', 'tökenwithumlaut', 'non-ASCII'],
    ['a JSON body', '{"access_token":"x"}', 'holds characters that bearer tokens do not use'],
    ['three letters', 'abc', 'too short to be a token'],
    ['a broken JWT header', 'eyJhbGciOi.eyJzdWIi.sig', 'looks like a JWT'],
    ['input over 64 KiB', 'x'.repeat(MAX_TOKEN_CHARS + 1), 'longer than 64 KiB'],
  ])('calls %s not a token', async (_label, input, problem) => {
    const result = await inspectToken(input, { keys: null, nowMs: NOW_MS });
    expect(result.kind).toBe('not-a-token');
    expect(result.problem).toContain(problem);
    expect(result.signature).toEqual({ state: 'not-checked', reason: 'not a token' });
  });

  it('calls a provider API key opaque and does not pretend to check it', async () => {
    const result = await inspectToken('ghp_16C7e42F292c6912E7710c838347Ae178B4a', {
      keys: null,
      nowMs: NOW_MS,
    });
    expect(result.kind).toBe('opaque');
    expect(result.signature).toEqual({
      state: 'not-checked',
      reason: 'opaque token: nothing to decode or verify locally',
    });
    expect(result.claims).toBeNull();
  });

  it('calls an encrypted JWT opaque and says why', async () => {
    const header = Buffer.from(JSON.stringify({ alg: 'dir', enc: 'A256GCM' })).toString(
      'base64url',
    );
    const result = await inspectToken(`${header}..aXY.Y2lwaGVy.dGFn`, {
      keys: null,
      nowMs: NOW_MS,
    });
    expect(result.kind).toBe('opaque');
    expect(result.signature.state === 'not-checked' && result.signature.reason).toContain(
      'encrypted JWT (JWE)',
    );
  });

  it('throws for a nowMs that is not a number, the one caller bug it refuses', async () => {
    await expect(inspectToken('x', { keys: null, nowMs: Number.NaN })).rejects.toThrow(RangeError);
  });
});
