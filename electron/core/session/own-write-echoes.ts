/**
 * Tells the watch's echo of the session's own bearer writes from changes
 * made by someone else. A write or removal through one of our stores is
 * announced at once (origin 'session'); the root's watch then sees the same
 * files change and would announce it again (origin 'disk'). After each own
 * write we remember what the bearer's folder holds (bearer-fingerprint.ts);
 * a change the watch reports for that bearer is our echo only while the
 * folder still holds exactly that. Anything written after us, however soon,
 * changes the fingerprint and is announced as a change from disk.
 *
 * Remembered for a short window only: the echo comes within milliseconds
 * (a few seconds under load), and the memory stays small.
 */
import { join } from 'node:path';
import { bearerFolderFingerprint } from '../bearers/bearer-fingerprint';
import type { Clock } from '../ports/clock';

export const ECHO_WINDOW_MS = 10_000;

interface OwnWrite {
  /** Our writes of the bearer still under way. */
  writing: number;
  /** What the folder held when our last write ended; null: not known. */
  fingerprint: string | null;
  untilMs: number;
}

export class OwnWriteEchoes {
  private readonly writes = new Map<string, OwnWrite>();
  /** Memory is swept at most this often: a migration writes thousands of bearers in a row. */
  private nextSweepMs = 0;

  constructor(
    private readonly clock: Clock,
    private readonly windowMs = ECHO_WINDOW_MS,
  ) {}

  /**
   * Our write or removal of bearer `id` begins. What the watch reports of it
   * meanwhile is ours: the write is announced when it ends, and subscribers
   * re-read then, seeing whatever else landed before.
   */
  begin(root: string, id: string): void {
    this.sweep();
    const key = keyOf(root, id);
    const write = this.writes.get(key) ?? { writing: 0, fingerprint: null, untilMs: 0 };
    write.writing += 1;
    this.writes.set(key, write);
  }

  /** Our write or removal of bearer `id` ended (done or failed): remember what it left. */
  end(root: string, id: string): void {
    const write = this.writes.get(keyOf(root, id));
    if (write === undefined) return;
    write.writing = Math.max(0, write.writing - 1);
    write.fingerprint = bearerFolderFingerprint(join(root, id));
    write.untilMs = this.clock.nowMs() + this.windowMs;
  }

  /** The ids of a change the watch saw that are not merely the echo of our own writes. */
  foreign(root: string, ids: readonly string[]): string[] {
    this.sweep();
    const now = this.clock.nowMs();
    return ids.filter((id) => {
      const write = this.writes.get(keyOf(root, id));
      if (write === undefined) return true;
      if (write.writing > 0) return false;
      if (write.untilMs <= now || write.fingerprint === null) return true;
      return bearerFolderFingerprint(join(root, id)) !== write.fingerprint;
    });
  }

  /** Forgets writes past their window (expired ones are ignored even before this runs). */
  private sweep(): void {
    const now = this.clock.nowMs();
    if (now < this.nextSweepMs) return;
    this.nextSweepMs = now + this.windowMs;
    for (const [key, write] of this.writes)
      if (write.writing === 0 && write.untilMs <= now) this.writes.delete(key);
  }
}

function keyOf(root: string, id: string): string {
  return `${root}\0${id}`;
}
