/**
 * The key file, in the seed's format:
 *   {"keys":[{"hash_hex":"…","name":"…","created_at":"<RFC 3339>","last_used":null|"<RFC 3339>"}]}
 * pretty-printed with two spaces, no trailing newline.
 *
 * A rewrite changes only what it means to: the raw objects are kept, so
 * top-level fields, entry fields and whole entries we do not understand stay
 * as they were (numbers to the digit, see text/lossless-json.ts), in their order.
 * A malformed entry is kept untouched and never matches a key.
 */
import { readSmallFileSync } from '../fs/read-small-file';
import type { ApiKeyInfo } from '@shared/domain/api-key';
import { VaultError, environmentError } from '../errors';
import { writeFileAtomicSync } from '../fs/atomic-write';
import { isHashHex } from './key-material';
import { parseKeyTimeMs } from './key-time';
import {
  JsonSyntaxError,
  isJsonObject,
  parseJsonLossless,
  stringifyJsonPretty,
  type JsonObject,
  type JsonValue,
} from '../text/lossless-json';

/** Some 150 000 keys: a larger file is not a key file, and would stall every read. */
export const MAX_KEY_FILE_BYTES = 32 * 1024 * 1024;

export interface KeyFile {
  /** The top-level object, every field kept. */
  root: JsonObject;
  /** `root.keys`, the same array: changing it changes what is written. */
  entries: JsonValue[];
}

/** An entry whose known fields all hold what the seed expects. */
export interface KeyEntry {
  raw: JsonObject;
  hashHex: string;
  name: string;
  createdAt: string;
  lastUsed: string | null;
}

export type EntryCheck = { ok: true; entry: KeyEntry } | { ok: false; info: ApiKeyInfo };

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

export function emptyKeyFile(): KeyFile {
  const entries: JsonValue[] = [];
  return { root: new Map([['keys', entries]]), entries };
}

/** The file's contents, or null when there is no file. Never follows a symlink. */
export function readKeyFile(path: string): KeyFile | null {
  const text = readKeyFileText(path);
  return text === null ? null : parseKeyFileText(text, path);
}

/** The file's text, or null when there is no file. */
export function readKeyFileText(path: string): string | null {
  const bytes = readSmallFileSync(path, { maxBytes: MAX_KEY_FILE_BYTES, kind: 'a key file' });
  if (bytes === null) return null;
  try {
    // Fatal: a lenient decode would turn bad bytes into U+FFFD, and the next
    // rewrite would then change fields we promised to keep.
    return utf8.decode(bytes);
  } catch {
    throw new VaultError('bad-input', `${path} is not valid UTF-8; nothing was changed`);
  }
}

export function parseKeyFileText(text: string, path: string): KeyFile {
  let root: JsonValue;
  try {
    root = parseJsonLossless(text);
  } catch (error) {
    if (error instanceof JsonSyntaxError) {
      throw new VaultError(
        'bad-input',
        `${path} is not valid JSON (${error.message}); nothing was changed`,
      );
    }
    throw error;
  }
  const entries = isJsonObject(root) ? root.get('keys') : undefined;
  if (!isJsonObject(root) || !Array.isArray(entries)) {
    throw new VaultError(
      'bad-input',
      `${path} is not an API key file: expected a JSON object with a "keys" array; nothing was changed`,
    );
  }
  return { root, entries };
}

export function serializeKeyFile(file: KeyFile): string {
  return stringifyJsonPretty(file.root);
}

/** Replaces the file atomically at 0600; returns the text written. */
export function writeKeyFile(path: string, file: KeyFile): string {
  const text = serializeKeyFile(file);
  try {
    writeFileAtomicSync(path, text);
  } catch (error) {
    throw environmentError('write', path, error);
  }
  return text;
}

/** A new entry with hash_hex first, as the seed writes its fields. */
export function newKeyEntry(hashHex: string, name: string, createdAt: string): JsonObject {
  return new Map<string, JsonValue>([
    ['hash_hex', hashHex],
    ['name', name],
    ['created_at', createdAt],
    ['last_used', null],
  ]);
}

/** Checks entry number `index` (from 0) for the four fields the seed requires. */
export function checkEntry(raw: JsonValue, index: number): EntryCheck {
  const where = `entry ${index + 1}`;
  if (!isJsonObject(raw)) {
    return {
      ok: false,
      info: {
        name: '',
        hashHex: '',
        createdAt: '',
        lastUsed: null,
        error: `${where} is not an object`,
      },
    };
  }
  const hashHex = raw.get('hash_hex');
  const name = raw.get('name');
  const createdAt = raw.get('created_at');
  // serde reads a missing Option as None: a missing last_used is "never used".
  const lastUsed = raw.get('last_used') ?? null;
  const problems: string[] = [];
  if (typeof hashHex !== 'string' || !isHashHex(hashHex))
    problems.push('hash_hex is not 64 lowercase hex digits');
  if (typeof name !== 'string') problems.push('name is not a string');
  if (typeof createdAt !== 'string' || parseKeyTimeMs(createdAt) === null)
    problems.push('created_at is not an RFC 3339 time');
  if (lastUsed !== null && (typeof lastUsed !== 'string' || parseKeyTimeMs(lastUsed) === null)) {
    problems.push('last_used is neither null nor an RFC 3339 time');
  }
  if (problems.length === 0) {
    return { ok: true, entry: { raw, hashHex, name, createdAt, lastUsed } as KeyEntry };
  }
  return {
    ok: false,
    info: {
      name: typeof name === 'string' ? name : '',
      // Only a well-formed hash is shown: a malformed one might be a key
      // someone pasted in by hand.
      hashHex: typeof hashHex === 'string' && /^[0-9a-fA-F]{64}$/.test(hashHex) ? hashHex : '',
      createdAt:
        typeof createdAt === 'string' && parseKeyTimeMs(createdAt) !== null ? createdAt : '',
      lastUsed: typeof lastUsed === 'string' && parseKeyTimeMs(lastUsed) !== null ? lastUsed : null,
      error: `${where}: ${problems.join('; ')}`,
    },
  };
}

export function entryInfo(entry: KeyEntry): ApiKeyInfo {
  return {
    name: entry.name,
    hashHex: entry.hashHex,
    createdAt: entry.createdAt,
    lastUsed: entry.lastUsed,
  };
}

/** The well-formed entry stored for `hashHex`, or null. */
export function findEntryByHash(file: KeyFile, hashHex: string): KeyEntry | null {
  for (let i = 0; i < file.entries.length; i++) {
    const raw = file.entries[i];
    if (isJsonObject(raw) && raw.get('hash_hex') === hashHex) {
      const check = checkEntry(raw, i);
      if (check.ok) return check.entry;
    }
  }
  return null;
}
