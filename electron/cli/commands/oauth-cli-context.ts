/** What the OAuth commands share: the core's OAuth services for this invocation, and small formatters. */
import {
  createOAuthServices,
  httpTimeoutFromEnv,
  type OAuthServices,
} from '../../core/oauth/oauth-services';
import type { CliContext } from '../cli-context';
import { formatRelativeSeconds, formatUnixUtc } from '../format-time';

export function openOAuthServices(context: CliContext): OAuthServices {
  return createOAuthServices({
    home: context.paths.home,
    httpTimeoutMs: httpTimeoutFromEnv(context.io.env),
  });
}

/** "2026-01-01T00:00:00Z (in 59m 58s)" */
export function describeExpiry(expiresAtUnix: number, nowUnix: number): string {
  return `${formatUnixUtc(expiresAtUnix)} (${formatRelativeSeconds(expiresAtUnix - nowUnix)})`;
}

/** Values that come from files or tokens: escaped unless plainly printable, so they cannot forge terminal output. */
export function printable(value: string): string {
  return /^[\x21-\x7e]+$/.test(value) ? value : JSON.stringify(value);
}
