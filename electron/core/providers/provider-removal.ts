/**
 * Removing a provider without stranding the bearers it refreshes. A link to
 * a provider that no longer exists fails every later refresh of that bearer,
 * so removal is refused while bearers are linked (naming them), unless forced,
 * which unlinks them in the same step. It all happens under the links lock,
 * and `bearers link` checks the provider under that lock too: no bearer can
 * be linked to a provider while it is being removed.
 */
import { VaultError } from '../errors';
import { quoteForMessage } from '../text/quote-for-message';
import type { BearerLinks, LinkedBearer } from './bearer-links';
import { checkProviderName } from './provider-name';
import type { ProviderStore } from './provider-store';

/** Bearers named in a refusal; the rest are counted. */
const NAMED_IN_MESSAGE = 5;

export interface RemoveProviderOptions {
  /** Remove it even while bearers are linked to it, and unlink them. */
  force?: boolean;
}

export interface ProviderRemoval {
  /** False when only stale links to a provider already gone were cleared. */
  removedProvider: boolean;
  /** The bearers whose link to it was removed (only with `force`). */
  unlinked: LinkedBearer[];
}

export function describeLinkedBearers(linked: LinkedBearer[]): string {
  const named = linked
    .slice(0, NAMED_IN_MESSAGE)
    .map((bearer) => `${quoteForMessage(bearer.id)} in ${quoteForMessage(bearer.root, 200)}`);
  const more = linked.length - named.length;
  return named.join(', ') + (more > 0 ? ` and ${more} more` : '');
}

export async function removeProvider(
  providers: ProviderStore,
  links: BearerLinks,
  name: string,
  options: RemoveProviderOptions = {},
): Promise<ProviderRemoval> {
  checkProviderName(name);
  return links.whileLinkedTo(name, async (linked) => {
    if (linked.length > 0 && !options.force) {
      const count = linked.length === 1 ? '1 bearer is' : `${linked.length} bearers are`;
      throw new VaultError(
        'bad-input',
        `provider ${quoteForMessage(name)} is not removed: ${count} linked to it (${describeLinkedBearers(linked)}); ` +
          'link them to another provider or remove them first, or pass --force to unlink them',
      );
    }
    let removedProvider = true;
    try {
      await providers.remove(name);
    } catch (error) {
      // Links left by an older version to a provider already gone: clearing
      // them is what --force is for, not an error.
      if (!(error instanceof VaultError && error.kind === 'not-found' && linked.length > 0))
        throw error;
      removedProvider = false;
    }
    return { unlink: linked.length > 0, result: { removedProvider, unlinked: linked } };
  });
}

/** Links bearer `id` of `root` to provider `name`, which must exist while the link is made. */
export async function linkToProvider(
  providers: ProviderStore,
  links: BearerLinks,
  root: string,
  id: string,
  name: string,
): Promise<void> {
  await links.set(root, id, name, () => providers.get(name));
}
