/**
 * `credvault inspect (ID | -)`: what a token says and, with --verify, whether
 * its signature holds against a configured provider's keys. The claims are
 * shown; the token itself never is.
 */
import type { Command } from '@commander-js/extra-typings';
import { VaultError } from '../../core/errors';
import { bearerTokenToInspect } from '../../core/inspect/inspect-source';
import type { TimeClaim, TokenInspection } from '../../core/inspect/inspect-token';
import { inspectWithProviders } from '../../core/oauth/token-checks';
import type { CliContext } from '../cli-context';
import { printJson } from '../cli-io';
import { EXIT } from '../exit-codes';
import { formatRelativeSeconds } from '../format-time';
import { jsonOption, rootOption } from '../options';
import { openBearerStore } from './bearer-commands';
import { openOAuthServices } from './oauth-cli-context';
import { printable } from '../printable';

function timeJson(time: TimeClaim | null) {
  return time === null ? null : { unix: time.unix, iso: time.iso, relative_s: time.relativeS };
}

function inspectionJson(inspection: TokenInspection, source: string, provider: string | null) {
  const { signature } = inspection;
  return {
    source,
    kind: inspection.kind,
    header: inspection.header,
    claims: inspection.claims,
    footer: inspection.footer,
    issued_at: timeJson(inspection.issuedAt),
    not_before: timeJson(inspection.notBefore),
    expires_at: timeJson(inspection.expiresAt),
    scopes: inspection.scopes,
    audience: inspection.audience,
    issuer: inspection.issuer,
    subject: inspection.subject,
    signature: {
      state: signature.state,
      key_id: signature.state === 'verified' ? signature.keyId : null,
      algorithm: signature.state === 'verified' ? signature.algorithm : null,
      reason: signature.state === 'verified' ? null : signature.reason,
    },
    key_provider: provider,
    problem: inspection.problem,
  };
}

function timeText(time: TimeClaim | null): string {
  return time === null ? '-' : `${time.iso} (${formatRelativeSeconds(time.relativeS)})`;
}

function signatureText(inspection: TokenInspection, provider: string | null): string {
  const { signature } = inspection;
  if (signature.state === 'verified') {
    const key = signature.keyId === null ? '' : `, key ${printable(signature.keyId)}`;
    return `verified (${printable(signature.algorithm)}${key}) with provider ${provider ?? '?'}`;
  }
  return `${signature.state === 'failed' ? 'FAILED' : 'not checked'}: ${signature.reason}`;
}

function inspectionText(
  inspection: TokenInspection,
  source: string,
  provider: string | null,
): string {
  const list = (values: string[]) => (values.length === 0 ? '-' : values.map(printable).join(' '));
  const lines = [
    `source:     ${source}`,
    `kind:       ${inspection.kind}`,
    `issuer:     ${inspection.issuer === null ? '-' : printable(inspection.issuer)}`,
    `subject:    ${inspection.subject === null ? '-' : printable(inspection.subject)}`,
    `audience:   ${list(inspection.audience)}`,
    `scopes:     ${list(inspection.scopes)}`,
    `issued:     ${timeText(inspection.issuedAt)}`,
    `not before: ${timeText(inspection.notBefore)}`,
    `expires:    ${timeText(inspection.expiresAt)}`,
    `signature:  ${signatureText(inspection, provider)}`,
  ];
  if (inspection.problem !== null) lines.push(`problem:    ${inspection.problem}`);
  // JSON.stringify escapes control characters: claims cannot forge terminal output.
  if (inspection.header !== null) lines.push(`header:     ${JSON.stringify(inspection.header)}`);
  if (inspection.claims !== null)
    lines.push(
      `claims:     ${JSON.stringify(inspection.claims, null, 2).replace(/\n/g, '\n            ')}`,
    );
  if (inspection.footer !== null) lines.push(`footer:     ${JSON.stringify(inspection.footer)}`);
  return `${lines.join('\n')}\n`;
}

export function registerInspectCommands(program: Command, context: CliContext): void {
  const { io } = context;

  program
    .command('inspect')
    .description(
      "decode a bearer's access token, or a token on standard input (-), and show its claims (never the token); " +
        "--verify checks the signature with a configured provider's keys: --provider, else the bearer's linked " +
        "provider, else the provider whose --issuer equals the token's iss (exit 1 unless verified)",
    )
    .argument('<source>', 'bearer id, or - to read the token from standard input')
    .option('--provider <name>', "use this provider's keys")
    .option('--verify', "check the signature (fetches the provider's JWKS)")
    .addOption(jsonOption())
    .addOption(rootOption())
    .action(async (sourceArg, options) => {
      const services = openOAuthServices(context);
      let token: string;
      let linked: string | null = null;
      let source: string;
      if (sourceArg === '-') {
        token = (await io.readStdin()).trim();
        source = 'standard input';
      } else {
        const store = openBearerStore(context, options);
        token = await bearerTokenToInspect(store, sourceArg);
        linked = services.links.get(store.root, sourceArg);
        source = `bearer ${sourceArg}`;
      }
      const { inspection, provider } = await inspectWithProviders(
        token,
        {
          providers: services.providers,
          http: services.http,
          clock: services.clock,
          named: options.provider,
          linked,
        },
        Boolean(options.verify),
      );
      const providerName = provider?.name ?? null;
      if (options.json) printJson(io, inspectionJson(inspection, source, providerName));
      else io.stdout(inspectionText(inspection, source, providerName));
      if (inspection.kind === 'not-a-token') {
        throw new VaultError(
          'bad-input',
          `${source} does not hold a token: ${inspection.problem ?? 'unrecognised'}`,
        );
      }
      if (options.verify && inspection.signature.state !== 'verified')
        context.exitCode = EXIT.negative;
    });
}
