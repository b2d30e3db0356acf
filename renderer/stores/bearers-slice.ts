/**
 * The bearers slice: every bearer of every root, keyed by (root, id), fed by
 * `bearers.list` once and then by events. A change event names a root and
 * ids; the changes of a burst are gathered and applied in one round: a few
 * ids are read again with `bearers.show` (not-found means the bearer went),
 * many ids or a whole root re-list that root. Rows that did not change keep
 * their objects, so their rendered rows are left alone.
 *
 * Loads, change rounds and expiry updates run one after another, in the
 * order they were asked for: a slow list can never land after, and undo, a
 * newer change.
 */
import { ContractError, type EventPayload } from '@shared/contract';
import { errorMessage } from '../api/client';
import { bearerKey, sameSummary, type BearerRef, type BearerSummary } from '../lib/bearer-ref';
import type { SliceGet, SliceSet, StoreDeps } from './app-store';

export interface RootError {
  root: string;
  error: string;
}

export interface BearersState {
  rows: ReadonlyMap<string, BearerSummary>;
  /** `idle` before the first list; `failed` when the list itself failed (see `error`). */
  phase: 'idle' | 'loading' | 'ready' | 'failed';
  error: string | null;
  /** Roots that could not be listed; the others are still shown. */
  rootErrors: readonly RootError[];
  /** A cold list's N of M, while the first list runs. */
  progress: { done: number; total: number } | null;
}

export interface BearersSlice {
  bearers: BearersState;
  loadBearers(): Promise<void>;
  bearersChanged(change: EventPayload<'credvault:bearers.changed'>): void;
  bearerExpiryChanged(change: EventPayload<'credvault:bearers.expiry'>): void;
  /** Read one bearer again (keep-fresh tried it, a refresh finished). */
  bearerTouched(ref: BearerRef): void;
  listProgress(progress: EventPayload<'credvault:progress'>): void;
  /** Resolves once every load and change asked for so far has been applied. */
  bearersSettled(): Promise<void>;
}

/** Past this many ids in one root, one list of the root is cheaper than a show each. */
export const SHOW_LIMIT = 24;

const WHOLE_ROOT = 'whole-root';
type PendingIds = Set<string> | typeof WHOLE_ROOT;

function mergeRows(
  previous: ReadonlyMap<string, BearerSummary>,
  fresh: readonly BearerSummary[],
  keep: (row: BearerSummary) => boolean,
): Map<string, BearerSummary> {
  const next = new Map<string, BearerSummary>();
  for (const [key, row] of previous) if (keep(row)) next.set(key, row);
  for (const row of fresh) {
    const key = bearerKey(row);
    const old = previous.get(key);
    next.set(key, old !== undefined && sameSummary(old, row) ? old : row);
  }
  return next;
}

export function createBearersSlice(deps: StoreDeps, set: SliceSet, get: SliceGet): BearersSlice {
  const { client } = deps;
  let queue: Promise<void> = Promise.resolve();
  const pending = new Map<string, PendingIds>();
  let roundScheduled = false;

  /** Runs tasks one at a time, in order; a task's failure is its own. */
  function enqueue(task: () => Promise<void> | void): Promise<void> {
    queue = queue.then(task).catch(() => undefined);
    return queue;
  }

  const state = (): BearersState => get().bearers;
  const update = (patch: Partial<BearersState>) => set({ bearers: { ...state(), ...patch } });

  function setRootError(root: string, error: string | null): readonly RootError[] {
    const others = state().rootErrors.filter((entry) => entry.root !== root);
    return error === null ? others : [...others, { root, error }];
  }

  async function relistRoot(root: string): Promise<void> {
    try {
      const { bearers, rootErrors } = await client.call('credvault:bearers.list', {
        roots: [root],
      });
      const failed = rootErrors.find((entry) => entry.root === root);
      if (failed !== undefined) {
        // Keep what we had: the root is unreadable now, and the banner says why.
        update({ rootErrors: setRootError(root, failed.error) });
        return;
      }
      update({
        rows: mergeRows(state().rows, bearers, (row) => row.root !== root),
        rootErrors: setRootError(root, null),
      });
    } catch (error) {
      update({ rootErrors: setRootError(root, errorMessage(error)) });
    }
  }

  /** Reads the ids again; returns false when a root must be re-listed instead. */
  async function showIds(root: string, ids: readonly string[]): Promise<boolean> {
    const answers = await Promise.all(
      ids.map((id) =>
        client.call('credvault:bearers.show', { ref: { root, id } }).then(
          (row) => ({ id, row }) as const,
          (error: unknown) => ({ id, error }) as const,
        ),
      ),
    );
    const rows = new Map(state().rows);
    let changed = false;
    for (const answer of answers) {
      const key = bearerKey({ root, id: answer.id });
      if ('row' in answer) {
        const old = rows.get(key);
        if (old === undefined || !sameSummary(old, answer.row)) {
          rows.set(key, answer.row);
          changed = true;
        }
      } else if (answer.error instanceof ContractError && answer.error.kind === 'not-found') {
        changed = rows.delete(key) || changed;
      } else {
        return false; // Some other failure: the root's list says what is there.
      }
    }
    if (changed) update({ rows });
    return true;
  }

  async function applyPending(): Promise<void> {
    roundScheduled = false;
    const round = [...pending];
    pending.clear();
    // Before the first list there is nothing to update: that list reads everything.
    if (state().phase !== 'ready') return;
    for (const [root, ids] of round) {
      const done = ids !== WHOLE_ROOT && (await showIds(root, [...ids]));
      if (!done) await relistRoot(root);
    }
  }

  function note(root: string, ids: readonly string[] | typeof WHOLE_ROOT): void {
    const known = pending.get(root);
    if (ids === WHOLE_ROOT || ids.length === 0 || known === WHOLE_ROOT) {
      pending.set(root, WHOLE_ROOT);
    } else {
      const merged = new Set([...(known ?? []), ...ids]);
      pending.set(root, merged.size > SHOW_LIMIT ? WHOLE_ROOT : merged);
    }
    if (!roundScheduled) {
      roundScheduled = true;
      deps.schedule(() => void enqueue(applyPending));
    }
  }

  return {
    bearers: { rows: new Map(), phase: 'idle', error: null, rootErrors: [], progress: null },

    loadBearers: () => {
      // Loading from the moment it is asked for, so its progress events count.
      update({ phase: 'loading', error: null, progress: null });
      return enqueue(async () => {
        try {
          const { bearers, rootErrors } = await client.call('credvault:bearers.list', {});
          update({
            rows: mergeRows(state().rows, bearers, () => false),
            phase: 'ready',
            rootErrors,
            progress: null,
          });
        } catch (error) {
          update({ phase: 'failed', error: errorMessage(error), progress: null });
        }
      });
    },

    bearersChanged: ({ root, ids }) => note(root, ids),

    bearerTouched: (ref) => note(ref.root, [ref.id]),

    bearerExpiryChanged: ({ ref, to, expiresAtUnix }) =>
      void enqueue(() => {
        const key = bearerKey(ref);
        const row = state().rows.get(key);
        if (row === undefined) {
          note(ref.root, [ref.id]); // Not listed yet: read it whole.
          return;
        }
        const rows = new Map(state().rows);
        rows.set(key, { ...row, status: to, expiresAtUnix });
        update({ rows });
      }),

    listProgress: ({ task, done, total }) => {
      if (task === 'list' && state().phase === 'loading') update({ progress: { done, total } });
    },

    bearersSettled: async () => {
      // A round may be scheduled but not yet queued; the caller's schedule decides when.
      let seen: Promise<void>;
      do {
        seen = queue;
        await seen;
      } while (seen !== queue);
    },
  };
}
