/**
 * How bearers look on the command line: the README's snake_case JSON, table
 * cells and stderr warnings, built from the contract's shapes. Formatting
 * only; what a bearer's status is, and what it warns about, is the session's.
 */
import type { BearerSummaryWire } from '@shared/schemas/bearers';
import { quoteForMessage } from '../core/text/quote-for-message';
import type { CliIo } from './cli-io';
import { formatRelativeSeconds, formatUnixUtc } from './format-time';

/** Now, in whole Unix seconds: what "expires in" is measured from. */
export function nowUnixSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

/** The README's JSON of one bearer (`bearers show --json`). */
export function summaryJson(summary: BearerSummaryWire, nowUnix: number) {
  return {
    id: summary.id,
    status: summary.status,
    expires_at_unix: summary.expiresAtUnix,
    expires_in_s: summary.expiresAtUnix === null ? null : summary.expiresAtUnix - nowUnix,
    window_s: summary.windowS,
    error: summary.error,
    warning: summary.warning,
    /** The linked provider (refresh and keep-fresh use it), or null. */
    provider: summary.provider,
    keep_fresh: summary.keepFresh,
  };
}

/** A row of `bearers list --json`: the bearer and the root it is in (ids repeat across roots). */
export function listRowJson(summary: BearerSummaryWire, nowUnix: number) {
  return { root: summary.root, ...summaryJson(summary, nowUnix) };
}

export function expiryCells(summary: BearerSummaryWire, nowUnix: number): [string, string] {
  if (summary.expiresAtUnix === null) return ['-', '-'];
  return [
    formatUnixUtc(summary.expiresAtUnix),
    formatRelativeSeconds(summary.expiresAtUnix - nowUnix),
  ];
}

/** The table's last column: why it cannot be read, or what to look at in one that can. */
export function noteCell(summary: BearerSummaryWire): string {
  if (summary.error !== null) return summary.error;
  return summary.warning === null ? '' : `warning: ${summary.warning}`;
}

/** A served record's warning, on stderr: stdout may be feeding a script. */
export function printBearerWarning(io: CliIo, summary: BearerSummaryWire): void {
  if (summary.warning !== null)
    io.stderr(`credvault: warning: bearer ${quoteForMessage(summary.id)}: ${summary.warning}\n`);
}

/** "2026-01-01T00:00:00Z (in 59m 58s)" */
export function describeExpiry(expiresAtUnix: number, nowUnix: number): string {
  return `${formatUnixUtc(expiresAtUnix)} (${formatRelativeSeconds(expiresAtUnix - nowUnix)})`;
}
