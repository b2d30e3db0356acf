/**
 * Which expiry notifications were already shown, kept in the vault home
 * (`notifications.json`), so that neither a restart nor a second front end on
 * the same home (the app and `credvault ui`) ever shows one twice.
 *
 * A key is (root, id, state, expires_at): a bearer refreshed to a new expiry
 * is a new key, so it is announced again when it nears expiry again. Keys
 * are claimed under the home's `.notifications.lock` (read, add, write
 * atomically): of two processes claiming the same key, exactly one gets it,
 * and only that one shows the notification.
 *
 * The file stays bounded: an entry goes when its bearer goes or its expiry
 * changes (`claim`'s `current`), and past MAX_REMEMBERED_BEARERS the oldest
 * go first. It holds no secret, only where bearers live and when they expire.
 */
import { join } from 'node:path';
import { z } from 'zod';
import { idSchema, pathSchema, unixSecondsSchema } from '@shared/schemas/common';
import { VaultError, environmentError } from '../errors';
import { ensurePrivateDirSync, writeFileAtomicSync } from '../fs/atomic-write';
import { readSmallFileSync } from '../fs/read-small-file';
import { withFileLock, type LockOptions } from '../locks/file-lock';

export const NOTIFICATIONS_FILE = 'notifications.json';

/** Far above any real vault (a bearer takes ~60 bytes: ~6 MB at the cap). */
export const MAX_REMEMBERED_BEARERS = 100_000;
const MAX_FILE_BYTES = 16 * 1024 * 1024;

export const NOTIFIED_STATES = ['near_expiry', 'expired'] as const;
export type NotifiedState = (typeof NOTIFIED_STATES)[number];

export interface ExpiryKey {
  root: string;
  id: string;
  state: NotifiedState;
  expiresAtUnix: number;
}

const fileSchema = z.strictObject({
  version: z.literal(1),
  /** root -> bearer id -> the expiry notified about, and in which states. */
  roots: z.record(
    pathSchema,
    z.record(
      idSchema,
      z.strictObject({
        expiresAtUnix: unixSecondsSchema,
        states: z.array(z.enum(NOTIFIED_STATES)).max(NOTIFIED_STATES.length),
      }),
    ),
  ),
});

interface Remembered {
  expiresAtUnix: number;
  states: Set<NotifiedState>;
}
type Memory = Map<string, Map<string, Remembered>>;

/** What is true now, for forgetting what no longer is. */
export interface CurrentBearers {
  /** `refKey(root, id)` -> its expiry, for every bearer listed. */
  expiries: ReadonlyMap<string, number>;
  /** Roots whose bearers are not known now (unreadable): their entries stay. */
  unknownRoots: ReadonlySet<string>;
}

export function refKey(root: string, id: string): string {
  return `${root}\0${id}`;
}

export class NotificationMemory {
  readonly path: string;
  private readonly lockPath: string;

  constructor(
    private readonly home: string,
    private readonly lock: LockOptions = {},
  ) {
    this.path = join(home, NOTIFICATIONS_FILE);
    // A dot name, like the other lock folders: listings and watchers skip it.
    this.lockPath = join(home, '.notifications.lock');
  }

  /**
   * Claims the keys not remembered yet and returns them, in the order given;
   * with `current`, also forgets bearers gone or whose expiry changed. The
   * file is locked only when something is to be written.
   */
  async claim(wanted: readonly ExpiryKey[], current?: CurrentBearers): Promise<ExpiryKey[]> {
    if (!apply(this.read(), wanted, current).changed) return [];
    try {
      ensurePrivateDirSync(this.home);
    } catch (error) {
      throw environmentError('create', this.home, error);
    }
    return withFileLock(
      this.lockPath,
      () => {
        // Read again inside the lock: another process may have claimed meanwhile.
        const memory = this.read();
        const { changed, claimed } = apply(memory, wanted, current);
        if (changed) this.write(memory);
        return claimed;
      },
      this.lock,
    );
  }

  /**
   * Gives back keys claimed but never shown (held for pacing when the
   * session closed): forgotten, so the next start tells them after all.
   */
  async release(keys: readonly ExpiryKey[]): Promise<void> {
    if (keys.length === 0) return;
    await withFileLock(
      this.lockPath,
      () => {
        const memory = this.read();
        let changed = false;
        for (const key of keys) {
          const bearers = memory.get(key.root);
          const entry = bearers?.get(key.id);
          if (entry === undefined || entry.expiresAtUnix !== key.expiresAtUnix) continue;
          if (!entry.states.delete(key.state)) continue;
          changed = true;
          if (entry.states.size === 0) bearers?.delete(key.id);
        }
        if (changed) this.write(memory);
      },
      this.lock,
    );
  }

  /** Every remembered key (tests, and a look at the file's size). */
  remembered(): ExpiryKey[] {
    const keys: ExpiryKey[] = [];
    for (const [root, bearers] of this.read())
      for (const [id, entry] of bearers)
        for (const state of entry.states)
          keys.push({ root, id, state, expiresAtUnix: entry.expiresAtUnix });
    return keys;
  }

  private read(): Memory {
    let bytes: Buffer | null;
    try {
      bytes = readSmallFileSync(this.path, {
        maxBytes: MAX_FILE_BYTES,
        kind: 'the notifications file',
        requirePrivate: true,
      });
    } catch (error) {
      // A file we cannot trust (edited, loosened, replaced by a link) is only
      // a memory of what was shown: start afresh (the next write replaces it)
      // rather than stop notifying. The machine failing is reported.
      if (error instanceof VaultError && error.kind === 'bad-input') return new Map();
      throw error;
    }
    if (bytes === null) return new Map();
    let parsed: z.infer<typeof fileSchema>;
    try {
      parsed = fileSchema.parse(JSON.parse(bytes.toString('utf8')));
    } catch {
      return new Map();
    }
    const memory: Memory = new Map();
    for (const [root, bearers] of Object.entries(parsed.roots)) {
      const entries = new Map<string, Remembered>();
      for (const [id, entry] of Object.entries(bearers))
        entries.set(id, { expiresAtUnix: entry.expiresAtUnix, states: new Set(entry.states) });
      memory.set(root, entries);
    }
    return memory;
  }

  private write(memory: Memory): void {
    const roots: Record<string, Record<string, { expiresAtUnix: number; states: string[] }>> = {};
    for (const [root, bearers] of memory) {
      if (bearers.size === 0) continue;
      const out: Record<string, { expiresAtUnix: number; states: string[] }> = {};
      for (const [id, entry] of bearers)
        out[id] = { expiresAtUnix: entry.expiresAtUnix, states: [...entry.states] };
      roots[root] = out;
    }
    try {
      // Compact on purpose: a large vault may remember thousands of bearers.
      writeFileAtomicSync(this.path, `${JSON.stringify({ version: 1, roots })}\n`);
    } catch (error) {
      throw environmentError('write', this.path, error);
    }
  }
}

/** Changes `memory` in place; says whether anything changed and which keys were new. */
function apply(
  memory: Memory,
  wanted: readonly ExpiryKey[],
  current: CurrentBearers | undefined,
): { changed: boolean; claimed: ExpiryKey[] } {
  let changed = current === undefined ? false : forgetStale(memory, current);
  const claimed: ExpiryKey[] = [];
  for (const key of wanted) {
    let bearers = memory.get(key.root);
    if (bearers === undefined) {
      bearers = new Map();
      memory.set(key.root, bearers);
    }
    let entry = bearers.get(key.id);
    if (entry === undefined || entry.expiresAtUnix !== key.expiresAtUnix) {
      // A new expiry starts afresh; re-inserted last, so the oldest go first at the cap.
      bearers.delete(key.id);
      entry = { expiresAtUnix: key.expiresAtUnix, states: new Set() };
      bearers.set(key.id, entry);
    }
    if (entry.states.has(key.state)) continue;
    entry.states.add(key.state);
    claimed.push(key);
    changed = true;
  }
  return { changed: trimToCap(memory) || changed, claimed };
}

function forgetStale(memory: Memory, current: CurrentBearers): boolean {
  let changed = false;
  for (const [root, bearers] of memory) {
    if (current.unknownRoots.has(root)) continue;
    for (const [id, entry] of bearers) {
      if (current.expiries.get(refKey(root, id)) === entry.expiresAtUnix) continue;
      bearers.delete(id);
      changed = true;
    }
    if (bearers.size === 0) memory.delete(root);
  }
  return changed;
}

function trimToCap(memory: Memory): boolean {
  let total = 0;
  for (const bearers of memory.values()) total += bearers.size;
  let excess = total - MAX_REMEMBERED_BEARERS;
  if (excess <= 0) return false;
  for (const [root, bearers] of memory) {
    for (const id of bearers.keys()) {
      if (excess <= 0) break;
      bearers.delete(id);
      excess -= 1;
    }
    if (bearers.size === 0) memory.delete(root);
    if (excess <= 0) break;
  }
  return true;
}
