/**
 * Refreshes a bearer through its linked provider, one refresh at a time per
 * bearer across threads of work and processes alike:
 *
 *   take the bearer's lock (`ROOT/ID/.credvault.lock`, see README "Lock protocol")
 *   -> re-read the record from disk (another holder may just have refreshed it)
 *   -> call the provider only if it is still due (or forced)
 *   -> write refresh token, access token, expiry, in that order, still holding the lock.
 *
 * Readers never take the lock. A bearer with an empty refresh token (stored
 * by `providers token --store-as`) is renewed with client_credentials.
 */
import type { BearerRecord } from '../bearers/bearer-record-reader';
import type { BearerStore } from '../bearers/bearer-store';
import { VaultError } from '../errors';
import type { HttpClient } from '../http/http-client';
import { nowUnixSeconds, systemClock, type Clock } from '../ports/clock';
import type { BearerLinks } from '../providers/bearer-links';
import type { ProviderConfig } from '../providers/provider-config';
import type { ProviderStore } from '../providers/provider-store';
import { quoteForMessage } from '../text/quote-for-message';
import { refreshDue } from './refresh-window';
import { requestClientCredentials, requestRefresh, type TokenClient } from './token-endpoint';

export type RefreshGrant = 'refresh_token' | 'client_credentials';

/** What happened, without a secret in it: safe to print and to send to a renderer. */
export interface RefreshOutcome {
  id: string;
  provider: string;
  /** Whether a request went to the token endpoint. */
  requested: boolean;
  grant: RefreshGrant | null;
  /** The server sent a new refresh token, and it is on disk. */
  rotated: boolean;
  expiresAtUnix: number;
  /** The near-expiry window that applied (the store's: --window, else 300 s). */
  windowS: number;
  /** Another program wrote the bearer as we stored the reply (see bearer-record-writer.ts). */
  conflict: string | null;
}

export interface RefreshOptions {
  /** Refresh even when the token is not near expiry. */
  force?: boolean;
}

/** A token fit to use now; `warning` says why it is not a fresh one. */
export interface UsableToken {
  accessToken: string;
  expiresAtUnix: number;
  refreshed: boolean;
  warning: string | null;
}

export interface BearerRefresherDeps {
  store: BearerStore;
  providers: ProviderStore;
  links: BearerLinks;
  http: HttpClient;
  clock?: Clock;
}

export class BearerRefresher {
  private readonly clock: Clock;

  constructor(private readonly deps: BearerRefresherDeps) {
    this.clock = deps.clock ?? systemClock;
  }

  /** The provider linked to bearer `id`; bad-input when none is, not-found when it is gone. */
  async linkedProvider(id: string): Promise<ProviderConfig> {
    const { store, links, providers } = this.deps;
    const name = links.get(store.root, id);
    if (name === null) {
      throw new VaultError(
        'bad-input',
        `bearer ${quoteForMessage(id)} is not linked to a provider (link it: credvault bearers link ${id} --provider NAME)`,
      );
    }
    try {
      return await providers.get(name);
    } catch (error) {
      if (error instanceof VaultError && error.kind === 'not-found') {
        throw new VaultError(
          'not-found',
          `bearer ${quoteForMessage(id)} is linked to provider ${quoteForMessage(name)}, which no longer exists (link it to another: credvault bearers link ${id} --provider NAME)`,
        );
      }
      throw error;
    }
  }

  async refresh(id: string, options: RefreshOptions = {}): Promise<RefreshOutcome> {
    return (await this.refreshRecord(id, options)).outcome;
  }

  /**
   * The bearer's access token, refreshed first when near expiry. A failed
   * refresh still returns a token that has not expired, with a warning; an
   * expired one that cannot be refreshed is an error (network or environment).
   */
  async usableAccessToken(id: string): Promise<UsableToken> {
    const { store } = this.deps;
    const { record, warning: filesWarning } = await store.readServedRecord(id);
    // Our own write clears what the files' warning was about; a failed refresh does not.
    const recordWarning = filesWarning && `bearer ${quoteForMessage(id)}: ${filesWarning}`;
    if (!refreshDue(record.expiresAtUnix, nowUnixSeconds(this.clock), store.nearExpiryWindowS)) {
      return {
        accessToken: record.accessToken,
        expiresAtUnix: record.expiresAtUnix,
        refreshed: false,
        warning: recordWarning,
      };
    }
    try {
      const { outcome, record: fresh } = await this.refreshRecord(id, {});
      return {
        accessToken: fresh.accessToken,
        expiresAtUnix: fresh.expiresAtUnix,
        refreshed: outcome.requested,
        warning: outcome.requested ? outcome.conflict : recordWarning,
      };
    } catch (error) {
      if (!(error instanceof VaultError)) throw error;
      const leftS = record.expiresAtUnix - nowUnixSeconds(this.clock);
      if (leftS > 0) {
        const failed = `could not refresh bearer ${quoteForMessage(id)}: ${error.message}; its current token is still valid for ${leftS} s`;
        const warning = recordWarning ? `${failed}; and ${recordWarning}` : failed;
        return {
          accessToken: record.accessToken,
          expiresAtUnix: record.expiresAtUnix,
          refreshed: false,
          warning,
        };
      }
      throw new VaultError(
        error.kind === 'network' ? 'network' : 'environment',
        `bearer ${quoteForMessage(id)} has expired and could not be refreshed: ${error.message}`,
      );
    }
  }

  private async refreshRecord(
    id: string,
    options: RefreshOptions,
  ): Promise<{ outcome: RefreshOutcome; record: BearerRecord }> {
    const { store, providers, http } = this.deps;
    // Fail before taking the lock (which would create the bearer's folder).
    await store.readValidRecord(id);
    const provider = await this.linkedProvider(id);
    const client: TokenClient = {
      provider,
      clientSecret: await providers.clientSecret(provider.name),
      http,
    };
    return store.withBearerLock(id, async () => {
      // Someone may have refreshed while we waited for the lock: decide on what is on disk now.
      const record = await store.readValidRecord(id);
      const windowS = store.nearExpiryWindowS;
      const due = refreshDue(record.expiresAtUnix, nowUnixSeconds(this.clock), windowS);
      const base = { id, provider: provider.name, windowS };
      if (!options.force && !due) {
        return {
          outcome: {
            ...base,
            requested: false,
            grant: null,
            rotated: false,
            expiresAtUnix: record.expiresAtUnix,
            conflict: null,
          },
          record,
        };
      }
      const grant: RefreshGrant =
        record.refreshToken === '' ? 'client_credentials' : 'refresh_token';
      const reply =
        grant === 'refresh_token'
          ? await requestRefresh(client, record.refreshToken, [record.accessToken])
          : await requestClientCredentials(client, [record.accessToken]);
      const next: BearerRecord = {
        accessToken: reply.accessToken,
        // No refresh token in the reply means the old one stays valid (RFC 6749 6).
        refreshToken: reply.refreshToken ?? record.refreshToken,
        expiresAtUnix: nowUnixSeconds(this.clock) + reply.expiresInS,
      };
      const rotated = reply.refreshToken !== null && reply.refreshToken !== record.refreshToken;
      const conflict = await this.persist(id, record, next, rotated);
      return {
        outcome: {
          ...base,
          requested: true,
          grant,
          rotated,
          expiresAtUnix: next.expiresAtUnix,
          conflict,
        },
        record: next,
      };
    });
  }

  /**
   * Writes the refreshed record. If the server's reply cannot be stored (an
   * access token over 64 KiB, say) after it rotated the refresh token, the
   * new refresh token is still kept, beside the old access token and expiry:
   * the server has already invalidated the old one, and losing both would
   * leave the bearer unrefreshable. Returns the write's conflict, if any.
   */
  private async persist(
    id: string,
    old: BearerRecord,
    next: BearerRecord,
    rotated: boolean,
  ): Promise<string | null> {
    const { store } = this.deps;
    try {
      return (await store.writeRecordHoldingLock(id, next)).conflict;
    } catch (error) {
      if (!rotated || !(error instanceof VaultError) || error.kind !== 'bad-input') throw error;
      await store.writeRecordHoldingLock(id, { ...old, refreshToken: next.refreshToken });
      throw new VaultError(
        'network',
        `the token endpoint's reply for bearer ${quoteForMessage(id)} could not be stored (${error.message}); the rotated refresh token was saved and the old access token kept`,
        { cause: error },
      );
    }
  }
}
