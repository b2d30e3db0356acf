/**
 * A BearerRewriter over a BearerStore: each bearer is read and written back
 * under its lock with the store's own writer (refresh, access, then the
 * expiry last with the same bytes), so a migration is, bearer by bearer,
 * just another write that readers and the seed's broker already handle.
 */
import { readdirSync } from 'node:fs';
import type { BearerStore } from '../bearers/bearer-store';
import { isValidBearerId } from '../bearers/bearer-id';
import { VaultError, environmentError } from '../errors';
import { quoteForMessage } from '../text/quote-for-message';
import type { BearerRewriter } from './root-migration';

export function bearerStoreRewriter(store: BearerStore): BearerRewriter {
  return {
    async listIds() {
      try {
        return readdirSync(store.root, { withFileTypes: true })
          .filter((entry) => entry.isDirectory() && isValidBearerId(entry.name))
          .map((entry) => entry.name)
          .sort();
      } catch (error) {
        throw environmentError('list', store.root, error);
      }
    },
    async rewrite(id, change) {
      await store.withBearerLock(id, async () => {
        const read = await store.readStored(id);
        if (read.kind !== 'record') {
          // Never guessed at: the user repairs it (or removes it) and runs again.
          throw new VaultError(
            'environment',
            `bearer ${quoteForMessage(id)} is ${read.kind}: ${read.reason}; repair or remove it, then try again`,
          );
        }
        const next = change(read.record);
        if (next) await store.writeStoredHoldingLock(id, next);
      });
    },
  };
}
