/**
 * Migration against real bearer folders, in a child process SIGKILLed at
 * random points: every record must read whole after each kill (old form or
 * new), running again must finish the job, and turning encryption off must
 * give back the plain files byte for byte.
 */
import { spawn } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { markedSecret } from '../../../test-support/leak-marker';
import { makeTempDir } from '../../../test-support/temp-dir';
import { BEARER_FILES } from '../bearers/bearer-file-codec';
import { BearerStore } from '../bearers/bearer-store';
import { openRecord } from './bearer-sealing';
import { readRootId } from './root-id';

const CHILD = resolve(import.meta.dirname, '../../../test-support/children/keychain-migrate.ts');
// The figure: 1,000 bearers, 20 kills (10 each way). About 65 s
// here (2 cores), most of it the 22 full read-backs; within CI's budget.
const BEARERS = 1000;
const KILLS_EACH_WAY = 10;

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  progress: number;
}

type Kill = { afterBearers: number } | { afterFiles: number };

/**
 * Runs the migration, killed (when asked) from outside once it reported
 * some bearers done (the kill lands wherever the child is by then), or by
 * itself right after the n-th file it replaced.
 */
function migrate(home: string, root: string, direction: 'on' | 'off', kill?: Kill): Promise<Run> {
  const killAfter = kill && 'afterBearers' in kill ? kill.afterBearers : undefined;
  const dieAfterFiles = kill && 'afterFiles' in kill ? [String(kill.afterFiles)] : [];
  return new Promise((resolveRun) => {
    const args = ['--import', 'tsx', CHILD, home, root, direction, ...dieAfterFiles];
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let progress = 0;
    child.stdout.setEncoding('utf8').on('data', (text: string) => {
      for (const line of text.split('\n')) if (/^\d+$/.test(line)) progress = Number(line);
      if (killAfter !== undefined && progress >= killAfter) child.kill('SIGKILL');
    });
    child.on('close', (code, signal) => resolveRun({ code, signal, progress }));
  });
}

function rawFiles(root: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const id of readdirSync(root).filter((name) => !name.startsWith('.'))) {
    for (const file of BEARER_FILES)
      files.set(`${id}/${file}`, readFileSync(join(root, id, file), 'latin1'));
  }
  return files;
}

describe('root migration under SIGKILL', () => {
  it('never loses or corrupts a record, finishes when run again, and turning it off restores the files exactly', async () => {
    const home = makeTempDir();
    const root = join(home, 'bearers');
    const store = new BearerStore({ root });
    const originals = new Map<string, { accessToken: string; refreshToken: string }>();
    for (let index = 0; index < BEARERS; index++) {
      const record = {
        accessToken: markedSecret('access'),
        refreshToken: index % 3 ? markedSecret('refresh') : '',
        expiresAtUnix: 1_900_000_000 + index,
      };
      await store.put(`bearer-${index}`, record);
      originals.set(`bearer-${index}`, record);
    }
    const plainFiles = rawFiles(root);

    const everyRecordReads = async () => {
      const stored = JSON.parse(readFileSync(join(home, 'fake-keychain.json'), 'utf8')) as Record<
        string,
        string
      >;
      const key = Buffer.from(Object.values(stored)[0]!, 'base64');
      const keys = { rootId: readRootId(root)!, key, unavailableReason: '' };
      for (const [id, original] of originals) {
        const read = await new BearerStore({ root }).readStored(id);
        expect(read.kind, id).toBe('record');
        if (read.kind !== 'record') return;
        expect(openRecord(read.record, keys, root, id)).toMatchObject({
          kind: 'record',
          record: original,
        });
      }
    };

    let killed = 0;
    for (const direction of ['on', 'off'] as const) {
      for (let attempt = 0; attempt < KILLS_EACH_WAY; attempt++) {
        // Odd attempts: killed from outside, wherever the child is. Even
        // ones: killed right after a token file within the next 15 bearers,
        // leaving one bearer with a file in each form (after its first file)
        // or with new tokens and the expiry not yet rewritten (after its second).
        const kill: Kill =
          attempt % 2
            ? { afterBearers: 1 + Math.floor(Math.random() * BEARERS) }
            : { afterFiles: 3 * Math.floor(Math.random() * 15) + (attempt % 4 === 0 ? 1 : 2) };
        const run = await migrate(home, root, direction, kill);
        if (run.signal === 'SIGKILL') killed++;
        await everyRecordReads();
      }
      const finished = await migrate(home, root, direction);
      expect(finished.code).toBe(0);
      await everyRecordReads();
      if (direction === 'on') {
        const raw = [...rawFiles(root).values()].join('\n');
        expect(raw.includes('LEAKMARK')).toBe(false);
      }
    }
    expect(rawFiles(root)).toEqual(plainFiles);
    expect(killed).toBeGreaterThan(KILLS_EACH_WAY); // most runs were cut short
  }, 300_000);
});
