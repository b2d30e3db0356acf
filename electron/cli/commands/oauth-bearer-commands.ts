/**
 * `credvault bearers link|refresh|check-sv`: the OAuth side of bearers, each
 * one call on the vault session. None of these prints a token.
 */
import type { Command } from '@commander-js/extra-typings';
import type { ChannelResponse } from '@shared/contract';
import { bearerStatus } from '../../core/bearers/bearer-status';
import { describeExpiry, nowUnixSeconds } from '../bearer-format';
import type { CliContext } from '../cli-context';
import { printJson } from '../cli-io';
import { EXIT } from '../exit-codes';
import { jsonOption, rootOption, windowOption } from '../options';

type RefreshOutcome = ChannelResponse<'credvault:bearers.refresh'>;
type SvCheck = ChannelResponse<'credvault:bearers.checkSv'>;

function refreshJson(outcome: RefreshOutcome, nowUnix: number) {
  return {
    id: outcome.ref.id,
    provider: outcome.provider,
    requested: outcome.requested,
    grant: outcome.grant,
    rotated: outcome.rotated,
    status: bearerStatus(outcome.expiresAtUnix, nowUnix, outcome.windowS),
    expires_at_unix: outcome.expiresAtUnix,
    expires_in_s: outcome.expiresAtUnix - nowUnix,
    window_s: outcome.windowS,
    conflict: outcome.conflict,
  };
}

function refreshText(outcome: RefreshOutcome, nowUnix: number): string {
  const { id } = outcome.ref;
  const expiry = describeExpiry(outcome.expiresAtUnix, nowUnix);
  if (!outcome.requested) {
    return `bearer ${id} is not near expiry (expires ${expiry}; window ${outcome.windowS} s): no request made (--force refreshes anyway)\n`;
  }
  const rotation =
    outcome.grant === 'refresh_token'
      ? outcome.rotated
        ? ', new refresh token stored'
        : ', refresh token kept'
      : '';
  return `refreshed bearer ${id} with provider ${outcome.provider} (${outcome.grant} grant${rotation}); expires ${expiry}\n`;
}

/** Exit codes of check-sv: admitted 0, revoked or forged 1, no clear answer 3 (fail closed). */
const CHECK_SV_EXIT = {
  'no-sv': EXIT.ok,
  current: EXIT.ok,
  stale: EXIT.negative,
  'bad-signature': EXIT.negative,
  unverifiable: EXIT.environment,
} as const;

/** Why the signature was not checked, when the sv was compared without it. */
function signatureNotChecked(check: SvCheck): string | null {
  return check.signature === 'not-checked' ? check.signatureReason : null;
}

function checkSvJson(check: SvCheck) {
  return {
    id: check.ref.id,
    result: check.result,
    token_sv: check.tokenSv,
    current_sv: check.currentSv,
    reason: check.reason,
    detail: check.detail ?? null,
    provider: check.provider,
    signature: check.signature,
    signature_not_checked: signatureNotChecked(check),
  };
}

function checkSvText(check: SvCheck): string {
  const { id } = check.ref;
  const notChecked = signatureNotChecked(check);
  const unchecked = notChecked === null ? '' : `; signature not checked: ${notChecked}`;
  const because = `${check.reason ?? ''}${check.detail ? `: ${check.detail}` : ''}`;
  switch (check.result) {
    case 'no-sv':
      return `bearer ${id}: the token carries no sv claim; nothing to check (admitted)${unchecked}\n`;
    case 'current':
      return `bearer ${id}: current (token sv ${check.tokenSv}, server session_version ${check.currentSv})${unchecked}\n`;
    case 'stale':
      return `bearer ${id}: STALE, revoked by break-glass (token sv ${check.tokenSv} < server session_version ${check.currentSv})${unchecked}\n`;
    case 'bad-signature':
      return `bearer ${id}: BAD SIGNATURE, not admitted: ${because} (the provider's keys do not vouch for this token; its sv was not compared)\n`;
    case 'unverifiable':
      return `bearer ${id}: unverifiable, not admitted: ${because}\n`;
  }
}

export function registerOAuthBearerCommands(bearers: Command, context: CliContext): void {
  const { io } = context;

  bearers
    .command('link')
    .description(
      'link a bearer to the provider that refreshes it (kept in the vault home, not in the bearer folder)',
    )
    .argument('<id>', 'bearer id')
    .requiredOption('--provider <name>', 'provider name (see: credvault providers list)')
    .addOption(rootOption())
    .action(async (id, options) => {
      const session = await context.session();
      await session.linkBearer({
        ref: { root: await context.root(options.root), id },
        provider: options.provider,
      });
      io.stderr(`linked bearer ${id} to provider ${options.provider}\n`);
    });

  bearers
    .command('refresh')
    .description(
      'refresh a bearer through its linked provider when it is near expiry (one refresh at a time, across processes);\n' +
        'prints the outcome and expiry, never a token',
    )
    .argument('<id>', 'bearer id')
    .option('--force', 'refresh even when not near expiry')
    .addOption(jsonOption())
    .addOption(rootOption())
    .addOption(windowOption())
    .action(async (id, options) => {
      const session = await context.session();
      const outcome = await session.refreshBearer({
        ref: { root: await context.root(options.root), id },
        force: Boolean(options.force),
        ...(options.window === undefined ? {} : { windowS: options.window }),
      });
      const nowUnix = nowUnixSeconds();
      if (outcome.conflict !== null) io.stderr(`credvault: warning: ${outcome.conflict}\n`);
      if (options.json) return printJson(io, refreshJson(outcome, nowUnix));
      io.stdout(refreshText(outcome, nowUnix));
    });

  bearers
    .command('check-sv')
    .description(
      "break-glass check: compare the token's sv claim with the provider's current session_version\n" +
        '(exit 0 current or no sv, 1 stale or bad signature, 3 unverifiable)',
    )
    .argument('<id>', 'bearer id')
    .option(
      '--provider <name>',
      'ask this provider instead of the linked one or the one matching the issuer',
    )
    .addOption(jsonOption())
    .addOption(rootOption())
    .action(async (id, options) => {
      const session = await context.session();
      const check = await session.checkSv({
        ref: { root: await context.root(options.root), id },
        ...(options.provider === undefined ? {} : { provider: options.provider }),
      });
      if (options.json) printJson(io, checkSvJson(check));
      else io.stdout(checkSvText(check));
      context.exitCode = CHECK_SV_EXIT[check.result];
    });
}
