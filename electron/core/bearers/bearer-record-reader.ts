/**
 * Reads a bearer record whole, never mixing two writes.
 *
 * Two writers share a root: ours (three atomic renames: refresh, access,
 * expiry) and the seed's (three in-place rewrites: access, refresh, expiry).
 * Both write the expiry last, which gives a reader two facts to lean on:
 *  - in a finished write, neither token file is newer than expires_at.json;
 *  - a write that happens while we read leaves a recent mtime behind.
 * So a look at the folder (bearer-folder-pass.ts) is trusted only when every
 * file it read is older than SETTLE_MS (longer than any file-system timestamp
 * tick: a file rewritten while we read it looks recent); otherwise we wait and
 * look again, and also
 * accept two identical looks SETTLE_MS apart (a file with a future mtime).
 * A folder still moving after the deadline is `busy`, never served mixed.
 *
 * A token file newer than the expiry is what a live writer between its first
 * and last file looks like, so it is waited on for TORN_AFTER_MS of quiet.
 * Once that quiet has passed nobody is writing: the files are served as they
 * are, with a warning. Far more often than a write that stopped half way,
 * they were edited by hand or copied without their times (`cp -r`, `rsync -r`),
 * and even a half-written record holds the rotated refresh token the user
 * needs to read back; refusing it would lose the record, not protect it.
 *
 * The settle logic uses the real wall clock, never the injected one: it
 * compares against file-system timestamps.
 */
import type { Pass } from './bearer-folder-pass';
import { newestMtimeMs, passOverFolder, samePass } from './bearer-folder-pass';
import {
  ACCESS_TOKEN_FILE,
  EXPIRES_AT_FILE,
  REFRESH_TOKEN_FILE,
  decodeJsonString,
  parseExpiryDigits,
} from './bearer-file-codec';

export const SETTLE_MS = 50;
/**
 * Token files newer than the expiry mean a writer between its first and last
 * file. A busy machine can stall a writer there for a while, so this state is
 * waited out this long before it is called a write that stopped half way.
 */
export const TORN_AFTER_MS = 1_500;
export const DEFAULT_READ_DEADLINE_MS = 2_000;

export interface BearerRecord {
  accessToken: string;
  refreshToken: string;
  expiresAtUnix: number;
}

export type BearerRead =
  | { kind: 'absent' }
  /** `warning`: served, but the files deserve a look (see outOfOrderWarning). */
  | { kind: 'record'; record: BearerRecord; warning: string | null }
  /** The files cannot be read as a record: a user must repair or replace them. */
  | { kind: 'invalid'; reason: string }
  /** The files never stayed quiet long enough to be read whole. */
  | { kind: 'busy'; reason: string };

const wallNowMs = () => Date.now();

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * A pass we can believe without looking again, and what it says. A whole
 * record needs SETTLE_MS of quiet; anything that looks broken or half written
 * (a token file newer than the expiry, an empty or half-written file) may be a
 * writer that the machine stalled mid-write, so it must stay that way for
 * TORN_AFTER_MS before we serve it (with a warning) or call it broken.
 */
export function judgePass(pass: Pass, nowMs: number): BearerRead | null {
  // A slow pass (a paused process) could hide a write inside its own window.
  if (pass.endedMs - pass.startedMs > SETTLE_MS / 2) return null;
  const read = decodePass(pass);
  const age = nowMs - newestMtimeMs(pass);
  return age >= quietNeededMs(read) ? read : null;
}

/** How long `read` must stay unchanged before it is believed. */
export function quietNeededMs(read: BearerRead): number {
  const suspect = read.kind === 'invalid' || (read.kind === 'record' && read.warning !== null);
  return suspect ? TORN_AFTER_MS : SETTLE_MS;
}

/**
 * Both writers write the expiry last, so a token file newer than it is not a
 * finished write of either. It names the files and the usual causes, never
 * their contents.
 */
function outOfOrderWarning(newer: readonly string[]): string {
  const files = newer.length === 1 ? `${newer[0]} is` : `${newer.join(' and ')} are`;
  return (
    `${files} newer than ${EXPIRES_AT_FILE}: edited by hand, copied without keeping file times ` +
    '(cp -r without -p, rsync without -t), or a write that stopped half way; ' +
    'check the record (bearers refresh or put rewrites it and clears this)'
  );
}

/** Turns a trusted pass into a record or an invalid reason naming the file. */
export function decodePass(pass: Pass): BearerRead {
  const folder = pass.folder;
  if (folder.kind === 'bad') {
    return folder.reason === 'missing'
      ? { kind: 'absent' }
      : { kind: 'invalid', reason: folder.reason };
  }
  const { files } = folder;
  const decoded: Record<string, string> = {};
  for (const name of [ACCESS_TOKEN_FILE, REFRESH_TOKEN_FILE, EXPIRES_AT_FILE] as const) {
    const look = files[name];
    if (look.kind === 'bad') return { kind: 'invalid', reason: `${name} ${look.reason}` };
    const value = decodeJsonString(look.bytes);
    if (!value.ok) return { kind: 'invalid', reason: `${name}: ${value.reason}` };
    decoded[name] = value.value;
  }
  const accessToken = decoded[ACCESS_TOKEN_FILE] as string;
  if (accessToken === '')
    return { kind: 'invalid', reason: `${ACCESS_TOKEN_FILE}: empty access token` };
  const expiry = parseExpiryDigits(decoded[EXPIRES_AT_FILE] as string);
  if (!expiry.ok) return { kind: 'invalid', reason: `${EXPIRES_AT_FILE}: ${expiry.reason}` };
  const expiryMtime = files[EXPIRES_AT_FILE].stamp?.mtimeMs ?? 0;
  const newer = ([ACCESS_TOKEN_FILE, REFRESH_TOKEN_FILE] as const).filter(
    (name) => (files[name].stamp?.mtimeMs ?? 0) > expiryMtime,
  );
  return {
    kind: 'record',
    record: {
      accessToken,
      refreshToken: decoded[REFRESH_TOKEN_FILE] as string,
      expiresAtUnix: expiry.value,
    },
    warning: newer.length === 0 ? null : outOfOrderWarning(newer),
  };
}

function busyReason(deadlineMs: number): BearerRead {
  return {
    kind: 'busy',
    reason: `its files kept changing for ${(deadlineMs / 1000).toFixed(1)} s, too fast to be read whole (another program is rewriting it)`,
  };
}

/**
 * Keeps looking at `dir` until a look can be trusted, starting from `first`
 * when the caller already made one.
 */
export async function settleRead(
  dir: string,
  first: Pass | null,
  deadlineMs = DEFAULT_READ_DEADLINE_MS,
): Promise<BearerRead> {
  const giveUpAt = wallNowMs() + deadlineMs;
  let earliestMatching: Pass | null = null;
  let pass = first ?? passOverFolder(dir, wallNowMs);
  for (;;) {
    const judged = judgePass(pass, wallNowMs());
    if (judged !== null) return judged;
    if (earliestMatching !== null && samePass(earliestMatching, pass)) {
      const read = decodePass(pass);
      if (pass.startedMs - earliestMatching.endedMs >= quietNeededMs(read)) return read;
    } else {
      earliestMatching = pass;
    }
    if (wallNowMs() >= giveUpAt) return busyReason(deadlineMs);
    await sleep(SETTLE_MS);
    pass = passOverFolder(dir, wallNowMs);
  }
}

/** One look; `null` when the caller must settle it with `settleRead`. */
export function tryReadNow(dir: string): { read: BearerRead } | { pending: Pass } {
  const pass = passOverFolder(dir, wallNowMs);
  const judged = judgePass(pass, wallNowMs());
  return judged === null ? { pending: pass } : { read: judged };
}
