/**
 * What inspection and the break-glass check need from a provider: its keys
 * and its sv checker. A one-shot command builds them per call
 * (`perCallCheckTools`); a vault session keeps them per provider for as long
 * as it is open (session/provider-caches.ts), so a JWKS is fetched once and
 * sv answers are cached 60 s per user, as the README promises.
 */
import { createHash } from 'node:crypto';
import { VaultError } from '../errors';
import type { HttpClient } from '../http/http-client';
import type { TokenInspection, VerificationKeys } from '../inspect/inspect-token';
import {
  SessionVersionChecker,
  type SessionVersionCheckOptions,
  type SessionVersionResult,
} from '../inspect/session-version-check';
import type { Clock } from '../ports/clock';
import type { ProviderConfig } from '../providers/provider-config';
import { UserinfoSessionVersionLookup } from './session-version-lookup';
import { verificationKeysFor } from './verification-keys';

export interface ProviderCheckTools {
  /** The provider's keys for inspectToken, or null when it has none. */
  keysFor(provider: ProviderConfig): VerificationKeys | null;
  /** The sv checker asking `userinfoUrl` (the provider's own) for the current version. */
  sessionVersionFor(provider: ProviderConfig, userinfoUrl: string): ProviderSessionVersion;
}

export interface SessionVersionAnswer {
  result: SessionVersionResult;
  /** Our own words on the lookup failure this token met, when the result rests on one. */
  lookupFailure: string | null;
}

/** Failures remembered per token, so a check reports its own and never another's. */
const MAX_REMEMBERED_FAILURES = 256;

/**
 * One provider's break-glass checker with the userinfo lookup behind it. The
 * checker reports a failed lookup in generic words on purpose (its error
 * might quote a server); our own secret-free message is kept here by a hash
 * of the token it was asked with, since a shared lookup serves many checks
 * at once and a single "last failure" would tell one check another's story.
 */
export class ProviderSessionVersion {
  readonly #checker: SessionVersionChecker;
  readonly #failures = new Map<string, string>();

  constructor(options: { userinfoUrl: string; http: HttpClient; clock: Clock; ttlMs?: number }) {
    const userinfo = new UserinfoSessionVersionLookup(options.userinfoUrl, options.http);
    this.#checker = new SessionVersionChecker({
      clock: options.clock,
      ...(options.ttlMs === undefined ? {} : { ttlMs: options.ttlMs }),
      lookup: {
        currentSessionVersion: async (subject, token) => {
          const key = tokenDigest(token);
          try {
            const answer = await userinfo.currentSessionVersion(subject, token);
            this.#failures.delete(key);
            return answer;
          } catch (error) {
            this.#remember(key, error instanceof VaultError ? error.message : 'unexpected error');
            throw error;
          }
        },
      },
    });
  }

  /** See SessionVersionChecker.check; adds the lookup failure in our words. */
  async check(
    token: string,
    inspection: TokenInspection,
    options: SessionVersionCheckOptions,
  ): Promise<SessionVersionAnswer> {
    const result = await this.#checker.check(token, inspection, options);
    const lookupFailure =
      result.result === 'unverifiable' ? (this.#failures.get(tokenDigest(token)) ?? null) : null;
    return { result, lookupFailure };
  }

  #remember(key: string, message: string): void {
    this.#failures.delete(key);
    if (this.#failures.size >= MAX_REMEMBERED_FAILURES) {
      const oldest = this.#failures.keys().next();
      if (!oldest.done) this.#failures.delete(oldest.value);
    }
    this.#failures.set(key, message);
  }
}

/** Never the token itself in memory longer than the call: its SHA-256. */
function tokenDigest(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Tools built afresh for each call: nothing outlives it (a one-shot CLI command). */
export function perCallCheckTools(http: HttpClient, clock: Clock): ProviderCheckTools {
  return {
    keysFor: (provider) => verificationKeysFor(provider, http),
    sessionVersionFor: (_provider, userinfoUrl) =>
      new ProviderSessionVersion({ userinfoUrl, http, clock }),
  };
}
