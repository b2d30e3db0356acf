/**
 * How a browser page earns access: a single-use sign-in code, printed in the
 * URL the user opens, traded once for a session secret the page then sends
 * as a header on every call.
 *
 * The code may pass through a browser's or xdg-open's argv (which every user
 * of the machine can read in the process list), so it is worth nothing once
 * used, and nothing after CODE_LIFETIME_MS either (a link printed but never
 * opened). The session secret never leaves the page and this process: it is
 * never printed, logged or put in a URL.
 *
 * Only SHA-256 digests are kept, and lookups go through them, so the time a
 * lookup takes says nothing about how much of a guess was right.
 */
import { createHash, randomBytes } from 'node:crypto';

export const CODE_LIFETIME_MS = 10 * 60 * 1000;
/** 256 bits, base64url: URL-safe and far beyond guessing. */
const SECRET_BYTES = 32;
const MAX_PRESENTED_LENGTH = 256;

function digest(value: string): string {
  return createHash('sha256').update(value).digest('base64url');
}

function fresh(): string {
  return randomBytes(SECRET_BYTES).toString('base64url');
}

export class PageKeys {
  /** Unused codes' digests, with when each stops working. */
  private readonly codes = new Map<string, number>();
  private readonly secrets = new Set<string>();

  constructor(private readonly now: () => number = Date.now) {}

  issueCode(): string {
    this.forgetExpiredCodes();
    const code = fresh();
    this.codes.set(digest(code), this.now() + CODE_LIFETIME_MS);
    return code;
  }

  /** A new session secret for a valid, unused code (which is used up); null otherwise. */
  redeem(code: unknown): string | null {
    if (typeof code !== 'string' || code.length === 0 || code.length > MAX_PRESENTED_LENGTH) {
      return null;
    }
    const key = digest(code);
    const expires = this.codes.get(key);
    this.codes.delete(key);
    if (expires === undefined || expires <= this.now()) return null;
    const secret = fresh();
    this.secrets.add(digest(secret));
    return secret;
  }

  isSessionSecret(value: string | undefined): boolean {
    if (value === undefined || value.length === 0 || value.length > MAX_PRESENTED_LENGTH) {
      return false;
    }
    return this.secrets.has(digest(value));
  }

  /** How many pages have signed in (the terminal says so, so a stolen code shows). */
  get signedInPages(): number {
    return this.secrets.size;
  }

  private forgetExpiredCodes(): void {
    const now = this.now();
    for (const [key, expires] of this.codes) if (expires <= now) this.codes.delete(key);
  }
}
