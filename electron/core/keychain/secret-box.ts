/**
 * The encrypted form of one secret at rest: AES-256-GCM under the master key,
 * written where the plain secret was (a bearer file still holds one JSON
 * string):
 *
 *     $cv1$<base64url( placeCheck[4] | nonce[12] | ciphertext | tag[16] )>
 *
 * Why `$`: it is outside RFC 6750's b64token alphabet (the characters a
 * Bearer token may use in an Authorization header) and outside the token
 * characters `credvault inspect` accepts, so a usable token never starts
 * with "$cv1$". Writers refuse a plain value that does (see
 * `looksEncrypted`), which closes the gap for exotic tokens.
 *
 * Associated data binds each ciphertext to its place: the root's random id
 * (kept inside the root, so a moved or symlinked root still decrypts), the
 * bearer id and the file name. A file copied to another bearer fails to
 * decrypt instead of serving the wrong secret. `placeCheck` (4 bytes of a
 * hash of that data, not secret) only lets the error say which failure it
 * was: another place, or another key / altered bytes. It is authenticated
 * too (part of the associated data), so no byte of the form can change
 * unnoticed.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { VaultError } from '../errors';
import { MASTER_KEY_BYTES } from './master-key';

export const ENCRYPTED_PREFIX = '$cv1$';
/** Any version of the encrypted form, for "encrypted by a newer Credvault". */
const ANY_VERSION = /^\$cv([0-9]{1,4})\$/;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

const PLACE_CHECK_BYTES = 4;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const HEADER_BYTES = PLACE_CHECK_BYTES + NONCE_BYTES;

/** Where a secret lives; the ciphertext decrypts only there. */
export interface SecretPlace {
  rootId: string;
  bearerId: string;
  fileName: string;
}

export class SecretBoxError extends VaultError {
  constructor(
    readonly where: string,
    readonly reason: string,
  ) {
    super('environment', `${where} cannot be decrypted: ${reason}`);
  }
}

/** Whether `text` is (or pretends to be) the encrypted form, of any version. */
export function looksEncrypted(text: string): boolean {
  return ANY_VERSION.test(text);
}

export function encryptSecret(key: Uint8Array, place: SecretPlace, plaintext: string): string {
  checkKey(key);
  const associated = associatedData(place);
  const check = placeCheck(associated);
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, nonce, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.concat([associated, check]));
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  const payload = Buffer.concat([check, nonce, ciphertext, cipher.getAuthTag()]);
  return `${ENCRYPTED_PREFIX}${payload.toString('base64url')}`;
}

/**
 * The plain secret. `at` names the file for the error (a path, never
 * content; or its parts, joined only for an error, since a list opens
 * thousands); every failure is a SecretBoxError saying why.
 */
export function decryptSecret(
  key: Uint8Array,
  place: SecretPlace,
  text: string,
  at: string | readonly string[],
): string {
  checkKey(key);
  const version = ANY_VERSION.exec(text)?.[1];
  if (version === undefined)
    throw new SecretBoxError(pathOf(at), 'it is not in the encrypted form');
  if (version !== '1') {
    throw new SecretBoxError(
      pathOf(at),
      `it is in encrypted format version ${version}, which this Credvault does not read (made by a newer version?)`,
    );
  }
  const body = text.slice(ENCRYPTED_PREFIX.length);
  const payload = BASE64URL.test(body) ? Buffer.from(body, 'base64url') : null;
  if (!payload || payload.length < HEADER_BYTES + TAG_BYTES) {
    throw new SecretBoxError(pathOf(at), 'its encrypted form is malformed (truncated or edited?)');
  }
  // Listing decrypts every token file, so this path allocates little: the
  // associated data and the stored check go into one buffer, and the payload
  // is read through views.
  const associated = associatedData(place, PLACE_CHECK_BYTES);
  const placeBytes = associated.length - PLACE_CHECK_BYTES;
  payload.copy(associated, placeBytes, 0, PLACE_CHECK_BYTES);
  const nonce = payload.subarray(PLACE_CHECK_BYTES, HEADER_BYTES);
  const ciphertext = payload.subarray(HEADER_BYTES, payload.length - TAG_BYTES);
  const decipher = createDecipheriv('aes-256-gcm', key, nonce, { authTagLength: TAG_BYTES });
  decipher.setAAD(associated);
  decipher.setAuthTag(payload.subarray(payload.length - TAG_BYTES));
  try {
    const plaintext = decipher.update(ciphertext);
    decipher.final(); // checks the tag: nothing is returned unless it matches
    return plaintext.toString('utf8');
  } catch {
    const storedCheck = payload.subarray(0, PLACE_CHECK_BYTES);
    throw new SecretBoxError(
      pathOf(at),
      storedCheck.equals(placeCheck(associated.subarray(0, placeBytes)))
        ? 'it was encrypted with another master key, or its bytes were altered'
        : 'it was encrypted for another place (another bearer, file name or root): a file moved or copied here is never served',
    );
  }
}

/**
 * An unambiguous encoding of the place (a JSON array), with a domain label,
 * followed by `spare` bytes for the caller. The same bytes as
 * `JSON.stringify([label, rootId, bearerId, fileName])`, built from a prefix
 * kept per root id (a list asks for thousands of places in one root).
 */
function associatedData(place: SecretPlace, spare = 0): Buffer {
  const text = `${rootPrefix(place.rootId)}${JSON.stringify(place.bearerId)},${JSON.stringify(place.fileName)}]`;
  const length = Buffer.byteLength(text, 'utf8');
  const bytes = Buffer.allocUnsafe(length + spare);
  bytes.write(text, 0, 'utf8');
  return bytes; // the spare bytes are the caller's to fill
}

let lastRoot: { rootId: string; prefix: string } | null = null;

function rootPrefix(rootId: string): string {
  if (lastRoot?.rootId !== rootId) {
    lastRoot = {
      rootId,
      prefix: `${JSON.stringify(['credvault secret v1', rootId]).slice(0, -1)},`,
    };
  }
  return lastRoot.prefix;
}

function pathOf(at: string | readonly string[]): string {
  return typeof at === 'string' ? at : join(...at);
}

function placeCheck(associated: Buffer): Buffer {
  return createHash('sha256').update(associated).digest().subarray(0, PLACE_CHECK_BYTES);
}

function checkKey(key: Uint8Array): void {
  if (key.length !== MASTER_KEY_BYTES) throw new RangeError('the master key must be 32 bytes');
}
