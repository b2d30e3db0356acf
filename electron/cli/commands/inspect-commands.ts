/**
 * `credvault inspect (ID | -)`: what a token says and, with --verify, whether
 * its signature holds against a configured provider's keys. The claims are
 * shown; the token itself never is.
 */
import type { Command } from '@commander-js/extra-typings';
import type { ChannelResponse, ParsedRequest } from '@shared/contract';
import { VaultError } from '../../core/errors';
import type { CliContext } from '../cli-context';
import { printJson } from '../cli-io';
import { EXIT } from '../exit-codes';
import { formatRelativeSeconds } from '../format-time';
import { jsonOption, rootOption } from '../options';
import { printable } from '../printable';

type TokenInspection = ChannelResponse<'credvault:inspect.run'>;
type TimeClaim = NonNullable<TokenInspection['expiresAt']>;
type InspectSource = ParsedRequest<'credvault:inspect.run'>['source'];

function timeJson(time: TimeClaim | null) {
  return time === null ? null : { unix: time.unix, iso: time.iso, relative_s: time.relativeS };
}

function inspectionJson(inspection: TokenInspection, source: string) {
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
      key_id: signature.keyId,
      algorithm: signature.algorithm,
      reason: signature.reason,
    },
    key_provider: inspection.provider,
    problem: inspection.problem,
  };
}

function timeText(time: TimeClaim | null): string {
  return time === null ? '-' : `${time.iso} (${formatRelativeSeconds(time.relativeS)})`;
}

function signatureText(inspection: TokenInspection): string {
  const { signature } = inspection;
  if (signature.state === 'verified') {
    const key = signature.keyId === null ? '' : `, key ${printable(signature.keyId)}`;
    return `verified (${printable(signature.algorithm ?? '?')}${key}) with provider ${inspection.provider ?? '?'}`;
  }
  return `${signature.state === 'failed' ? 'FAILED' : 'not checked'}: ${signature.reason ?? ''}`;
}

function inspectionText(inspection: TokenInspection, source: string): string {
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
    `signature:  ${signatureText(inspection)}`,
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
      // A bearer's token, or one read from standard input; errors about the
      // bearer never quote the argument, where users paste tokens by mistake.
      const fromStdin = sourceArg === '-';
      const source: InspectSource = fromStdin
        ? { kind: 'text', token: (await io.readStdin()).trim() }
        : { kind: 'bearer', ref: { root: await context.root(options.root), id: sourceArg } };
      const described = fromStdin ? 'standard input' : `bearer ${sourceArg}`;
      const session = await context.session();
      const inspection = await session.inspect({
        source,
        ...(options.provider === undefined ? {} : { provider: options.provider }),
        verify: Boolean(options.verify),
      });
      if (options.json) printJson(io, inspectionJson(inspection, described));
      else io.stdout(inspectionText(inspection, described));
      if (inspection.kind === 'not-a-token') {
        throw new VaultError(
          'bad-input',
          `${described} does not hold a token: ${inspection.problem ?? 'unrecognised'}`,
        );
      }
      if (options.verify && inspection.signature.state !== 'verified')
        context.exitCode = EXIT.negative;
    });
}
