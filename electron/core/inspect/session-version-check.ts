/**
 * The break-glass `sv` check, as the seed's session_version.rs does it: a
 * token carrying a session version (`sv`) is revoked once the server's
 * current version for that user has moved past it. Anything short of a clear
 * answer is 'unverifiable', which callers must treat as not admitted.
 *
 * The seed compares `sv` only from claims whose signature verified: a forger
 * can copy a victim's `iss`, `sub` and `sv` into a token of their own, and
 * the server would vouch for that session. So a failed signature is
 * 'bad-signature' before any claim is read or any server asked. A signature
 * that could not be checked counts as failed-closed when the provider has
 * keys for this kind of token (its key set was unreachable, say), and is
 * compared as the seed does without keys only when there are none to check
 * with; callers then say that the signature was not checked.
 *
 * Results are cached per user for a short while, but only for tokens whose
 * signature verified: an unverified token could claim a victim's `sub` and a
 * high `sv`, and a per-subject cache would admit it without the server ever
 * seeing it. Unverified tokens (and tokens without a subject) are cached by a
 * hash of the token itself, so a cache hit always means this very token was
 * looked up.
 */
import { createHash } from 'node:crypto';
import { VaultError } from '../errors';
import type { Clock } from '../ports/clock';
import type { TokenInspection } from './inspection-types';

export type SessionVersionResult =
  | { result: 'no-sv' }
  | { result: 'current'; tokenSv: number; currentSv: number }
  | { result: 'stale'; tokenSv: number; currentSv: number }
  | { result: 'bad-signature'; reason: string }
  | { result: 'unverifiable'; reason: string };

export interface SessionVersionCheckOptions {
  /**
   * The provider has keys for this kind of token (a JWKS for a JWT, a public
   * key for a PASETO): its claims then count only once the signature verified.
   */
  keysConfigured: boolean;
}

export interface SessionVersionLookup {
  /**
   * The raw `session_version` from the user-info endpoint, asked with
   * `bearerToken`; `subject` is the token's `sub` ('' when it names none).
   * Throws on any failure. Owns its own timeout: the checker waits for it.
   */
  currentSessionVersion(subject: string, bearerToken: string): Promise<unknown>;
}

export const DEFAULT_SV_TTL_MS = 60_000;
/** Enough for every bearer a desktop vault holds; beyond it, oldest go first. */
const MAX_CACHE_ENTRIES = 1024;

type Lookup = { ok: true; currentSv: number } | { ok: false; reason: string };

export class SessionVersionChecker {
  readonly #lookup: SessionVersionLookup;
  readonly #clock: Clock;
  readonly #ttlMs: number;
  readonly #cache = new Map<string, { currentSv: number; fetchedAtMs: number }>();
  readonly #inFlight = new Map<string, Promise<Lookup>>();

  constructor(options: { lookup: SessionVersionLookup; clock: Clock; ttlMs?: number }) {
    const ttlMs = options.ttlMs ?? DEFAULT_SV_TTL_MS;
    if (!Number.isFinite(ttlMs) || ttlMs < 0)
      throw new RangeError('ttlMs must be a finite number of milliseconds, 0 or more');
    this.#lookup = options.lookup;
    this.#clock = options.clock;
    this.#ttlMs = ttlMs;
  }

  /** `inspection` must be inspectToken's answer for this same `token`, verified with the provider's keys when it has any. */
  async check(
    token: string,
    inspection: TokenInspection,
    options: SessionVersionCheckOptions,
  ): Promise<SessionVersionResult> {
    const untrusted = untrustedSignature(inspection, options.keysConfigured);
    if (untrusted !== null) return untrusted;
    const claims = inspection.claims;
    if (claims === null || !Object.hasOwn(claims, 'sv')) return { result: 'no-sv' };
    const tokenSv = claims.sv;
    // Not a number we can compare exactly (2^53 and up round): no answer is safe.
    if (typeof tokenSv !== 'number' || !Number.isSafeInteger(tokenSv)) {
      return { result: 'unverifiable', reason: 'the token\'s "sv" claim is not a safe integer' };
    }
    const lookup = await this.#current(
      cacheKey(token, inspection),
      inspection.subject ?? '',
      token,
    );
    if (!lookup.ok) return { result: 'unverifiable', reason: lookup.reason };
    const { currentSv } = lookup;
    return tokenSv < currentSv
      ? { result: 'stale', tokenSv, currentSv }
      : { result: 'current', tokenSv, currentSv };
  }

  #current(key: string, subject: string, token: string): Promise<Lookup> {
    const startedAtMs = this.#clock.nowMs();
    const cached = this.#cache.get(key);
    // A clock that went backwards does not stretch an entry's life.
    if (
      cached &&
      startedAtMs >= cached.fetchedAtMs &&
      startedAtMs - cached.fetchedAtMs < this.#ttlMs
    ) {
      return Promise.resolve({ ok: true, currentSv: cached.currentSv });
    }
    const pending = this.#inFlight.get(key);
    if (pending) return pending;
    const lookup = this.#fetch(subject, token).then((result) => {
      // Failures are not remembered: the next check asks again.
      if (result.ok) this.#remember(key, result.currentSv, startedAtMs);
      return result;
    });
    const shared = lookup.finally(() => this.#inFlight.delete(key));
    this.#inFlight.set(key, shared);
    return shared;
  }

  async #fetch(subject: string, token: string): Promise<Lookup> {
    let raw: unknown;
    try {
      raw = await this.#lookup.currentSessionVersion(subject, token);
    } catch (error) {
      // The error's own text may quote a server body or the request: not shown.
      const kind = error instanceof VaultError ? ` (${error.kind})` : '';
      return { ok: false, reason: `the session version lookup failed${kind}` };
    }
    if (typeof raw !== 'number' || !Number.isSafeInteger(raw)) {
      return { ok: false, reason: 'the session version lookup did not return a safe integer' };
    }
    return { ok: true, currentSv: raw };
  }

  #remember(key: string, currentSv: number, fetchedAtMs: number): void {
    if (this.#ttlMs === 0) return;
    this.#cache.delete(key);
    if (this.#cache.size >= MAX_CACHE_ENTRIES) {
      const now = this.#clock.nowMs();
      for (const [oldKey, entry] of this.#cache) {
        if (now < entry.fetchedAtMs || now - entry.fetchedAtMs >= this.#ttlMs)
          this.#cache.delete(oldKey);
      }
      const oldest = this.#cache.keys().next();
      if (this.#cache.size >= MAX_CACHE_ENTRIES && !oldest.done) this.#cache.delete(oldest.value);
    }
    this.#cache.set(key, { currentSv, fetchedAtMs });
  }
}

/** Why the token's claims may not be compared at all, or null when they may. */
function untrustedSignature(
  inspection: TokenInspection,
  keysConfigured: boolean,
): SessionVersionResult | null {
  const { signature } = inspection;
  if (signature.state === 'failed') return { result: 'bad-signature', reason: signature.reason };
  if (signature.state === 'verified' || !keysConfigured) return null;
  const alg = inspection.header?.alg;
  if (typeof alg === 'string' && alg.toLowerCase() === 'none') {
    return {
      result: 'bad-signature',
      reason: 'the token is unsigned (alg: none), but its provider signs with keys',
    };
  }
  return {
    result: 'unverifiable',
    reason: `the signature could not be checked (${signature.reason})`,
  };
}

/**
 * Per user (issuer and subject) only when the signature verified; otherwise
 * per token, by SHA-256 so the cache never holds a token in the clear.
 */
function cacheKey(token: string, inspection: TokenInspection): string {
  if (
    inspection.signature.state === 'verified' &&
    inspection.subject !== null &&
    inspection.subject !== ''
  ) {
    return `sub:${JSON.stringify([inspection.issuer, inspection.subject])}`;
  }
  return `token:${createHash('sha256').update(token, 'utf8').digest('hex')}`;
}
