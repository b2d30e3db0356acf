/**
 * A binary min-heap of entries by deadline, each entry knowing its own place
 * in the heap, so changing or removing one bearer's deadline costs O(log n)
 * instead of a re-sort of every bearer (10,000 in a large vault).
 */
export interface HeapEntry {
  deadlineMs: number;
  /** Position in the heap; -1 when not in it. Maintained by the heap only. */
  heapIndex: number;
}

export class DeadlineHeap<T extends HeapEntry> {
  private readonly items: T[] = [];

  get size(): number {
    return this.items.length;
  }

  peek(): T | undefined {
    return this.items[0];
  }

  has(entry: T): boolean {
    return entry.heapIndex >= 0 && this.items[entry.heapIndex] === entry;
  }

  push(entry: T): void {
    entry.heapIndex = this.items.length;
    this.items.push(entry);
    this.up(entry.heapIndex);
  }

  pop(): T | undefined {
    const top = this.items[0];
    if (top !== undefined) this.remove(top);
    return top;
  }

  remove(entry: T): void {
    if (!this.has(entry)) return;
    const index = entry.heapIndex;
    const last = this.items.pop() as T;
    entry.heapIndex = -1;
    if (last === entry) return;
    this.items[index] = last;
    last.heapIndex = index;
    this.down(this.up(index));
  }

  /** After the entry's deadline changed: moves it to its new place. */
  update(entry: T): void {
    if (!this.has(entry)) {
      this.push(entry);
      return;
    }
    this.down(this.up(entry.heapIndex));
  }

  clear(): void {
    for (const entry of this.items) entry.heapIndex = -1;
    this.items.length = 0;
  }

  /** Moves the entry at `index` towards the root; returns where it settled. */
  private up(index: number): number {
    const entry = this.items[index] as T;
    while (index > 0) {
      const parentIndex = (index - 1) >> 1;
      const parent = this.items[parentIndex] as T;
      if (parent.deadlineMs <= entry.deadlineMs) break;
      this.place(parent, index);
      index = parentIndex;
    }
    this.place(entry, index);
    return index;
  }

  private down(index: number): void {
    const entry = this.items[index] as T;
    const count = this.items.length;
    for (;;) {
      const left = 2 * index + 1;
      if (left >= count) break;
      const right = left + 1;
      const leftItem = this.items[left] as T;
      const rightItem = this.items[right];
      const child =
        rightItem !== undefined && rightItem.deadlineMs < leftItem.deadlineMs ? right : left;
      const childItem = this.items[child] as T;
      if (childItem.deadlineMs >= entry.deadlineMs) break;
      this.place(childItem, index);
      index = child;
    }
    this.place(entry, index);
  }

  private place(entry: T, index: number): void {
    this.items[index] = entry;
    entry.heapIndex = index;
  }
}
