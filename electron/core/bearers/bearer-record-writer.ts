/**
 * Writes a bearer record, holding its lock, and makes sure what lands on disk
 * is one whole record, even when a program that takes no lock writes the same
 * bearer at the same moment. The seed's broker is such a program: it rewrites
 * the three files in place (access, refresh, expiry), and its write can
 * interleave with ours into a record that mixes both yet looks finished (the
 * expiry newest), served as `ok` for ever after. The lock cannot prevent
 * that; a look back can notice it.
 *
 * Looking back means waiting for the folder to settle, as a reader does, which
 * costs a put at least SETTLE_MS. So the wait happens only when something says
 * another writer may be about; each of these checks costs a few small reads:
 *  - before writing we open the files we are about to replace: a write into
 *    them while we work is lost by our rename, but shows when we look at
 *    them again at the end (the sign of a writer part way through);
 *  - right after writing we read the folder: anything but our record means
 *    someone wrote into our new files;
 *  - a folder that a reader would not yet have believed when we began (written
 *    moments ago, or half written) may hide a writer that paused, and will go
 *    on after us: we wait until a reader would believe it. Unless it is
 *    exactly what our own last write left there: then nobody wrote since,
 *    and back-to-back writes of one bearer do not wait.
 * If the settled record is not ours, we write it whole again, at most twice,
 * and report a conflict: the other program's write is lost, and with it
 * perhaps the refresh token its server had just rotated.
 *
 * Not seen: a program creating a new bearer at the very moment we create it,
 * pausing between its files for longer than our whole write (there was
 * nothing to watch before we began).
 */
import { closeSync, constants, fstatSync, openSync, readSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import type { BearerRecordInput } from '@shared/domain/bearer';
import { VaultError, environmentError } from '../errors';
import {
  PRIVATE_DIR_MODE,
  removeStaleTempFilesSync,
  writeFileAtomicSync,
} from '../fs/atomic-write';
import { quoteForMessage } from '../text/quote-for-message';
import {
  ACCESS_TOKEN_FILE,
  BEARER_FILES,
  EXPIRES_AT_FILE,
  MAX_BEARER_FILE_BYTES,
  REFRESH_TOKEN_FILE,
  encodeJsonString,
  type BearerFileName,
} from './bearer-file-codec';
import {
  passOverFolder,
  sameFiles,
  sameStamp,
  stampOf,
  type FileStamp,
  type Pass,
} from './bearer-folder-pass';
import { decodePass, quietNeededMs, settleRead, type BearerRead } from './bearer-record-reader';

/** After the first write, how many more times a record that did not land whole is written. */
export const MAX_REWRITES = 2;

export interface RecordWriterOptions {
  readDeadlineMs: number;
  /**
   * Runs right after each file we replace, still under the lock. Tests use it
   * to play another writer at an exact point of ours; nothing else should.
   */
  onFileReplaced?: ((file: BearerFileName) => void) | undefined;
  /** What our previous write to this folder left there (WriteReport.landed), if we know. */
  lastLanded?: Pass | undefined;
}

export interface WriteReport {
  /** Another program wrote the bearer while we did: what happened, naming the bearer. */
  conflict: string | null;
  /** The folder as we left it, whole and ours: give it back as `lastLanded` next time. */
  landed: Pass | null;
}

/** A file we are about to replace, held open so that a write into it still shows. */
interface HeldFile {
  fd: number;
  stamp: FileStamp;
  bytes: Buffer;
}

const HOLD_FLAGS = constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK;
const wallNowMs = () => Date.now();

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}

/** One buffer for every read: reads are synchronous, and the bytes are copied out. */
const readBuffer = Buffer.allocUnsafe(MAX_BEARER_FILE_BYTES + 1);

/** The file's bytes from its start (up to one byte past the largest file we accept). */
function bytesAt(fd: number): Buffer {
  let length = 0;
  for (;;) {
    const n = readSync(fd, readBuffer, length, readBuffer.length - length, length);
    length += n;
    if (n === 0 || length === readBuffer.length) return Buffer.from(readBuffer.subarray(0, length));
  }
}

/** Opens a regular file to watch it; null when there is none (or nothing we could read). */
function holdFile(path: string): HeldFile | null {
  let fd: number;
  try {
    fd = openSync(path, HOLD_FLAGS);
  } catch {
    return null;
  }
  try {
    const info = fstatSync(fd);
    if (info.isFile()) return { fd, stamp: stampOf(info), bytes: bytesAt(fd) };
  } catch {
    // unreadable: nothing to compare later
  }
  closeSync(fd);
  return null;
}

/** Whether someone wrote into `held` since we opened it (same tick or not: bytes are compared too). */
function writtenSince(held: HeldFile): boolean {
  try {
    return (
      !sameStamp(held.stamp, stampOf(fstatSync(held.fd))) || !held.bytes.equals(bytesAt(held.fd))
    );
  } catch {
    return true;
  }
}

/**
 * When a reader would first believe the folder as it is now; 0 when it
 * already would, when there is no file yet (a new bearer), or when it is
 * just as our own last write left it.
 */
function trustedFromMs(dir: string, nowMs: number, lastLanded: Pass | undefined): number {
  const pass = passOverFolder(dir, wallNowMs);
  if (pass.folder.kind === 'bad') return 0;
  if (lastLanded !== undefined && sameFiles(lastLanded, pass)) return 0;
  const mtimes = BEARER_FILES.map((name) => {
    const look = pass.folder.kind === 'folder' ? pass.folder.files[name] : null;
    return look?.stamp?.mtimeMs ?? null;
  }).filter((mtime): mtime is number => mtime !== null);
  if (mtimes.length === 0) return 0;
  // A future mtime (a skewed clock, `touch -d`) counts as written now.
  const newest = Math.min(Math.max(...mtimes), nowMs);
  const trustedFrom = newest + quietNeededMs(decodePass(pass));
  return trustedFrom > nowMs ? trustedFrom : 0;
}

function isRecord(read: BearerRead, record: BearerRecordInput): boolean {
  return (
    read.kind === 'record' &&
    read.warning === null &&
    read.record.accessToken === record.accessToken &&
    read.record.refreshToken === record.refreshToken &&
    read.record.expiresAtUnix === record.expiresAtUnix
  );
}

/** Refresh token first: a crash after it keeps the rotated one, which the server has already swapped for the old. */
function replaceFiles(dir: string, record: BearerRecordInput, options: RecordWriterOptions): void {
  const contents: Array<[BearerFileName, string]> = [
    [REFRESH_TOKEN_FILE, encodeJsonString(record.refreshToken)],
    [ACCESS_TOKEN_FILE, encodeJsonString(record.accessToken)],
    [EXPIRES_AT_FILE, encodeJsonString(String(record.expiresAtUnix))],
  ];
  try {
    // Secrets are about to land here: the folder is private whatever it was.
    chmodSync(dir, PRIVATE_DIR_MODE);
    removeStaleTempFilesSync(dir, wallNowMs());
    for (const [name, text] of contents) {
      writeFileAtomicSync(join(dir, name), text);
      options.onFileReplaced?.(name);
    }
  } catch (error) {
    throw environmentError('write bearer files in', dir, error);
  }
}

interface WriteLook {
  /** Someone else wrote into the bearer's files while we wrote. */
  overlapped: boolean;
  /** 0, or when the folder as we found it would have been believed by a reader. */
  trustedFromMs: number;
  /** The folder right after our write. */
  after: Pass;
}

function writeOnce(
  dir: string,
  record: BearerRecordInput,
  options: RecordWriterOptions,
  lastLanded: Pass | undefined,
): WriteLook {
  // Opened before anything else, so that any write from here on shows in them.
  const held = BEARER_FILES.map((name) => holdFile(join(dir, name)));
  try {
    const trustedFrom = trustedFromMs(dir, wallNowMs(), lastLanded);
    replaceFiles(dir, record, options);
    const intoOld = held.some((file) => file !== null && writtenSince(file));
    const after = passOverFolder(dir, wallNowMs);
    const landed = isRecord(decodePass(after), record);
    return { overlapped: intoOld || !landed, trustedFromMs: trustedFrom, after };
  } finally {
    for (const file of held) if (file !== null) closeSync(file.fd);
  }
}

function conflictMessage(id: string): string {
  return (
    `another program wrote bearer ${quoteForMessage(id)} while Credvault was writing it; ` +
    "Credvault's record is the one on disk, whole, and the other program's write was lost: " +
    'that program may have to sign in again (the refresh token it got may be gone)'
  );
}

/**
 * Writes `record` into `dir` (the caller holds the bearer's lock) and returns
 * once it is on disk whole. Throws when another writer kept overwriting it.
 */
export async function writeRecordWhole(
  id: string,
  dir: string,
  record: BearerRecordInput,
  options: RecordWriterOptions,
): Promise<WriteReport> {
  let otherWriter = false;
  let lastLanded = options.lastLanded;
  const done = (landed: Pass | null): WriteReport => ({
    conflict: otherWriter ? conflictMessage(id) : null,
    landed,
  });
  for (let attempt = 0; attempt <= MAX_REWRITES; attempt++) {
    const look = writeOnce(dir, record, options, lastLanded);
    otherWriter ||= look.overlapped;
    if (!look.overlapped && look.trustedFromMs === 0) return done(look.after);
    // Someone may still be writing: read it back as a reader would, once it is quiet.
    await sleep(look.trustedFromMs - wallNowMs());
    const settled = await settleRead(dir, null, options.readDeadlineMs);
    if (isRecord(settled, record)) return done(null);
    otherWriter = true;
    lastLanded = undefined;
    // Writing again into a folder that never stays quiet would only lose again.
    if (settled.kind === 'busy') break;
  }
  throw new VaultError(
    'environment',
    `another program kept rewriting bearer ${quoteForMessage(id)} while Credvault wrote it; ` +
      'its files may not hold one whole record: stop that program, then check the bearer',
  );
}
