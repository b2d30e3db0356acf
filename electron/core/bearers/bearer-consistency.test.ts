/**
 * Readers never serve a record that mixes two writes: not against our own
 * writer (atomic renames), not against the seed's (in-place rewrites, one file
 * after another), both running in another process while we read.
 */
import { spawn } from 'node:child_process';
import { resolve, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BearerStore } from './bearer-store';
import { makeTempDir } from '../../../test-support/temp-dir';

const CHILDREN = resolve(import.meta.dirname, '../../../test-support/children');
const TSX = resolve(import.meta.dirname, '../../../node_modules/.bin/tsx');

function startChild(command: string, args: string[]) {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  const done = new Promise<number>((resolveDone) =>
    child.on('close', (code) => resolveDone(code ?? -1)),
  );
  return { child, done };
}

interface Tally {
  whole: number;
  mixed: string[];
  busy: number;
}

/** Reads until the writer exits; every record read must be one write's. */
async function readWhileWriting(
  store: BearerStore,
  id: string,
  writerDone: Promise<number>,
): Promise<Tally> {
  const tally: Tally = { whole: 0, mixed: [], busy: 0 };
  let finished = false;
  void writerDone.then(() => (finished = true));
  while (!finished) {
    // Let the child's exit event through: a read that settles at once never
    // leaves the microtask queue.
    await new Promise((resolveTurn) => setImmediate(resolveTurn));
    const read = await store.readStored(id).catch(() => null);
    if (read === null) continue; // not created yet
    // Allowed: "still being written", never a broken record.
    if (read.kind === 'busy') {
      tally.busy++;
      continue;
    }
    if (read.kind === 'invalid') {
      tally.mixed.push(read.reason);
      continue;
    }
    // A warning means the reader served a record that looks half written.
    if (read.warning !== null) tally.mixed.push(read.warning);
    const k = read.record.expiresAtUnix - 1_000_000;
    if (read.record.accessToken !== `acc-${k}` || read.record.refreshToken !== `ref-${k}`) {
      tally.mixed.push(
        `${read.record.accessToken}/${read.record.refreshToken}/${read.record.expiresAtUnix}`,
      );
    }
    tally.whole++;
  }
  return tally;
}

describe('reading while another process writes', () => {
  it('the seed-like in-place writer, with pauses, never yields a mixed record', async () => {
    const root = makeTempDir();
    const store = new BearerStore({ root, readDeadlineMs: 500 });
    const { done } = startChild(process.execPath, [
      join(CHILDREN, 'seed-like-writer.mjs'),
      join(root, 'agent'),
      '40',
      '150',
    ]);
    const tally = await readWhileWriting(store, 'agent', done);
    expect(await done).toBe(0);
    expect(tally.mixed).toEqual([]);
    expect(tally.whole).toBeGreaterThan(5);
  });

  it('the seed-like in-place writer in a tight loop never yields a mixed record', async () => {
    const root = makeTempDir();
    const store = new BearerStore({ root, readDeadlineMs: 200 });
    const { done } = startChild(process.execPath, [
      join(CHILDREN, 'seed-like-writer.mjs'),
      join(root, 'agent'),
      '3000',
      '0',
    ]);
    const tally = await readWhileWriting(store, 'agent', done);
    expect(await done).toBe(0);
    expect(tally.mixed).toEqual([]);
    // Once the writer stops, the last record reads whole.
    expect((await store.reveal('agent')).accessToken).toBe('acc-3000');
  });

  it('our own writer in another process never yields a mixed record', async () => {
    const root = makeTempDir();
    const store = new BearerStore({ root, readDeadlineMs: 500 });
    const { done } = startChild(TSX, [join(CHILDREN, 'store-writer.ts'), root, 'agent', '300']);
    const tally = await readWhileWriting(store, 'agent', done);
    expect(await done).toBe(0);
    expect(tally.mixed).toEqual([]);
    expect((await store.reveal('agent')).refreshToken).toBe('ref-300');
  });
});
