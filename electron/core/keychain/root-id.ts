/**
 * A bearer root's own random id, kept in `.credvault-root.json` inside the
 * root. Encrypted files are bound to it rather than to the root's path, so a
 * root that is moved, renamed or reached through a symlink still decrypts.
 * The dot name keeps it out of bearer listings (a bearer id never starts
 * with ".").
 */
import { randomBytes } from 'node:crypto';
import { linkSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { VaultError, environmentError } from '../errors';
import {
  PRIVATE_FILE_MODE,
  fsyncDirSync,
  tempPathFor,
  writeFileAtomicSync,
} from '../fs/atomic-write';
import { readSmallFileSync } from '../fs/read-small-file';
import { decodeUtf8OrNull } from '../text/strict-utf8';

export const ROOT_ID_FILE = '.credvault-root.json';

const rootIdSchema = z.strictObject({
  version: z.literal(1),
  rootId: z.string().regex(/^[0-9a-f]{32}$/),
  /**
   * Whether new writes into this root are encrypted. Kept in the root, not in
   * the settings, so every process that writes here (a `--root DIR` that is
   * not configured, another vault home) sees it and never writes plaintext.
   */
  encrypted: z.boolean().optional(),
});

export interface RootFile {
  rootId: string;
  encrypted: boolean;
}

/** The root's id, or null when it has none yet. */
export function readRootId(root: string): string | null {
  return readRootFile(root)?.rootId ?? null;
}

/** Whether new writes into `root` are to be encrypted. */
export function isRootEncrypted(root: string): boolean {
  return readRootFile(root)?.encrypted === true;
}

/** Turns the root's encryption flag on or off (the caller holds the root's migration lock). */
export function setRootEncrypted(root: string, encrypted: boolean): void {
  const rootId = ensureRootId(root);
  writeFileAtomicSync(
    join(root, ROOT_ID_FILE),
    `${JSON.stringify({ version: 1, rootId, encrypted })}\n`,
  );
}

function readRootFile(root: string): RootFile | null {
  const path = join(root, ROOT_ID_FILE);
  const bytes = readSmallFileSync(path, { maxBytes: 1024, kind: 'a root id file' });
  if (bytes === null) return null;
  let value: unknown;
  try {
    value = JSON.parse(decodeUtf8OrNull(bytes) ?? '');
  } catch {
    value = null;
  }
  const parsed = rootIdSchema.safeParse(value);
  if (!parsed.success) {
    throw new VaultError(
      'environment',
      `${path} is damaged; the root's encrypted files cannot be decrypted without it`,
    );
  }
  return { rootId: parsed.data.rootId, encrypted: parsed.data.encrypted === true };
}

/**
 * The root's id, created when missing. Created by hard-linking a complete
 * temp file into place: never a half-written id, and when two processes race
 * the first link wins and the other reads it.
 */
export function ensureRootId(root: string): string {
  const existing = readRootId(root);
  if (existing) return existing;
  const path = join(root, ROOT_ID_FILE);
  const temp = tempPathFor(path);
  const rootId = randomBytes(16).toString('hex');
  try {
    writeFileSync(temp, `${JSON.stringify({ version: 1, rootId })}\n`, {
      mode: PRIVATE_FILE_MODE,
      flag: 'wx',
      flush: true,
    });
  } catch (error) {
    throw environmentError('create', path, error);
  }
  try {
    linkSync(temp, path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST')
      throw environmentError('create', path, error);
    const winner = readRootId(root);
    if (!winner) throw new VaultError('environment', `${path} vanished while it was being created`);
    return winner;
  } finally {
    unlinkSync(temp);
  }
  fsyncDirSync(root);
  return rootId;
}
