/**
 * `credvault bearers link|refresh|check-sv`: the OAuth side of bearers.
 * None of these prints a token.
 */
import type { Command } from '@commander-js/extra-typings';
import { bearerStatus } from '../../core/bearers/bearer-status';
import type { RefreshOutcome } from '../../core/oauth/bearer-refresher';
import { checkSessionVersion, type SessionVersionReport } from '../../core/oauth/token-checks';
import { nowUnixSeconds } from '../../core/ports/clock';
import type { CliContext } from '../cli-context';
import { printJson } from '../cli-io';
import { EXIT } from '../exit-codes';
import { jsonOption, rootOption, windowOption } from '../options';
import { openBearerStore } from './bearer-commands';
import { describeExpiry, openOAuthServices } from './oauth-cli-context';

function refreshJson(outcome: RefreshOutcome, nowUnix: number) {
  return {
    id: outcome.id,
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
  const expiry = describeExpiry(outcome.expiresAtUnix, nowUnix);
  if (!outcome.requested) {
    return `bearer ${outcome.id} is not near expiry (expires ${expiry}; window ${outcome.windowS} s): no request made (--force refreshes anyway)\n`;
  }
  const rotation =
    outcome.grant === 'refresh_token'
      ? outcome.rotated
        ? ', new refresh token stored'
        : ', refresh token kept'
      : '';
  return `refreshed bearer ${outcome.id} with provider ${outcome.provider} (${outcome.grant} grant${rotation}); expires ${expiry}\n`;
}

/** Exit codes of check-sv: admitted 0, revoked or forged 1, no clear answer 3 (fail closed). */
const CHECK_SV_EXIT = {
  'no-sv': EXIT.ok,
  current: EXIT.ok,
  stale: EXIT.negative,
  'bad-signature': EXIT.negative,
  unverifiable: EXIT.environment,
} as const;

function checkSvJson(id: string, report: SessionVersionReport) {
  const { result } = report;
  return {
    id,
    result: result.result,
    token_sv: 'tokenSv' in result ? result.tokenSv : null,
    current_sv: 'currentSv' in result ? result.currentSv : null,
    reason: 'reason' in result ? result.reason : null,
    detail: report.detail,
    provider: report.provider?.name ?? null,
    signature: report.inspection.signature.state,
    signature_not_checked: report.signatureNotChecked,
  };
}

function checkSvText(id: string, report: SessionVersionReport): string {
  const { result } = report;
  const unchecked = report.signatureNotChecked
    ? `; signature not checked: ${report.signatureNotChecked}`
    : '';
  switch (result.result) {
    case 'no-sv':
      return `bearer ${id}: the token carries no sv claim; nothing to check (admitted)${unchecked}\n`;
    case 'current':
      return `bearer ${id}: current (token sv ${result.tokenSv}, server session_version ${result.currentSv})${unchecked}\n`;
    case 'stale':
      return `bearer ${id}: STALE, revoked by break-glass (token sv ${result.tokenSv} < server session_version ${result.currentSv})${unchecked}\n`;
    case 'bad-signature':
      return `bearer ${id}: BAD SIGNATURE, not admitted: ${result.reason} (the provider's keys do not vouch for this token; its sv was not compared)\n`;
    case 'unverifiable':
      return `bearer ${id}: unverifiable, not admitted: ${result.reason}${report.detail ? `: ${report.detail}` : ''}\n`;
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
      const store = openBearerStore(context, options);
      const services = openOAuthServices(context);
      await store.read(id); // a link to nothing would wait to surprise a future bearer of that id
      await services.linkBearer(store.root, id, options.provider);
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
      const store = openBearerStore(context, options);
      const services = openOAuthServices(context);
      const outcome = await services
        .refresher(store)
        .refresh(id, { force: Boolean(options.force) });
      const nowUnix = nowUnixSeconds(services.clock);
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
      const store = openBearerStore(context, options);
      const services = openOAuthServices(context);
      const record = await store.readValidRecord(id);
      const report = await checkSessionVersion(record.accessToken, {
        providers: services.providers,
        http: services.http,
        clock: services.clock,
        named: options.provider,
        linked: services.links.get(store.root, id),
      });
      if (options.json) printJson(io, checkSvJson(id, report));
      else io.stdout(checkSvText(id, report));
      context.exitCode = CHECK_SV_EXIT[report.result.result];
    });
}
