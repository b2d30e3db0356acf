/**
 * A client_credentials token kept in memory, with the seed provider's
 * semantics: reused until it is within the window (default 60 s) of expiry;
 * concurrent callers share one exchange; `invalidate()` (after a 401, say)
 * makes the next call exchange again. Failures keep their distinct kinds
 * (NetworkError.failure: http-status, missing-access-token, transport,
 * timeout, not-json, ...); an empty required argument is a bad-input error.
 */
import { VaultError } from '../errors';
import type { HttpClient } from '../http/http-client';
import { systemClock, type Clock } from '../ports/clock';
import { needsClientSecret, type ProviderConfig } from '../providers/provider-config';
import { quoteForMessage } from '../text/quote-for-message';
import { requestClientCredentials } from './token-endpoint';

export const DEFAULT_CLIENT_CREDENTIALS_WINDOW_S = 60;

export interface IssuedToken {
  accessToken: string;
  expiresAtMs: number;
  expiresInS: number;
  scope: string | null;
}

export interface ClientCredentialsSourceOptions {
  provider: ProviderConfig;
  clientSecret: string | null;
  http: HttpClient;
  clock?: Clock;
  windowS?: number;
}

export class ClientCredentialsTokenSource {
  private readonly clock: Clock;
  private readonly windowMs: number;
  private cached: IssuedToken | null = null;
  private inFlight: Promise<IssuedToken> | null = null;
  /** Bumped by invalidate(), so an exchange started before it is not cached after it. */
  private generation = 0;

  constructor(private readonly options: ClientCredentialsSourceOptions) {
    const { provider, clientSecret } = options;
    const who = `provider ${quoteForMessage(provider.name)}`;
    if (provider.tokenUrl === '') throw new VaultError('bad-input', `${who} has no token URL`);
    if (provider.clientId === '') throw new VaultError('bad-input', `${who} has no client id`);
    if (needsClientSecret(provider) && !clientSecret) {
      throw new VaultError(
        'bad-input',
        `${who} uses ${provider.clientAuth} but has no client secret stored (add it again with --client-secret-stdin --replace)`,
      );
    }
    this.clock = options.clock ?? systemClock;
    this.windowMs = (options.windowS ?? DEFAULT_CLIENT_CREDENTIALS_WINDOW_S) * 1000;
  }

  /** A token valid beyond the window: the cached one, or a fresh exchange shared by every caller waiting now. */
  async accessToken(): Promise<IssuedToken> {
    const cached = this.cached;
    if (cached && this.clock.nowMs() < cached.expiresAtMs - this.windowMs) return cached;
    if (this.inFlight === null) {
      const exchange: Promise<IssuedToken> = this.exchange(this.generation).finally(() => {
        if (this.inFlight === exchange) this.inFlight = null;
      });
      this.inFlight = exchange;
    }
    return this.inFlight;
  }

  /** Forgets the token: the next call exchanges again, even if an exchange is under way. */
  invalidate(): void {
    this.cached = null;
    this.inFlight = null;
    this.generation++;
  }

  private async exchange(generation: number): Promise<IssuedToken> {
    const { provider, clientSecret, http } = this.options;
    const reply = await requestClientCredentials({ provider, clientSecret, http });
    const token: IssuedToken = {
      accessToken: reply.accessToken,
      expiresAtMs: this.clock.nowMs() + reply.expiresInS * 1000,
      expiresInS: reply.expiresInS,
      scope: reply.scope,
    };
    if (generation === this.generation) this.cached = token;
    return token;
  }
}
