/**
 * The seeds' own files (test-data/seed-fixtures, see its PROVENANCE.md),
 * copied into a temp folder with the modes the seed sets (git keeps none) and
 * one old mtime for all files, as a finished write long ago leaves them.
 */
import { chmodSync, cpSync, readdirSync, readFileSync, utimesSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const SEED_FIXTURES = resolve(import.meta.dirname, '..', 'test-data', 'seed-fixtures');
export const SEED_ROOT = join(SEED_FIXTURES, 'seed-root');
export const SEED_KEYS_JSON = join(SEED_FIXTURES, 'seed-keys.json');
export const SEED_KEYS_PLAIN = join(SEED_FIXTURES, 'seed-keys.plain');
export const SEED_AUTH_TOKEN = join(SEED_FIXTURES, 'configs', '.auth_token');

/** The bearers in the seed root, sorted by id as `bearers list` prints them. */
export const SEED_BEARER_IDS = [
  'agent-2pow53plus1',
  'agent-control',
  'agent-empty',
  'agent-expired',
  'agent-far',
  'agent-quotes',
  'agent-u64max',
];

const LONG_AGO = new Date('2026-01-01T00:00:00Z');

/** Copies the seed root to `dest` (which must not exist) with seed modes. */
export function copySeedRoot(dest: string): string {
  cpSync(SEED_ROOT, dest, { recursive: true });
  chmodSync(dest, 0o700);
  for (const bearer of readdirSync(dest)) {
    const dir = join(dest, bearer);
    chmodSync(dir, 0o700);
    for (const file of readdirSync(dir)) {
      chmodSync(join(dir, file), 0o600);
      utimesSync(join(dir, file), LONG_AGO, LONG_AGO);
    }
    utimesSync(dir, LONG_AGO, LONG_AGO);
  }
  return dest;
}

export function seedKeysPlain(): string[] {
  return readFileSync(SEED_KEYS_PLAIN, 'utf8')
    .split('\n')
    .filter((line) => line.length > 0);
}
