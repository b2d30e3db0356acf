/**
 * Tokens as session calls: inspect one (a bearer's access token, or a pasted
 * one) and get a client_credentials token, optionally stored as a bearer.
 * Verification keys and tokens come from the session's per-provider caches
 * (provider-caches.ts). An inspection never holds the token it describes.
 */
import type { TimeClaim, TokenInspection } from '../inspect/inspect-token';
import { checkBearerId } from '../bearers/bearer-id';
import { bearerTokenToInspect } from '../inspect/inspect-source';
import type { ProviderCaches } from './provider-caches';
import type { TokenCalls } from './session-api';
import type { SessionContext } from './session-context';

function timeClaim(time: TimeClaim | null) {
  return time === null ? null : { unix: time.unix, iso: time.iso, relativeS: time.relativeS };
}

/** The wire shape of an inspection: what the token says, and whose keys judged it. */
export function inspectionWire(inspection: TokenInspection, provider: string | null) {
  const { signature } = inspection;
  const verified = signature.state === 'verified';
  return {
    kind: inspection.kind,
    header: inspection.header,
    claims: inspection.claims,
    footer: inspection.footer,
    issuedAt: timeClaim(inspection.issuedAt),
    notBefore: timeClaim(inspection.notBefore),
    expiresAt: timeClaim(inspection.expiresAt),
    scopes: inspection.scopes,
    audience: inspection.audience,
    issuer: inspection.issuer,
    subject: inspection.subject,
    signature: {
      state: signature.state,
      keyId: verified ? signature.keyId : null,
      algorithm: verified ? signature.algorithm : null,
      reason: verified ? null : signature.reason,
    },
    provider,
    problem: inspection.problem,
  };
}

export function createTokenCalls(context: SessionContext, caches: ProviderCaches): TokenCalls {
  /** The token to inspect and the provider its bearer is linked to (none for pasted text). */
  const tokenOf = async (
    source: Parameters<TokenCalls['inspect']>[0]['source'],
  ): Promise<{ token: string; linked: string | null }> => {
    if (source.kind === 'text') return { token: source.token, linked: null };
    const store = await context.sources.storeFor(source.ref.root);
    return {
      // The id is where users paste a token by mistake: no error quotes it.
      token: await bearerTokenToInspect(store, source.ref.id),
      linked: context.vault.oauth.links.get(store.root, source.ref.id),
    };
  };

  return {
    inspect: async ({ source, provider, verify }) => {
      const { token, linked } = await tokenOf(source);
      const checked = await caches.inspect(token, { named: provider, linked, verify });
      return inspectionWire(checked.inspection, checked.provider?.name ?? null);
    },

    clientCredentialsToken: async ({ name, storeAs }) => {
      // A bad bearer id or root is refused before any request is made.
      const store = storeAs === undefined ? null : await context.sources.storeFor(storeAs.root);
      if (storeAs !== undefined) checkBearerId(storeAs.id);
      const { provider, token } = await caches.clientCredentialsToken(name);
      const expiresAtUnix = Math.floor(token.expiresAtMs / 1000);
      const answer = {
        provider: provider.name,
        expiresAtUnix,
        expiresInS: token.expiresInS,
        scope: token.scope,
      };
      if (store === null || storeAs === undefined)
        return { ...answer, accessToken: token.accessToken, storedAs: null };
      await store.put(storeAs.id, {
        accessToken: token.accessToken,
        refreshToken: '',
        expiresAtUnix,
      });
      try {
        await context.vault.oauth.linkBearer(store.root, storeAs.id, provider.name);
      } finally {
        // Stored even when the link failed (the provider was removed meanwhile, say).
        context.events.emit('credvault:bearers.changed', {
          root: store.root,
          ids: [storeAs.id],
          origin: 'session',
        });
      }
      return { ...answer, accessToken: null, storedAs: { root: store.root, id: storeAs.id } };
    },
  };
}
