/**
 * In-process queue per key, in front of the cross-process file lock: callers in
 * the same process wait on a promise instead of polling the lock folder.
 */
export class KeyedMutex {
  private readonly waiters = new Map<string, Array<() => void>>();

  /** Resolves with a release function, or rejects with `onTimeout()` after `timeoutMs`. */
  acquire(key: string, timeoutMs: number, onTimeout: () => Error): Promise<() => void> {
    const release = () => this.release(key);
    const queue = this.waiters.get(key);
    if (queue === undefined) {
      this.waiters.set(key, []);
      return Promise.resolve(release);
    }
    return new Promise((resolve, reject) => {
      const wake = () => {
        clearTimeout(timer);
        resolve(release);
      };
      const timer = setTimeout(() => {
        const index = queue.indexOf(wake);
        if (index >= 0) queue.splice(index, 1);
        reject(onTimeout());
      }, timeoutMs);
      queue.push(wake);
    });
  }

  private release(key: string): void {
    const queue = this.waiters.get(key);
    const next = queue?.shift();
    if (next) next();
    else this.waiters.delete(key);
  }
}
