/**
 * The echo filter on its own: a bearer is ours while our write runs and
 * while its folder holds what our write left, for a short window; any
 * other change to it, or the window passing, makes it someone else's again.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { testClock } from '../../../test-support/session-context-fixture';
import { makeTempDir } from '../../../test-support/temp-dir';
import { ECHO_WINDOW_MS, OwnWriteEchoes } from './own-write-echoes';

function writeExpiry(root: string, id: string, text: string): void {
  mkdirSync(join(root, id), { recursive: true });
  writeFileSync(join(root, id, 'expires_at.json'), text);
}

describe('own write echoes', () => {
  it('holds back only what still shows our own last write, for a short window', () => {
    const root = makeTempDir();
    const clock = testClock();
    const echoes = new OwnWriteEchoes(clock);
    expect(echoes.foreign(root, ['a', 'b'])).toEqual(['a', 'b']);

    echoes.begin(root, 'a');
    writeExpiry(root, 'a', '"1"');
    // Mid-write: ours (announced when the write ends).
    expect(echoes.foreign(root, ['a', 'b'])).toEqual(['b']);
    echoes.end(root, 'a');
    expect(echoes.foreign(root, ['a'])).toEqual([]);
    expect(echoes.foreign(join(root, 'elsewhere'), ['a'])).toEqual(['a']);

    // Someone else's write after ours: same size, likely the same clock tick.
    writeExpiry(root, 'a', '"2"');
    expect(echoes.foreign(root, ['a'])).toEqual(['a']);

    echoes.begin(root, 'a');
    echoes.end(root, 'a');
    expect(echoes.foreign(root, ['a'])).toEqual([]);
    clock.advance(ECHO_WINDOW_MS);
    expect(echoes.foreign(root, ['a'])).toEqual(['a']);
  });

  it('treats a removal like a write: the folder gone is what we left', () => {
    const root = makeTempDir();
    const echoes = new OwnWriteEchoes(testClock());
    echoes.begin(root, 'a');
    echoes.end(root, 'a');
    expect(echoes.foreign(root, ['a'])).toEqual([]);
    writeExpiry(root, 'a', '"1"');
    expect(echoes.foreign(root, ['a'])).toEqual(['a']);
  });
});
