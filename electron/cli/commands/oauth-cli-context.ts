/** What the OAuth commands share: the core's OAuth services for this invocation, and small formatters. */
import type { OAuthServices } from '../../core/oauth/oauth-services';
import type { CliContext } from '../cli-context';
import { formatRelativeSeconds, formatUnixUtc } from '../format-time';

export function openOAuthServices(context: CliContext): OAuthServices {
  return context.vault.oauth;
}

/** "2026-01-01T00:00:00Z (in 59m 58s)" */
export function describeExpiry(expiresAtUnix: number, nowUnix: number): string {
  return `${formatUnixUtc(expiresAtUnix)} (${formatRelativeSeconds(expiresAtUnix - nowUnix)})`;
}
