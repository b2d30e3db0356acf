/**
 * Bearers as the contract carries them: the core's summary with its root and
 * what the session knows about it (its provider link, whether it is kept
 * fresh, the last refresh this session made). Nothing here holds a secret
 * except the revealed shape, whose name says so.
 */
import type { BearerSummary, RevealedBearer } from '@shared/domain/bearer';
import type { BearerRef } from '@shared/schemas/common';
import type { Settings } from '@shared/schemas/settings';
import type { BearerSummaryWire } from '@shared/schemas/bearers';

export type LastRefresh = NonNullable<BearerSummaryWire['lastRefresh']>;

/** The contract's id limit; longer folder names (never valid ids) are shortened for display. */
const MAX_WIRE_ID_CHARS = 128;

function wireId(id: string): string {
  return id.length <= MAX_WIRE_ID_CHARS ? id : `${id.slice(0, MAX_WIRE_ID_CHARS - 1)}…`;
}

function refKey(root: string, id: string): string {
  return `${root}\0${id}`;
}

/** The refreshes this session made, per bearer, kept in memory only. */
export class RefreshMemory {
  private readonly last = new Map<string, LastRefresh>();

  remember(ref: BearerRef, refresh: LastRefresh): void {
    this.last.set(refKey(ref.root, ref.id), refresh);
  }

  get(root: string, id: string): LastRefresh | null {
    return this.last.get(refKey(root, id)) ?? null;
  }
}

/** What a list knows about one root beyond its files, read once per call. */
export interface RootFacts {
  root: string;
  /** Bearer id -> linked provider. */
  links: ReadonlyMap<string, string>;
  /** The root is kept fresh as a whole. */
  keepFreshRoot: boolean;
  /** Ids kept fresh one by one. */
  keepFreshIds: ReadonlySet<string>;
  refreshes: RefreshMemory;
}

export function rootFacts(
  root: string,
  settings: Settings,
  links: ReadonlyMap<string, string>,
  refreshes: RefreshMemory,
): RootFacts {
  return {
    root,
    links,
    keepFreshRoot: settings.roots.some(
      (candidate) => candidate.path === root && candidate.keepFresh,
    ),
    keepFreshIds: new Set(
      settings.keepFreshBearers.filter((ref) => ref.root === root).map((ref) => ref.id),
    ),
    refreshes,
  };
}

export function summaryWire(summary: BearerSummary, facts: RootFacts): BearerSummaryWire {
  const { id } = summary;
  return {
    root: facts.root,
    id: wireId(id),
    status: summary.status,
    expiresAtUnix: summary.expiresAtUnix,
    windowS: summary.windowS,
    error: summary.error,
    warning: summary.warning,
    tokenKind: summary.tokenKind,
    provider: facts.links.get(id) ?? null,
    keepFresh: facts.keepFreshRoot || facts.keepFreshIds.has(id),
    storage: summary.storage,
    lastRefresh: facts.refreshes.get(facts.root, id),
  };
}

export function revealedWire(bearer: RevealedBearer, facts: RootFacts) {
  return {
    ...summaryWire(bearer, facts),
    expiresAtUnix: bearer.expiresAtUnix,
    accessToken: bearer.accessToken,
    refreshToken: bearer.refreshToken,
  };
}
