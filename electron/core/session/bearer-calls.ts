/**
 * Bearers as session calls. A bearer is (root, id) everywhere; roots are
 * resolved to absolute paths before anything else. Writes go through the
 * root's shared store (bearer-sources.ts), which announces them and keeps
 * them in its cache, so they are in the next list at once.
 */
import { resolve } from 'node:path';
import type { BearerSummary } from '@shared/domain/bearer';
import type { BearerRef } from '@shared/schemas/common';
import type { Settings } from '@shared/schemas/settings';
import { VaultError } from '../errors';
import type { BearerStore } from '../bearers/bearer-store';
import type { SessionVersionReport } from '../oauth/token-checks';
import { BearerLinks } from '../providers/bearer-links';
import { nowUnixSeconds } from '../ports/clock';
import { RefreshMemory, revealedWire, rootFacts, summaryWire, type RootFacts } from './bearer-wire';
import type { BearerCalls } from './session-api';
import type { SessionContext } from './session-context';

const sameRef = (a: BearerRef, b: BearerRef) => a.root === b.root && a.id === b.id;

/** What the bearer calls need of the session's per-provider caches (provider-caches.ts). */
export interface SessionVersionChecks {
  checkSessionVersion(
    token: string,
    choice: { named?: string | undefined; linked?: string | null },
  ): Promise<SessionVersionReport>;
}

function byRootThenId(a: { root: string; id: string }, b: { root: string; id: string }): number {
  if (a.root !== b.root) return a.root < b.root ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function refOf(ref: BearerRef): BearerRef {
  return { root: resolve(ref.root), id: ref.id };
}

export function createBearerCalls(
  context: SessionContext,
  caches: SessionVersionChecks,
  refreshes: RefreshMemory = new RefreshMemory(),
): BearerCalls {
  const { sources, settings, events, vault, clock } = context;
  // Reading links needs no OAuth services (nor their settings): a plain file.
  const links = new BearerLinks(context.home);

  const factsFor = async (root: string, current?: Settings): Promise<RootFacts> =>
    rootFacts(root, current ?? (await settings.read()), links.inRoot(root), refreshes);

  const storeOf = (ref: BearerRef, windowS?: number): Promise<BearerStore> =>
    sources.storeFor(ref.root, windowS);

  /** Lists one root; a missing default root holds no bearers yet. */
  const listRoot = async (root: string, windowS?: number): Promise<BearerSummary[]> => {
    const store = await sources.storeFor(root, windowS);
    try {
      return await store.list();
    } catch (error) {
      if (error instanceof VaultError && error.kind === 'not-found' && root === sources.defaultRoot)
        return [];
      throw error;
    }
  };

  const rememberRefresh = (ref: BearerRef, ok: boolean, message: string) =>
    refreshes.remember(ref, { atUnix: nowUnixSeconds(clock), ok, message: message.slice(0, 1000) });

  /**
   * A refresh that was tried and failed (the server or the machine), not a
   * request that was wrong (no such bearer, not linked): that is no refresh.
   */
  const rememberFailure = (ref: BearerRef, error: unknown) => {
    if (error instanceof VaultError && (error.kind === 'network' || error.kind === 'environment'))
      rememberRefresh(ref, false, error.message);
  };

  return {
    listBearers: async ({ roots: asked, windowS }) => {
      const current = await settings.read();
      const roots = [
        ...new Set(
          asked === undefined
            ? (await sources.roots()).map((root) => root.path)
            : asked.map((root) => resolve(root)),
        ),
      ];
      const allLinks = links.all();
      const bearers = [];
      const rootErrors = [];
      const listed = await Promise.allSettled(roots.map((root) => listRoot(root, windowS)));
      for (const [index, outcome] of listed.entries()) {
        const root = roots[index] as string;
        if (outcome.status === 'rejected') {
          if (!(outcome.reason instanceof VaultError)) throw outcome.reason;
          rootErrors.push({ root, error: outcome.reason.message, kind: outcome.reason.kind });
          continue;
        }
        const facts = rootFacts(root, current, allLinks.get(root) ?? new Map(), refreshes);
        for (const summary of outcome.value) bearers.push(summaryWire(summary, facts));
      }
      bearers.sort(byRootThenId);
      rootErrors.sort((a, b) => (a.root < b.root ? -1 : a.root > b.root ? 1 : 0));
      return { bearers, rootErrors };
    },

    showBearer: async ({ ref, windowS }) => {
      const at = refOf(ref);
      const store = await storeOf(at, windowS);
      return summaryWire(await store.show(at.id), await factsFor(at.root));
    },

    revealBearer: async ({ ref, windowS }) => {
      const at = refOf(ref);
      const store = await storeOf(at, windowS);
      return revealedWire(await store.reveal(at.id), await factsFor(at.root));
    },

    bearerToken: async ({ ref, windowS }) => {
      const at = refOf(ref);
      const refresher = vault.oauth.refresher(await storeOf(at, windowS));
      try {
        const token = await refresher.usableAccessToken(at.id);
        if (token.refreshed)
          rememberRefresh(at, true, `refreshed; expires at ${token.expiresAtUnix}`);
        return { ref: at, ...token };
      } catch (error) {
        rememberFailure(at, error);
        throw error;
      }
    },

    putBearer: async ({ ref, record, force }) => {
      const at = refOf(ref);
      const store = await storeOf(at);
      const { bearer, conflict } = await store.put(at.id, record, { force });
      return { bearer: summaryWire(bearer, await factsFor(at.root)), conflict };
    },

    removeBearer: async ({ ref }) => {
      const at = refOf(ref);
      const store = await storeOf(at);
      const unlinkedFrom = links.get(at.root, at.id);
      await vault.removeBearer(store, at.id);
      // Its keep-fresh mark goes too: left behind, it would keep a future
      // bearer of that id fresh without anyone asking. (After the removal, so
      // a refused delete leaves the mark as it was.)
      if ((await settings.read()).keepFreshBearers.some((marked) => sameRef(marked, at))) {
        const next = await settings.update((current) => ({
          ...current,
          keepFreshBearers: current.keepFreshBearers.filter((marked) => !sameRef(marked, at)),
        }));
        events.emit('credvault:settings.changed', next);
      }
      return { ref: at, unlinkedFrom };
    },

    linkBearer: async ({ ref, provider }) => {
      const at = refOf(ref);
      if (provider === null) {
        await links.remove(at.root, at.id);
      } else {
        // A link to nothing would wait to surprise a future bearer of that id.
        await (await storeOf(at)).readStored(at.id);
        await vault.oauth.linkBearer(at.root, at.id, provider);
      }
      events.emit('credvault:bearers.changed', { root: at.root, ids: [at.id], origin: 'session' });
      return { ref: at, provider };
    },

    refreshBearer: async ({ ref, force, windowS }) => {
      const at = refOf(ref);
      const refresher = vault.oauth.refresher(await storeOf(at, windowS));
      try {
        const outcome = await refresher.refresh(at.id, { force });
        if (outcome.requested)
          rememberRefresh(at, true, `refreshed; expires at ${outcome.expiresAtUnix}`);
        return {
          ref: at,
          provider: outcome.provider,
          requested: outcome.requested,
          grant: outcome.grant,
          rotated: outcome.rotated,
          expiresAtUnix: outcome.expiresAtUnix,
          windowS: outcome.windowS,
          conflict: outcome.conflict,
        };
      } catch (error) {
        rememberFailure(at, error);
        throw error;
      }
    },

    checkSv: async ({ ref, provider }) => {
      const at = refOf(ref);
      const record = await (await storeOf(at)).readValidRecord(at.id);
      const report = await caches.checkSessionVersion(record.accessToken, {
        named: provider,
        linked: links.get(at.root, at.id),
      });
      const { result } = report;
      const { signature } = report.inspection;
      return {
        ref: at,
        result: result.result,
        tokenSv: 'tokenSv' in result ? result.tokenSv : null,
        currentSv: 'currentSv' in result ? result.currentSv : null,
        reason: 'reason' in result ? result.reason.slice(0, 2000) : null,
        detail: report.detail === null ? null : report.detail.slice(0, 2000),
        provider: report.provider?.name ?? null,
        signature: signature.state,
        signatureReason: signature.state === 'verified' ? null : signature.reason.slice(0, 2000),
      };
    },

    setKeepFresh: async ({ ref, enabled }) => {
      const at = refOf(ref);
      // Marking a bearer that is not there would keep nothing fresh.
      if (enabled) await (await storeOf(at)).readStored(at.id);
      const next = await settings.update((current) => {
        const others = current.keepFreshBearers.filter((marked) => !sameRef(marked, at));
        return { ...current, keepFreshBearers: enabled ? [...others, at] : others };
      });
      events.emit('credvault:settings.changed', next);
      events.emit('credvault:bearers.changed', { root: at.root, ids: [at.id], origin: 'session' });
      const facts = rootFacts(at.root, next, new Map(), refreshes);
      return { ref: at, keepFresh: facts.keepFreshRoot || facts.keepFreshIds.has(at.id) };
    },
  };
}
