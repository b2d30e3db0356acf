/**
 * Named files and folders watched through their folders: made (even in
 * folders made later), replaced by an atomic rename, rewritten, removed;
 * everything else in those folders, temp files included, is not reported.
 */
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { makeTempDir } from '../../../test-support/temp-dir';
import { watchPaths } from './path-watch';

const WAIT = { timeout: 10_000 };

describe('path watch', () => {
  it('reports the names it watches, whether or not they or their folders exist yet', async () => {
    const home = makeTempDir();
    const deep = join(home, 'a', 'b', 'keys.json');
    const near = join(home, 'settings.json');
    const reported: string[] = [];
    const all: string[] = [];
    const watch = await watchPaths([deep, near], {
      onChange: (path) => {
        reported.push(path);
        all.push(path);
      },
    });
    onTestFinished(() => watch.close());
    const seen = (path: string) =>
      vi
        .waitFor(() => expect(reported).toContain(path), WAIT)
        .then(() => {
          reported.length = 0;
        });

    // Made with its folders, all at once.
    mkdirSync(join(home, 'a', 'b'), { recursive: true });
    writeFileSync(deep, '{}');
    await seen(deep);

    // Replaced as an atomic write does it; a temp file and a stranger are not news.
    const temp = join(home, '.settings.json.0123456789ab.tmp');
    writeFileSync(temp, '{"theme":"dark"}');
    writeFileSync(join(home, 'unrelated.json'), '{}');
    renameSync(temp, near);
    await seen(near);

    writeFileSync(deep, '{"entries":[]}');
    await seen(deep);
    rmSync(near);
    await seen(near);
    expect(new Set(all)).toEqual(new Set([deep, near]));
  });
});
