import { describe, expect, it } from 'vitest';
import { VaultError } from '../errors';
import type { Clock } from '../ports/clock';
import type { SignatureCheck, TokenInspection } from './inspect-token';
import { SessionVersionChecker, type SessionVersionLookup } from './session-version-check';
import { LEAK_MARKER, markedSecret } from '../../../test-support/leak-marker';

const VERIFIED: SignatureCheck = { state: 'verified', keyId: 'k1', algorithm: 'ES256' };
const UNCHECKED: SignatureCheck = {
  state: 'not-checked',
  reason: 'no verification key configured',
};
/** The provider has keys for the token (its signature then must verify) or none. */
const WITH_KEYS = { keysConfigured: true };
const NO_KEYS = { keysConfigured: false };

function inspection(
  claims: Record<string, unknown> | null,
  signature: SignatureCheck = VERIFIED,
): TokenInspection {
  return {
    kind: 'jwt',
    header: { alg: 'ES256' },
    claims,
    footer: null,
    issuedAt: null,
    notBefore: null,
    expiresAt: null,
    scopes: [],
    audience: [],
    issuer: claims && typeof claims.iss === 'string' ? claims.iss : null,
    subject: claims && typeof claims.sub === 'string' ? claims.sub : null,
    signature,
    problem: null,
  };
}

function fakeClock(start = 1_000_000): Clock & { advance(ms: number): void } {
  let now = start;
  return { nowMs: () => now, advance: (ms) => (now += ms) };
}

/** A lookup answering with `answer`, recording every (subject, token) it is asked. */
function countingLookup(
  answer: (subject: string, token: string) => unknown,
): SessionVersionLookup & { calls: [string, string][] } {
  const calls: [string, string][] = [];
  return {
    calls,
    currentSessionVersion: async (subject, token) => {
      calls.push([subject, token]);
      return answer(subject, token);
    },
  };
}

function checker(lookup: SessionVersionLookup, clock: Clock = fakeClock()): SessionVersionChecker {
  return new SessionVersionChecker({ lookup, clock });
}

describe('SessionVersionChecker results', () => {
  it('admits a token without an sv claim, or without claims, and never asks the server', async () => {
    const lookup = countingLookup(() => 1);
    const sv = checker(lookup);
    expect(await sv.check('t', inspection({ sub: 'alice' }), WITH_KEYS)).toEqual({
      result: 'no-sv',
    });
    expect(await sv.check('t', inspection(null), WITH_KEYS)).toEqual({ result: 'no-sv' });
    expect(lookup.calls).toEqual([]);
  });

  it("calls a token current when its sv equals or exceeds the server's, and stale when below", async () => {
    const lookup = countingLookup(() => 5);
    const sv = new SessionVersionChecker({ lookup, clock: fakeClock(), ttlMs: 0 });
    expect(await sv.check('t1', inspection({ sub: 'alice', sv: 5 }), WITH_KEYS)).toEqual({
      result: 'current',
      tokenSv: 5,
      currentSv: 5,
    });
    expect(await sv.check('t2', inspection({ sub: 'alice', sv: 6 }), WITH_KEYS)).toEqual({
      result: 'current',
      tokenSv: 6,
      currentSv: 5,
    });
    expect(await sv.check('t3', inspection({ sub: 'alice', sv: 4 }), WITH_KEYS)).toEqual({
      result: 'stale',
      tokenSv: 4,
      currentSv: 5,
    });
    expect(await sv.check('t4', inspection({ sub: 'alice', sv: -1 }), WITH_KEYS)).toEqual({
      result: 'stale',
      tokenSv: -1,
      currentSv: 5,
    });
    expect(lookup.calls).toEqual([
      ['alice', 't1'],
      ['alice', 't2'],
      ['alice', 't3'],
      ['alice', 't4'],
    ]);
  });

  it.each([['5'], [1.5], [2 ** 53], [Number.NaN], [null], [[3]], [{ v: 3 }]])(
    'refuses an sv claim of %j as unverifiable without asking the server',
    async (value) => {
      const lookup = countingLookup(() => 1);
      const result = await checker(lookup).check(
        't',
        inspection({ sub: 'alice', sv: value }),
        WITH_KEYS,
      );
      expect(result).toEqual({
        result: 'unverifiable',
        reason: 'the token\'s "sv" claim is not a safe integer',
      });
      expect(lookup.calls).toEqual([]);
    },
  );

  it('fails closed when the lookup throws, keeping the error text (and token) out of the reason', async () => {
    const token = markedSecret('token');
    const lookup = countingLookup((_subject, bearer) => {
      throw new Error(`401 from server for ${bearer}`);
    });
    const result = await checker(lookup).check(
      token,
      inspection({ sub: 'alice', sv: 1 }),
      WITH_KEYS,
    );
    expect(result).toEqual({ result: 'unverifiable', reason: 'the session version lookup failed' });
    expect(JSON.stringify(result)).not.toContain(LEAK_MARKER);
  });

  it('names the kind of a VaultError from the lookup', async () => {
    const lookup = countingLookup(() => {
      throw new VaultError('network', 'userinfo unreachable');
    });
    const result = await checker(lookup).check('t', inspection({ sub: 'alice', sv: 1 }), WITH_KEYS);
    expect(result).toEqual({
      result: 'unverifiable',
      reason: 'the session version lookup failed (network)',
    });
  });

  it.each([['7'], [7.5], [2 ** 53], [undefined], [null], [-Infinity]])(
    'fails closed when the lookup returns %j',
    async (value) => {
      const result = await checker(countingLookup(() => value)).check(
        't',
        inspection({ sub: 'alice', sv: 1 }),
        WITH_KEYS,
      );
      expect(result).toEqual({
        result: 'unverifiable',
        reason: 'the session version lookup did not return a safe integer',
      });
    },
  );
});

describe('SessionVersionChecker and the signature', () => {
  const FAILED: SignatureCheck = { state: 'failed', reason: 'signature verification failed' };

  it('answers bad-signature for a failed signature, whatever the claims say, and never asks the server', async () => {
    const lookup = countingLookup(() => 1);
    const sv = checker(lookup);
    // A forger copied a real user's iss, sub and sv; or left sv out to pass as "no sv".
    for (const claims of [{ sub: 'alice', sv: 1 }, { sub: 'alice', sv: 99 }, { sub: 'alice' }]) {
      for (const options of [WITH_KEYS, NO_KEYS]) {
        expect(await sv.check('forged', inspection(claims, FAILED), options)).toEqual({
          result: 'bad-signature',
          reason: 'signature verification failed',
        });
      }
    }
    expect(lookup.calls).toEqual([]);
  });

  it('compares the claims of an unchecked signature when there are no keys to check with', async () => {
    const lookup = countingLookup(() => 1);
    expect(
      await checker(lookup).check('u', inspection({ sub: 'alice', sv: 1 }, UNCHECKED), NO_KEYS),
    ).toEqual({ result: 'current', tokenSv: 1, currentSv: 1 });
    expect(lookup.calls).toEqual([['alice', 'u']]);
  });

  it('fails closed, without asking, when the provider has keys but the signature went unchecked', async () => {
    const lookup = countingLookup(() => 1);
    const sv = checker(lookup);
    const unreachable: SignatureCheck = {
      state: 'not-checked',
      reason: 'could not get a usable key from provider "acme"',
    };
    expect(
      await sv.check('t', inspection({ sub: 'alice', sv: 1 }, unreachable), WITH_KEYS),
    ).toEqual({
      result: 'unverifiable',
      reason:
        'the signature could not be checked (could not get a usable key from provider "acme")',
    });
    const unsigned = {
      ...inspection(
        { sub: 'alice', sv: 1 },
        { state: 'not-checked', reason: 'alg: none (unsigned)' },
      ),
      header: { alg: 'None' },
    };
    expect(await sv.check('t', unsigned, WITH_KEYS)).toEqual({
      result: 'bad-signature',
      reason: 'the token is unsigned (alg: none), but its provider signs with keys',
    });
    expect(lookup.calls).toEqual([]);
  });
});

describe('SessionVersionChecker cache', () => {
  it('asks once per subject within 60 s for verified tokens, and again after', async () => {
    const clock = fakeClock();
    let current = 3;
    const lookup = countingLookup(() => current);
    const sv = checker(lookup, clock);
    expect((await sv.check('t1', inspection({ sub: 'alice', sv: 3 }), WITH_KEYS)).result).toBe(
      'current',
    );
    current = 4; // revoked on the server; the cache still holds 3
    clock.advance(59_999);
    expect((await sv.check('t2', inspection({ sub: 'alice', sv: 3 }), WITH_KEYS)).result).toBe(
      'current',
    );
    expect(lookup.calls).toHaveLength(1);
    clock.advance(1);
    expect(await sv.check('t2', inspection({ sub: 'alice', sv: 3 }), WITH_KEYS)).toEqual({
      result: 'stale',
      tokenSv: 3,
      currentSv: 4,
    });
    expect(lookup.calls).toHaveLength(2);
  });

  it('keeps subjects apart, and the same subject of another issuer apart', async () => {
    const lookup = countingLookup(() => 1);
    const sv = checker(lookup);
    await sv.check('t1', inspection({ iss: 'https://a.example', sub: 'alice', sv: 1 }), WITH_KEYS);
    await sv.check('t2', inspection({ iss: 'https://a.example', sub: 'bob', sv: 1 }), WITH_KEYS);
    await sv.check('t3', inspection({ iss: 'https://b.example', sub: 'alice', sv: 1 }), WITH_KEYS);
    expect(lookup.calls.map(([, token]) => token)).toEqual(['t1', 't2', 't3']);
  });

  it("never answers an unverified token from a verified subject's cache entry", async () => {
    // alice's real token was checked; a forged unsigned one claims her sub and a high sv.
    const lookup = countingLookup((_subject, token) => {
      if (token === 'forged') throw new Error('401');
      return 2;
    });
    const sv = checker(lookup);
    expect((await sv.check('real', inspection({ sub: 'alice', sv: 2 }), WITH_KEYS)).result).toBe(
      'current',
    );
    const forged = await sv.check(
      'forged',
      inspection({ sub: 'alice', sv: 99 }, UNCHECKED),
      NO_KEYS,
    );
    expect(forged.result).toBe('unverifiable');
    expect(lookup.calls.map(([, token]) => token)).toEqual(['real', 'forged']);
  });

  it('caches an unverified token by the token itself, not by its subject', async () => {
    const lookup = countingLookup(() => 1);
    const sv = checker(lookup);
    await sv.check('u1', inspection({ sub: 'alice', sv: 1 }, UNCHECKED), NO_KEYS);
    await sv.check('u1', inspection({ sub: 'alice', sv: 1 }, UNCHECKED), NO_KEYS);
    await sv.check('u2', inspection({ sub: 'alice', sv: 1 }, UNCHECKED), NO_KEYS);
    expect(lookup.calls.map(([, token]) => token)).toEqual(['u1', 'u2']);
  });

  it('caches a token without a subject by the token, passing an empty subject', async () => {
    const lookup = countingLookup(() => 1);
    const sv = checker(lookup);
    await sv.check('n1', inspection({ sv: 1 }), WITH_KEYS);
    await sv.check('n1', inspection({ sv: 1 }), WITH_KEYS);
    await sv.check('n2', inspection({ sv: 1 }), WITH_KEYS);
    expect(lookup.calls).toEqual([
      ['', 'n1'],
      ['', 'n2'],
    ]);
  });

  it('does not remember failures: the next check asks again', async () => {
    let fail = true;
    const lookup = countingLookup(() => {
      if (fail) throw new Error('down');
      return 1;
    });
    const sv = checker(lookup);
    expect((await sv.check('t', inspection({ sub: 'alice', sv: 1 }), WITH_KEYS)).result).toBe(
      'unverifiable',
    );
    fail = false;
    expect((await sv.check('t', inspection({ sub: 'alice', sv: 1 }), WITH_KEYS)).result).toBe(
      'current',
    );
    expect(lookup.calls).toHaveLength(2);
  });

  it('shares one lookup between concurrent checks of the same subject', async () => {
    let release: (value: number) => void = () => {};
    const calls: string[] = [];
    const lookup: SessionVersionLookup = {
      currentSessionVersion: (_subject, token) => {
        calls.push(token);
        return new Promise((resolve) => (release = resolve));
      },
    };
    const sv = checker(lookup);
    const first = sv.check('t1', inspection({ sub: 'alice', sv: 1 }), WITH_KEYS);
    const second = sv.check('t2', inspection({ sub: 'alice', sv: 2 }), WITH_KEYS);
    await Promise.resolve();
    release(2);
    expect(await first).toEqual({ result: 'stale', tokenSv: 1, currentSv: 2 });
    expect(await second).toEqual({ result: 'current', tokenSv: 2, currentSv: 2 });
    expect(calls).toEqual(['t1']);
  });

  it('does not stretch a cache entry when the clock goes backwards', async () => {
    const clock = fakeClock();
    const lookup = countingLookup(() => 1);
    const sv = checker(lookup, clock);
    await sv.check('t', inspection({ sub: 'alice', sv: 1 }), WITH_KEYS);
    clock.advance(-1);
    await sv.check('t', inspection({ sub: 'alice', sv: 1 }), WITH_KEYS);
    expect(lookup.calls).toHaveLength(2);
  });

  it('refuses a ttl that is not a finite number of 0 or more', () => {
    const lookup = countingLookup(() => 1);
    expect(() => new SessionVersionChecker({ lookup, clock: fakeClock(), ttlMs: -1 })).toThrow(
      RangeError,
    );
    expect(
      () => new SessionVersionChecker({ lookup, clock: fakeClock(), ttlMs: Number.NaN }),
    ).toThrow(RangeError);
  });
});
