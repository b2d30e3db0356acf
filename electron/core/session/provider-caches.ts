/**
 * Per-provider caches that live as long as the session, so the promises the
 * README makes hold in a long-running app and not only within one call:
 *  - the JWKS: one jose remote key set per provider, served from memory
 *    (jose fetches it again after 10 minutes, or for a `kid` it does not
 *    know, at most every 30 s, so a rotated key is picked up);
 *  - sv answers: one SessionVersionChecker per provider, so the break-glass
 *    answer is cached 60 s per user (verified tokens only; see
 *    session-version-check.ts);
 *  - client_credentials tokens: one ClientCredentialsTokenSource per
 *    provider, reused until within 60 s of expiry.
 *
 * Each provider's caches are built for one exact configuration (and client
 * secret): a provider edited by this session or by another process (a
 * `providers add --replace` in a terminal) gets new ones on its next use, and
 * `invalidate(name)` drops them at once when the session edits or removes it.
 *
 * What the other session calls use:
 *  - `caches.inspect(token, { named, linked, verify })`: inspect.run;
 *  - `caches.checkSessionVersion(token, { named, linked })`: bearers.checkSv
 *    (bearer-calls.ts), the report of token-checks.ts's checkSessionVersion;
 *  - `caches.clientCredentialsToken(name)`: providers.token;
 *  - `caches.invalidate(name)` after a provider changes, `caches.clear()` at close.
 */
import type { HttpClient } from '../http/http-client';
import type { VerificationKeys } from '../inspect/inspect-token';
import { ClientCredentialsTokenSource, type IssuedToken } from '../oauth/client-credentials-source';
import { ProviderSessionVersion, type ProviderCheckTools } from '../oauth/provider-check-tools';
import {
  checkSessionVersion,
  inspectWithProviders,
  type CheckedInspection,
  type SessionVersionReport,
  type TokenCheckContext,
} from '../oauth/token-checks';
import { verificationKeysFor } from '../oauth/verification-keys';
import type { ProviderConfig } from '../providers/provider-config';
import type { SessionContext } from './session-context';

/** Which provider's keys to use: see verification-keys.ts chooseKeyProvider. */
export interface ProviderChoice {
  /** The provider the caller named; it must exist. */
  named?: string | undefined;
  /** The bearer's linked provider, when the token came from a bearer. */
  linked?: string | null;
}

interface ProviderEntry {
  /** The configuration these caches were built for. */
  config: string;
  keys?: VerificationKeys | null;
  sessionVersion?: { userinfoUrl: string; checker: ProviderSessionVersion };
  tokens?: { clientSecret: string | null; source: ClientCredentialsTokenSource };
}

export interface ClientCredentialsResult {
  provider: ProviderConfig;
  token: IssuedToken;
}

export class ProviderCaches implements ProviderCheckTools {
  readonly #context: SessionContext;
  readonly #entries = new Map<string, ProviderEntry>();

  constructor(context: SessionContext) {
    this.#context = context;
  }

  /** Inspects `token`, verifying it (with `verify`) with the cached keys of the chosen provider. */
  inspect(token: string, choice: ProviderChoice & { verify: boolean }): Promise<CheckedInspection> {
    return inspectWithProviders(token, this.#checkContext(choice), choice.verify);
  }

  /** The break-glass check of `token`, with sv answers cached 60 s per user per provider. */
  checkSessionVersion(token: string, choice: ProviderChoice): Promise<SessionVersionReport> {
    return checkSessionVersion(token, this.#checkContext(choice));
  }

  /** A client_credentials token of provider `name`: the cached one while it lasts. */
  async clientCredentialsToken(name: string): Promise<ClientCredentialsResult> {
    const { providers } = this.#oauth();
    const provider = await providers.get(name);
    const clientSecret = await providers.clientSecret(name);
    const entry = this.#entryFor(provider);
    if (entry.tokens?.clientSecret !== clientSecret) {
      entry.tokens = {
        clientSecret,
        source: new ClientCredentialsTokenSource({
          provider,
          clientSecret,
          http: this.#http(),
          clock: this.#context.clock,
        }),
      };
    }
    return { provider, token: await entry.tokens.source.accessToken() };
  }

  keysFor(provider: ProviderConfig): VerificationKeys | null {
    const entry = this.#entryFor(provider);
    if (entry.keys === undefined) entry.keys = verificationKeysFor(provider, this.#http());
    return entry.keys;
  }

  sessionVersionFor(provider: ProviderConfig, userinfoUrl: string): ProviderSessionVersion {
    const entry = this.#entryFor(provider);
    if (entry.sessionVersion?.userinfoUrl !== userinfoUrl) {
      entry.sessionVersion = {
        userinfoUrl,
        checker: new ProviderSessionVersion({
          userinfoUrl,
          http: this.#http(),
          clock: this.#context.clock,
        }),
      };
    }
    return entry.sessionVersion.checker;
  }

  /** Drops provider `name`'s caches (it was edited or removed). */
  invalidate(name: string): void {
    this.#entries.delete(name);
  }

  clear(): void {
    this.#entries.clear();
  }

  #entryFor(provider: ProviderConfig): ProviderEntry {
    const config = JSON.stringify(provider);
    let entry = this.#entries.get(provider.name);
    if (entry === undefined || entry.config !== config) {
      entry = { config };
      this.#entries.set(provider.name, entry);
    }
    return entry;
  }

  #checkContext(choice: ProviderChoice): TokenCheckContext {
    const { providers } = this.#oauth();
    return {
      providers,
      http: this.#http(),
      clock: this.#context.clock,
      named: choice.named,
      linked: choice.linked ?? null,
      tools: this,
    };
  }

  // The vault builds its OAuth services on first use (their settings are
  // checked only when OAuth is needed): never touched before a call needs them.
  #oauth() {
    return this.#context.vault.oauth;
  }

  #http(): HttpClient {
    return this.#oauth().http;
  }
}
