/**
 * The deadline heap against a plain sorted list: whatever the pushes,
 * removals and deadline changes, the earliest entry is the one on top.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DeadlineHeap, type HeapEntry } from './deadline-heap';

interface Entry extends HeapEntry {
  name: number;
}

describe('deadline heap', () => {
  it('always has the earliest deadline on top (property)', () => {
    const operation = fc.oneof(
      fc.record({ kind: fc.constant('push' as const), at: fc.integer({ min: 0, max: 50 }) }),
      fc.record({ kind: fc.constant('remove' as const), pick: fc.nat() }),
      fc.record({
        kind: fc.constant('update' as const),
        pick: fc.nat(),
        at: fc.integer({ min: 0, max: 50 }),
      }),
      fc.record({ kind: fc.constant('pop' as const) }),
    );
    fc.assert(
      fc.property(fc.array(operation, { maxLength: 200 }), (operations) => {
        const heap = new DeadlineHeap<Entry>();
        const inside: Entry[] = [];
        let names = 0;
        for (const step of operations) {
          if (step.kind === 'push') {
            const entry: Entry = { deadlineMs: step.at, heapIndex: -1, name: names++ };
            heap.push(entry);
            inside.push(entry);
          } else if (step.kind === 'pop') {
            const top = heap.pop();
            if (top !== undefined) inside.splice(inside.indexOf(top), 1);
          } else if (inside.length > 0) {
            const entry = inside[step.pick % inside.length] as Entry;
            if (step.kind === 'remove') {
              heap.remove(entry);
              inside.splice(inside.indexOf(entry), 1);
              expect(heap.has(entry)).toBe(false);
            } else {
              entry.deadlineMs = step.at;
              heap.update(entry);
            }
          }
          expect(heap.size).toBe(inside.length);
          const earliest = Math.min(...inside.map((entry) => entry.deadlineMs));
          expect(heap.peek()?.deadlineMs ?? Infinity).toBe(earliest);
        }
        // Draining gives every entry once, in deadline order.
        const drained: number[] = [];
        for (let top = heap.pop(); top !== undefined; top = heap.pop())
          drained.push(top.deadlineMs);
        expect(drained).toEqual(inside.map((entry) => entry.deadlineMs).sort((a, b) => a - b));
      }),
      { numRuns: 300 },
    );
  });

  it('a removal deep in the heap lifts the entry moved into its place when it is earlier', () => {
    const heap = new DeadlineHeap<Entry>();
    const entries = [0, 10, 1, 11, 12, 2, 3].map((at, name) => ({
      deadlineMs: at,
      heapIndex: -1,
      name,
    }));
    for (const entry of entries) heap.push(entry);
    // 11 sits under 10; the last entry (3) takes its place and must rise above 10.
    for (const at of [11, 1, 2])
      heap.remove(entries.find((entry) => entry.deadlineMs === at) as Entry);
    heap.push({ deadlineMs: 20, heapIndex: -1, name: 7 });
    expect(heap.pop()?.deadlineMs).toBe(0);
    expect(heap.peek()?.deadlineMs).toBe(3);
  });
});
