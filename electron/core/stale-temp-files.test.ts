/**
 * A write killed before its rename leaves a temp file holding the whole
 * secret beside the file it was writing. The next write of that file removes
 * it, for every file the vault writes, not only bearer files.
 */
import { existsSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { markedSecret } from '../../test-support/leak-marker';
import { makeTempDir } from '../../test-support/temp-dir';
import { saveAuthToken } from './auth-token/auth-token-file';
import { STALE_TEMP_FILE_AGE_MS } from './fs/atomic-write';
import { ApiKeyStore } from './keys/key-store';
import { ConfigFile } from './providers/config-file';
import { FileSecretStore } from './providers/secret-store';

/** What a crashed write of `target` leaves: `.NAME.<12 hex>.tmp`, holding a secret. */
function plantCrashedTemp(target: string, hex: string, ageMs: number): string {
  const path = join(dirname(target), `.${target.split('/').pop()}.${hex}.tmp`);
  writeFileSync(path, markedSecret('crashed-write'), { mode: 0o600 });
  const when = (Date.now() - ageMs) / 1000;
  utimesSync(path, when, when);
  return path;
}

const writers: Array<[string, (dir: string) => Promise<string>]> = [
  [
    'the key file (keys mint)',
    async (dir) => {
      const path = join(dir, 'keys.json');
      await new ApiKeyStore({ path }).mint('bot');
      return path;
    },
  ],
  [
    'a workspace token file (auth-token set)',
    async (dir) => {
      const path = join(dir, '.auth_token');
      saveAuthToken(path, markedSecret('token'));
      return path;
    },
  ],
  [
    'providers.json and links.json',
    async (dir) => {
      const file = new ConfigFile(dir, 'providers.json', z.object({ n: z.number() }), () => ({
        n: 0,
      }));
      await file.update((current) => ({ next: { n: current.n + 1 }, result: null }));
      return file.path;
    },
  ],
  [
    'a client secret file',
    async (dir) => {
      const secrets = new FileSecretStore(dir);
      await secrets.write('provider-acme', markedSecret('client'));
      return secrets.path('provider-acme');
    },
  ],
];

describe('temp files a crash left behind', () => {
  it.each(writers)(
    'beside %s: the next write removes them after a minute, and keeps a fresh one and a foreign one',
    async (_what, write) => {
      const dir = makeTempDir();
      // The first write tells where the file lives; then a crash is simulated.
      const target = await write(dir);
      const stale = plantCrashedTemp(target, '0123456789ab', STALE_TEMP_FILE_AGE_MS + 5_000);
      const fresh = plantCrashedTemp(target, 'ba9876543210', 1_000);
      const foreign = join(dir, `.${target.split('/').pop()}.swp`);
      writeFileSync(foreign, 'an editor of the user');
      utimesSync(foreign, 0, 0);

      expect(await write(dir)).toBe(target);

      expect(existsSync(stale)).toBe(false);
      expect(existsSync(fresh)).toBe(true);
      expect(existsSync(foreign)).toBe(true);
      expect(readdirSync(dirname(target)).filter((n) => n.endsWith('.tmp'))).toEqual([
        fresh.split('/').pop(),
      ]);
    },
  );
});
