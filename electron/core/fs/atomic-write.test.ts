import {
  existsSync,
  lutimesSync,
  readFileSync,
  readdirSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { markedSecret } from '../../../test-support/leak-marker';
import { makeTempDir } from '../../../test-support/temp-dir';
import { STALE_TEMP_FILE_AGE_MS, isTempFileNameOf, writeFileAtomicSync } from './atomic-write';

/** A file holding a secret, last modified `ageMs` ago. */
function plant(path: string, ageMs: number): void {
  writeFileSync(path, markedSecret('left-by-a-crash'), { mode: 0o600 });
  const when = (Date.now() - ageMs) / 1000;
  utimesSync(path, when, when);
}

const LONG_AGO = STALE_TEMP_FILE_AGE_MS + 60_000;

describe('atomic write', () => {
  it('replaces the file and leaves no temp file of its own', () => {
    const dir = makeTempDir();
    const target = join(dir, 'keys.json');
    writeFileAtomicSync(target, 'one');
    writeFileAtomicSync(target, 'two');
    expect(readFileSync(target, 'utf8')).toBe('two');
    expect(readdirSync(dir)).toEqual(['keys.json']);
  });

  it("removes the target's temp files a crash left over a minute ago, and nothing else", () => {
    const dir = makeTempDir();
    const target = join(dir, 'keys.json');
    const crashed = ['.keys.json.0123456789ab.tmp', '.keys.json.ffffffffffff.tmp'];
    for (const name of crashed) plant(join(dir, name), LONG_AGO);
    const kept = {
      // Maybe a write in flight in another process.
      fresh: '.keys.json.ba9876543210.tmp',
      // Another file's temp: its own next write cleans it.
      otherTarget: '.providers.json.0123456789ab.tmp',
      // Other programs' files, however close to our names.
      noRandom: '.keys.json.tmp',
      upperCase: '.keys.json.0123456789AB.tmp',
      noDot: 'keys.json.0123456789ab.tmp',
      longer: '.keys.json.0123456789abc.tmp',
    };
    plant(join(dir, kept.fresh), 1_000);
    for (const name of Object.values(kept).slice(1)) plant(join(dir, name), LONG_AGO);
    // A symlink under our name was not made by us: neither it nor its target goes.
    const linkTarget = join(dir, 'linked');
    plant(linkTarget, LONG_AGO);
    const link = join(dir, '.keys.json.cccccccccccc.tmp');
    symlinkSync(linkTarget, link);
    lutimesSync(link, new Date(Date.now() - LONG_AGO), new Date(Date.now() - LONG_AGO));

    writeFileAtomicSync(target, 'new');

    for (const name of crashed) expect(existsSync(join(dir, name)), name).toBe(false);
    expect(readdirSync(dir).sort()).toEqual(
      [...Object.values(kept), 'keys.json', 'linked', '.keys.json.cccccccccccc.tmp'].sort(),
    );
  });

  it('names temp files so that only the one target matches', () => {
    expect(isTempFileNameOf('.a.json.0123456789ab.tmp', 'a.json')).toBe(true);
    expect(isTempFileNameOf('.a.json.0123456789ab.tmp', 'json')).toBe(false);
    expect(isTempFileNameOf('.x.a.json.0123456789ab.tmp', 'a.json')).toBe(false);
    expect(isTempFileNameOf('.a.json.x.0123456789ab.tmp', 'a.json')).toBe(false);
  });
});
