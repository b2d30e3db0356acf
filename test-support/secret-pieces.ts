/**
 * For redaction tests: the forms a server may echo a secret in, and a check
 * that no piece of MIN_PIECE characters of any of them survives in a text.
 * Written apart from electron/core/text/redact-secrets.ts on purpose, so the
 * tests do not share its mistakes.
 */
import { MIN_PIECE, REDACTED } from '../electron/core/text/redact-secrets';

/**
 * The encodings a server may echo a secret in, worked out here on their own:
 * as is, URL-encoded, form-encoded by URLSearchParams and as oauth4webapi
 * encodes a Basic header's password.
 */
export function echoedEncodings(secret: string): string[] {
  const forms = [secret, new URLSearchParams({ s: secret }).toString().slice(2)];
  try {
    const url = encodeURIComponent(secret);
    const strict = [...url.replace(/%20/g, '+')]
      .map((c) => ("-_.!~*'()".includes(c) ? `%${c.charCodeAt(0).toString(16).toUpperCase()}` : c))
      .join('');
    forms.push(url, strict);
  } catch {
    // lone surrogate: not encodable
  }
  return forms;
}

/** Lower-cased character by character, leaving those whose lower case is longer. */
function lowerKeepingLength(text: string): string {
  return Array.from(text, (c) => {
    const lower = c.toLowerCase();
    return lower.length === c.length ? lower : c;
  }).join('');
}

/**
 * The first MIN_PIECE-character piece of a secret (in any of its encodings,
 * any case) that survives in `output`, or null. Pieces are looked for between
 * the REDACTED markers, so a marker never counts as shown text.
 */
export function survivingPiece(output: string, secrets: readonly string[]): string | null {
  const forms = secrets.flatMap(echoedEncodings).map(lowerKeepingLength);
  for (const segment of output.split(REDACTED)) {
    const folded = lowerKeepingLength(segment);
    for (let i = 0; i + MIN_PIECE <= folded.length; i++) {
      const piece = folded.slice(i, i + MIN_PIECE);
      if (forms.some((form) => form.includes(piece))) return segment.slice(i, i + MIN_PIECE);
    }
  }
  return null;
}

/** Each character upper- or lower-cased at random, where that keeps the length. */
export function recased(text: string, flips: readonly boolean[]): string {
  return [...text]
    .map((c, i) => {
      const changed = flips[i % flips.length] ? c.toUpperCase() : c.toLowerCase();
      return changed.length === c.length ? changed : c;
    })
    .join('');
}
