/**
 * Which keys may vouch for a token. Only a provider the user configured:
 * the one named with --provider, else the bearer's linked provider, else the
 * provider whose configured issuer is exactly the token's `iss`. Never a URL
 * the token names (`jku`, `x5u`, its issuer's discovery document): a forger
 * would simply name their own keys.
 */
import { createRemoteJWKSet, customFetch } from 'jose';
import { VaultError } from '../errors';
import { fetchThrough } from '../http/fetch-adapter';
import type { HttpClient } from '../http/http-client';
import type { VerificationKeys } from '../inspect/inspect-token';
import type { ProviderConfig } from '../providers/provider-config';
import type { ProviderStore } from '../providers/provider-store';
import { quoteForMessage } from '../text/quote-for-message';

export type KeyProviderChoice =
  | { provider: ProviderConfig; how: 'named' | 'linked' | 'issuer' }
  | { provider: null; reason: string };

export async function chooseKeyProvider(options: {
  providers: ProviderStore;
  /** --provider NAME: must exist. */
  named?: string | undefined;
  /** The bearer's linked provider, if any. */
  linked?: string | null;
  /** The token's `iss`, as decoded (unverified: it only selects, never supplies, keys). */
  issuer: string | null;
}): Promise<KeyProviderChoice> {
  const { providers, named, linked, issuer } = options;
  if (named !== undefined) return { provider: await providers.get(named), how: 'named' };
  if (linked) {
    try {
      return { provider: await providers.get(linked), how: 'linked' };
    } catch (error) {
      if (!(error instanceof VaultError && error.kind === 'not-found')) throw error;
      return {
        provider: null,
        reason: `the linked provider ${quoteForMessage(linked)} no longer exists`,
      };
    }
  }
  if (issuer !== null) {
    const provider = await providers.findByIssuer(issuer);
    if (provider) return { provider, how: 'issuer' };
    return {
      provider: null,
      reason: `no provider is configured with issuer ${quoteForMessage(issuer, 120)}`,
    };
  }
  return {
    provider: null,
    reason: 'the token names no issuer, and no provider was given (--provider NAME)',
  };
}

export function providerSource(provider: ProviderConfig): string {
  return `provider ${quoteForMessage(provider.name)}`;
}

/**
 * The provider's keys for inspectToken, or null when it has none. The JWKS
 * is fetched through the vault's HttpClient (URL policy, size cap, no
 * redirects), with jose's timeout set to the same value as every other request.
 */
export function verificationKeysFor(
  provider: ProviderConfig,
  http: HttpClient,
): VerificationKeys | null {
  if (provider.jwksUrl === null && provider.pasetoPublicKeyHex === null) return null;
  const keys: VerificationKeys = { source: providerSource(provider) };
  if (provider.jwksUrl !== null) {
    keys.jwks = createRemoteJWKSet(new URL(provider.jwksUrl), {
      timeoutDuration: http.timeoutMs,
      [customFetch]: fetchThrough(http),
    });
  }
  if (provider.pasetoPublicKeyHex !== null)
    keys.pasetoPublicKey = Uint8Array.from(Buffer.from(provider.pasetoPublicKeyHex, 'hex'));
  return keys;
}

/** Why there are no keys to check with, for the not-checked reason. */
export function noKeysReason(choice: KeyProviderChoice): string {
  if (choice.provider === null) return choice.reason;
  return `${providerSource(choice.provider)} has no JWKS URL or PASETO key configured`;
}
