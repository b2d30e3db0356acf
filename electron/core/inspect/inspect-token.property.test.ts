/**
 * inspectToken against hostile input: any string, base64url lookalikes, and
 * small edits of real signed tokens whose claims carry the leak marker. It
 * must always answer, never quote the token in its reasons, and never call an
 * edited token verified unless the signed claims are unchanged. How fast it
 * answers is measured by `npm run bench`, not here (no wall-clock limits in
 * unit tests: a loaded CI machine would fail them for nothing).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import {
  inspectToken,
  MAX_TOKEN_CHARS,
  type TokenInspection,
  type VerificationKeys,
} from './inspect-token';
import { jwtSigner, pasetoSigner } from './inspect-test-helpers';
import { LEAK_MARKER, markedSecret } from '../../../test-support/leak-marker';

const NOW_MS = Date.UTC(2026, 10, 23, 12, 0, 0);
const KINDS = ['jwt', 'paseto-v4-public', 'opaque', 'not-a-token'];
const B64U = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'.split('');

interface Sample {
  token: string;
  claims: Record<string, unknown>;
  keys: VerificationKeys;
}
/** Filled in beforeAll: real signed tokens whose claims carry the leak marker. */
const samples = {} as Record<'es256' | 'eddsa' | 'paseto', Sample>;

beforeAll(async () => {
  const claims = {
    sub: 'alice',
    scope: 'read write',
    sv: 3,
    exp: NOW_MS / 1000 + 60,
    note: markedSecret('claim'),
  };
  const [es256, eddsa] = await Promise.all([jwtSigner('ES256'), jwtSigner('EdDSA')]);
  samples.es256 = {
    token: await es256.sign(claims),
    claims,
    keys: { jwks: es256.jwks, source: 'provider "acme"' },
  };
  samples.eddsa = {
    token: await eddsa.sign(claims),
    claims,
    keys: { jwks: eddsa.jwks, source: 'provider "acme"' },
  };
  const paseto = pasetoSigner();
  const pasetoClaims = { ...claims, exp: '2026-11-23T12:01:00Z' };
  samples.paseto = {
    token: paseto.sign(pasetoClaims, `{"kid":"k1","note":"${markedSecret('footer')}"}`),
    claims: pasetoClaims,
    keys: { pasetoPublicKey: paseto.publicKey, source: 'provider "acme"' },
  };
});

/** Inspects and checks what must hold for every input. */
async function inspectChecked(
  token: string,
  keys: VerificationKeys | null,
): Promise<TokenInspection> {
  const result = await inspectToken(token, { keys, nowMs: NOW_MS });
  expect(KINDS).toContain(result.kind);
  const reason = result.signature.state === 'verified' ? '' : result.signature.reason;
  const problem = result.problem ?? '';
  expect(problem).not.toContain(LEAK_MARKER);
  expect(reason).not.toContain(LEAK_MARKER);
  expect(problem).not.toContain('internal error');
  expect(reason).not.toContain('verifiers disagree');
  return result;
}

type Edit = { op: 'flip' | 'insert' | 'delete'; at: number; char: string };
const editArb: fc.Arbitrary<Edit> = fc.record({
  op: fc.constantFrom('flip', 'insert', 'delete'),
  at: fc.nat(),
  char: fc.constantFrom(...B64U, '.', '=', ' ', '"', '\u0000', 'é'),
});

function applyEdits(token: string, edits: Edit[]): string {
  let text = token;
  for (const { op, at, char } of edits) {
    const i = at % (text.length + 1);
    if (op === 'insert') text = text.slice(0, i) + char + text.slice(i);
    else if (op === 'delete') text = text.slice(0, i) + text.slice(i + 1);
    else text = text.slice(0, i) + char + text.slice(i + 1);
  }
  return text;
}

describe('inspectToken properties', () => {
  it('verifies the unedited samples (so the edits below start from valid tokens)', async () => {
    for (const sample of Object.values(samples)) {
      expect((await inspectChecked(sample.token, sample.keys)).signature.state).toBe('verified');
    }
  });

  test.prop(
    [
      fc.oneof(
        fc.string({ unit: 'binary', maxLength: 400 }),
        fc.string({ unit: 'grapheme-ascii', maxLength: 400 }),
      ),
    ],
    {
      numRuns: 400,
    },
  )('answers any string without throwing', async (input) => {
    const result = await inspectChecked(input, samples.es256.keys);
    if (result.kind === 'not-a-token') expect(result.problem).toMatch(/\S/);
  });

  test.prop(
    [
      fc.constantFrom(
        '',
        'eyJ',
        'v4.public.',
        'v4.local.',
        'eyJhbGciOiJub25lIn0.',
        'eyJhbGciOiJFUzI1NiJ9.',
      ),
      fc.array(fc.string({ unit: fc.constantFrom(...B64U), maxLength: 160 }), {
        minLength: 1,
        maxLength: 6,
      }),
    ],
    { numRuns: 400 },
  )('answers dot-joined base64url segments without throwing', async (prefix, segments) => {
    const token = prefix + segments.join('.');
    await inspectChecked(token, samples.es256.keys);
    await inspectChecked(token, samples.paseto.keys);
  });

  test.prop(
    [
      fc.constantFrom('es256', 'eddsa', 'paseto'),
      fc.array(editArb, { minLength: 1, maxLength: 4 }),
    ],
    { numRuns: 300 },
  )(
    'never calls an edited token verified unless its signed claims are unchanged, and never leaks them',
    async (name, edits) => {
      const sample = samples[name as keyof typeof samples];
      const edited = applyEdits(sample.token, edits);
      const result = await inspectChecked(edited, sample.keys);
      if (result.signature.state === 'verified') expect(result.claims).toEqual(sample.claims);
    },
  );

  it('decodes and verifies a token just under the 64 KiB bound', async () => {
    const claims = { sub: 'alice', pad: 'x'.repeat(MAX_TOKEN_CHARS * 0.74) };
    const signer = await jwtSigner('ES256');
    const token = await signer.sign(claims);
    expect(token.length).toBeLessThanOrEqual(MAX_TOKEN_CHARS);
    const result = await inspectChecked(token, { jwks: signer.jwks, source: 'provider "acme"' });
    expect(result.signature.state).toBe('verified');
  });
});
