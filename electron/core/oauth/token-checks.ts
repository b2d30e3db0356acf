/**
 * Inspection and the break-glass check, wired to configured providers: the
 * token is decoded once without keys to learn its `iss`, the provider is
 * chosen (verification-keys.ts), and only then are that provider's keys or
 * userinfo URL used.
 */
import type { HttpClient } from '../http/http-client';
import {
  inspectToken,
  type TokenInspection,
  type VerificationKeys,
} from '../inspect/inspect-token';
import { SessionVersionChecker, type SessionVersionResult } from '../inspect/session-version-check';
import type { Clock } from '../ports/clock';
import type { ProviderConfig } from '../providers/provider-config';
import type { ProviderStore } from '../providers/provider-store';
import {
  perCallCheckTools,
  type ProviderCheckTools,
  type SessionVersionAnswer,
} from './provider-check-tools';
import { MissingSessionVersionLookup } from './session-version-lookup';
import {
  chooseKeyProvider,
  noKeysReason,
  providerSource,
  type KeyProviderChoice,
} from './verification-keys';

export interface TokenCheckContext {
  providers: ProviderStore;
  http: HttpClient;
  clock: Clock;
  /** --provider NAME */
  named?: string | undefined;
  /** The bearer's linked provider, when the token came from a bearer. */
  linked?: string | null;
  /**
   * Keys and sv checkers that outlive the call (a session's, see
   * session/provider-caches.ts); built for this call alone when absent.
   */
  tools?: ProviderCheckTools;
}

function toolsOf(context: TokenCheckContext): ProviderCheckTools {
  return context.tools ?? perCallCheckTools(context.http, context.clock);
}

export interface CheckedInspection {
  inspection: TokenInspection;
  /** The provider whose keys were used (or would have been). */
  provider: ProviderConfig | null;
}

/** Inspects `token`; with `verify`, checks its signature with the chosen provider's keys. */
export async function inspectWithProviders(
  token: string,
  context: TokenCheckContext,
  verify: boolean,
): Promise<CheckedInspection> {
  const nowMs = context.clock.nowMs();
  const decoded = await inspectToken(token, { keys: null, verify: false, nowMs });
  if (!verify || decoded.kind === 'not-a-token' || decoded.kind === 'opaque')
    return { inspection: decoded, provider: null };
  const choice = await chooseKeyProvider({ ...context, issuer: decoded.issuer });
  const keys = choice.provider ? toolsOf(context).keysFor(choice.provider) : null;
  const inspection = await inspectToken(token, {
    keys,
    noKeysReason: noKeysReason(choice),
    verify: true,
    nowMs: context.clock.nowMs(),
  });
  return { inspection, provider: choice.provider };
}

export interface SessionVersionReport {
  result: SessionVersionResult;
  inspection: TokenInspection;
  provider: ProviderConfig | null;
  /** Our own words on a failed lookup (the checker's reason is generic on purpose). */
  detail: string | null;
  /**
   * Set when the answer rests on claims whose signature was not checked (no
   * keys to check with): why not, for the front end to say so.
   */
  signatureNotChecked: string | null;
}

/** Whether `keys` hold a key for this kind of token. */
function keysCover(keys: VerificationKeys | null, kind: TokenInspection['kind']): boolean {
  if (keys === null) return false;
  if (kind === 'jwt') return keys.jwks !== undefined;
  if (kind === 'paseto-v4-public') return keys.pasetoPublicKey !== undefined;
  return false;
}

/**
 * The break-glass check of `token`: its signature is verified first when the
 * provider has keys, and a token that fails is answered 'bad-signature'
 * without asking anyone (see session-version-check.ts); then the provider's
 * userinfo URL is asked for the current session version.
 */
export async function checkSessionVersion(
  token: string,
  context: TokenCheckContext,
): Promise<SessionVersionReport> {
  const decoded = await inspectToken(token, {
    keys: null,
    verify: false,
    nowMs: context.clock.nowMs(),
  });
  const choice = await chooseKeyProvider({ ...context, issuer: decoded.issuer });
  const provider = choice.provider;
  const tools = toolsOf(context);
  const keys = provider ? tools.keysFor(provider) : null;
  const inspection = await inspectToken(token, {
    keys,
    noKeysReason: noKeysReason(choice),
    verify: true,
    nowMs: context.clock.nowMs(),
  });
  const keysConfigured = keysCover(keys, inspection.kind);
  const { result, lookupFailure } = await askSessionVersion(token, inspection, {
    choice,
    tools,
    clock: context.clock,
    keysConfigured,
  });
  const { signature } = inspection;
  // Without keys, the claims were read but not vouched for: say so beside the answer.
  const claimsUnchecked = signature.state === 'not-checked' && inspection.claims !== null;
  return {
    result,
    inspection,
    provider,
    // No lookup was made when the signature decided: its failure text would mislead.
    detail:
      result.result === 'unverifiable' && !(keysConfigured && signature.state !== 'verified')
        ? lookupFailure
        : null,
    signatureNotChecked:
      claimsUnchecked && !keysConfigured && result.result !== 'unverifiable'
        ? signature.reason
        : null,
  };
}

/**
 * The chosen provider's checker (kept per provider by a session, so answers
 * are cached per user) when it has a userinfo URL; otherwise a checker for
 * this call that has nobody to ask, so a token without `sv` is still 'no-sv'
 * and a forged one 'bad-signature'.
 */
async function askSessionVersion(
  token: string,
  inspection: TokenInspection,
  options: {
    choice: KeyProviderChoice;
    tools: ProviderCheckTools;
    clock: Clock;
    keysConfigured: boolean;
  },
): Promise<SessionVersionAnswer> {
  const { choice, keysConfigured } = options;
  if (choice.provider !== null && choice.provider.userinfoUrl !== null) {
    return options.tools
      .sessionVersionFor(choice.provider, choice.provider.userinfoUrl)
      .check(token, inspection, { keysConfigured });
  }
  const nobody = new MissingSessionVersionLookup(
    choice.provider === null
      ? `no provider to ask: ${choice.reason}`
      : `${providerSource(choice.provider)} has no userinfo URL configured (--userinfo-url)`,
  );
  const checker = new SessionVersionChecker({ lookup: nobody, clock: options.clock });
  const result = await checker.check(token, inspection, { keysConfigured });
  return { result, lookupFailure: nobody.lastFailure };
}
