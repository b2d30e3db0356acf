/**
 * OAuth providers as session calls: list, add, edit, remove. A client secret
 * only ever travels inwards; the answers say whether one is stored. Every
 * change is announced (`credvault:providers.changed`) and drops that
 * provider's caches, so the next inspection or token uses the new config.
 */
import type { ProviderEntry } from '../providers/provider-store';
import type { LinkedBearer } from '../providers/bearer-links';
import type { ProviderCaches } from './provider-caches';
import type { ProviderCalls } from './session-api';
import type { SessionContext } from './session-context';

export function createProviderCalls(
  context: SessionContext,
  caches: ProviderCaches,
): ProviderCalls {
  const oauth = () => context.vault.oauth;

  const info = (entry: ProviderEntry) => ({
    ...entry.config,
    hasClientSecret: entry.hasClientSecret,
    linkedBearers: oauth().links.linkedTo(entry.config.name),
  });

  const changed = (name: string) => {
    caches.invalidate(name);
    context.events.emit('credvault:providers.changed', {});
  };

  return {
    listProviders: async () => ({ providers: (await oauth().providers.list()).map(info) }),

    addProvider: async ({ provider, clientSecret }) => {
      const entry = await oauth().providers.add(provider, clientSecret ?? null);
      changed(entry.config.name);
      return info(entry);
    },

    editProvider: async ({ name, changes, clientSecret }) => {
      // Only the fields given change; an absent field (undefined) keeps its value.
      const defined = Object.fromEntries(
        Object.entries(changes).filter(([, value]) => value !== undefined),
      );
      // Applied to the config as it is under the lock, not as read before it.
      const entry = await oauth().providers.edit(
        name,
        (current) => ({ ...current, ...defined, name }),
        clientSecret ?? null,
      );
      changed(name);
      return info(entry);
    },

    removeProvider: async ({ name, force }) => {
      const removal = await oauth().removeProvider(name, { force });
      changed(name);
      // A bearer's summary names its provider: those summaries just changed.
      for (const [root, ids] of byRoot(removal.unlinked))
        context.events.emit('credvault:bearers.changed', { root, ids, origin: 'session' });
      return { name, unlinked: removal.unlinked.map(({ root, id }) => ({ root, id })) };
    },
  };
}

function byRoot(bearers: LinkedBearer[]): Map<string, string[]> {
  const roots = new Map<string, string[]>();
  for (const { root, id } of bearers) roots.set(root, [...(roots.get(root) ?? []), id]);
  return roots;
}
