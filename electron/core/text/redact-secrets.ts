/**
 * Cuts every trace of our secrets out of a text we did not write (a server's
 * error description, say). A server that echoes a secret rarely echoes it
 * verbatim: it may upper-case it, URL- or form-encode it, quote only part of
 * it, or echo the Basic `Authorization` header it was sent. So:
 *
 *  - every piece of MIN_PIECE or more characters of a secret, in any of its
 *    encodings, is cut out, whatever its case;
 *  - a secret shorter than that is cut out where it appears whole, whatever
 *    its case (but not below MIN_WHOLE_SECRET: one or two letters would shred
 *    the text, and no real secret is that short);
 *  - each run of cut characters becomes one REDACTED.
 *
 * Callers pass each secret in the forms they sent it (the Basic header's
 * base64 is a secret of its own); the URL and form encodings are added here.
 *
 * Cost: linear in the length of the text and of the secrets' encodings (see
 * coverPieces). Cap the text first all the same: whatever is not shown need
 * not be redacted.
 */

export const REDACTED = '[redacted]';
/** A piece of a secret this long or longer is cut out wherever it appears. */
export const MIN_PIECE = 8;
/** Shorter secrets are cut out only whole, and only from this length. */
const MIN_WHOLE_SECRET = 4;

/**
 * Lower-cases `text` keeping every UTF-16 unit where it was, so that a
 * position in the folded text is the same position in the original.
 * (toLowerCase never shortens a string; when it lengthens one, as for "İ",
 * the units are folded one by one.)
 */
function foldCase(text: string): string {
  const lower = text.toLowerCase();
  if (lower.length === text.length) return lower;
  let folded = '';
  for (let i = 0; i < text.length; i++) {
    const unit = text.charAt(i);
    const lowerUnit = unit.toLowerCase();
    folded += lowerUnit.length === 1 ? lowerUnit : unit;
  }
  return folded;
}

/** application/x-www-form-urlencoded as oauth4webapi writes a Basic header's user and password. */
function strictFormEncode(text: string): string {
  return encodeURIComponent(text)
    .replace(/[-_.!~*'()]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, '+');
}

/** The secret as it may travel: as is, URL-encoded, form-encoded (two ways). */
function encodingsOf(secret: string): string[] {
  const forms = [secret, new URLSearchParams({ s: secret }).toString().slice(2)];
  try {
    forms.push(encodeURIComponent(secret), strictFormEncode(secret));
  } catch {
    // A lone surrogate cannot be percent-encoded, so it was not sent that way.
  }
  return forms;
}

interface SecretForms {
  /** Folded forms of MIN_PIECE characters or more: any piece of them is cut out. */
  long: string[];
  /** Folded forms too short for pieces: cut out only whole. */
  short: string[];
}

function secretForms(secrets: readonly string[]): SecretForms {
  const long = new Set<string>();
  const short = new Set<string>();
  for (const secret of secrets) {
    for (const form of encodingsOf(secret)) {
      if (form.length >= MIN_PIECE) long.add(foldCase(form));
      else if (form.length >= MIN_WHOLE_SECRET) short.add(foldCase(form));
    }
  }
  return { long: [...long], short: [...short] };
}

/** Rabin-Karp hashing of MIN_PIECE-unit windows, wrapping at 2^32. */
const HASH_BASE = 0x10001;
/** HASH_BASE^(MIN_PIECE-1) mod 2^32: the weight of a window's first unit. */
const FIRST_UNIT_WEIGHT = Array.from({ length: MIN_PIECE - 1 }).reduce<number>(
  (weight) => Math.imul(weight, HASH_BASE),
  1,
);

function windowHash(text: string, start: number): number {
  let hash = 0;
  for (let i = start; i < start + MIN_PIECE; i++)
    hash = (Math.imul(hash, HASH_BASE) + text.charCodeAt(i)) | 0;
  return hash;
}

/**
 * Marks every MIN_PIECE-unit window of `folded` that occurs in some long
 * form. The text's windows are hashed into a table, then each form is
 * scanned once with a rolling hash: time linear in the forms' length (a
 * 64 KiB token costs about a millisecond), no string made per position.
 */
function coverPieces(folded: string, forms: readonly string[], covered: Uint8Array): void {
  const pending = new Map<number, number[]>();
  // A cheap first look before the map: most positions of a form match nothing.
  const maybe = new Uint8Array(1 << 16);
  for (let start = 0; start + MIN_PIECE <= folded.length; start++) {
    const hash = windowHash(folded, start);
    maybe[hash & 0xffff] = 1;
    const starts = pending.get(hash);
    if (starts) starts.push(start);
    else pending.set(hash, [start]);
  }
  for (const form of forms) {
    if (pending.size === 0) return;
    let hash = windowHash(form, 0);
    for (let at = 0; ; at++) {
      const starts = maybe[hash & 0xffff] === 1 ? pending.get(hash) : undefined;
      if (starts) {
        const unmatched = starts.filter((start) => {
          if (!form.startsWith(folded.slice(start, start + MIN_PIECE), at)) return true;
          covered.fill(1, start, start + MIN_PIECE);
          return false;
        });
        if (unmatched.length === 0) pending.delete(hash);
        else pending.set(hash, unmatched);
      }
      if (at + MIN_PIECE >= form.length) break;
      hash =
        (Math.imul(hash - Math.imul(form.charCodeAt(at), FIRST_UNIT_WEIGHT), HASH_BASE) +
          form.charCodeAt(at + MIN_PIECE)) |
        0;
    }
  }
}

/** Marks, per UTF-16 unit of the text, whether it belongs to a secret. */
function coveredUnits(folded: string, forms: SecretForms): Uint8Array {
  const covered = new Uint8Array(folded.length);
  coverPieces(folded, forms.long, covered);
  for (const form of forms.short) {
    for (let at = folded.indexOf(form); at !== -1; at = folded.indexOf(form, at + 1))
      covered.fill(1, at, at + form.length);
  }
  return covered;
}

/** Never half a character: a surrogate pair is cut out whole or not at all. */
function coverWholePairs(text: string, covered: Uint8Array): void {
  for (let i = 0; i + 1 < text.length; i++) {
    const high = text.charCodeAt(i);
    const low = text.charCodeAt(i + 1);
    if (high >= 0xd800 && high <= 0xdbff && low >= 0xdc00 && low <= 0xdfff) {
      if (covered[i] === 1 || covered[i + 1] === 1) covered.fill(1, i, i + 2);
      i++;
    }
  }
}

/**
 * A function that redacts `secrets` (see above) from any text: the secrets'
 * encodings are worked out once, for every text it is given.
 */
export function secretRedactor(secrets: readonly string[]): (text: string) => string {
  const forms = secretForms(secrets);
  return (text) => {
    if (text.length < MIN_WHOLE_SECRET || (forms.long.length === 0 && forms.short.length === 0))
      return text;
    const covered = coveredUnits(foldCase(text), forms);
    coverWholePairs(text, covered);
    let out = '';
    let start = 0;
    while (start < text.length) {
      let end = start + 1;
      while (end < text.length && covered[end] === covered[start]) end++;
      out += covered[start] === 1 ? REDACTED : text.slice(start, end);
      start = end;
    }
    return out;
  };
}

/** `text` with every piece of `secrets` (see above) replaced by REDACTED. */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  return secretRedactor(secrets)(text);
}
