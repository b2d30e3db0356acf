/**
 * `credvault providers add|list|rm|token`: named OAuth providers. The client
 * secret is read only from standard input, stored apart from the config and
 * never printed; `providers token` prints an access token by design.
 */
import { InvalidArgumentError, Option, type Command } from '@commander-js/extra-typings';
import type { ChannelResponse } from '@shared/contract';
import { VaultError } from '../../core/errors';
import {
  checkProviderConfig,
  listedProviderConfig,
  type ClientAuthMethod,
  type ProviderConfig,
} from '../../core/providers/provider-config';
import { describeExpiry, nowUnixSeconds } from '../bearer-format';
import type { CliContext } from '../cli-context';
import { printJson, printTable } from '../cli-io';
import { jsonOption, rootOption } from '../options';

type ProviderInfo = ChannelResponse<'credvault:providers.list'>['providers'][number];

const AUTH_CHOICES: Record<string, ClientAuthMethod> = {
  post: 'client_secret_post',
  basic: 'client_secret_basic',
  none: 'none',
};

function collectParam(value: string, previous: Record<string, string>): Record<string, string> {
  const at = value.indexOf('=');
  if (at <= 0) throw new InvalidArgumentError('expected KEY=VALUE');
  const key = value.slice(0, at);
  if (Object.hasOwn(previous, key))
    throw new InvalidArgumentError(`parameter ${key} is given twice`);
  return { ...previous, [key]: value.slice(at + 1) };
}

function providerJson(entry: ProviderInfo) {
  const config = listedProviderConfig(entry);
  return {
    name: config.name,
    token_url: config.tokenUrl,
    client_id: config.clientId,
    client_auth: config.clientAuth,
    client_secret_stored: entry.hasClientSecret,
    scope: config.scope,
    extra_params: config.extraParams,
    issuer: config.issuer,
    jwks_url: config.jwksUrl,
    paseto_public_key: config.pasetoPublicKeyHex,
    userinfo_url: config.userinfoUrl,
  };
}

/** Reads the client secret from stdin: one line, surrounding white space (the newline echo adds) dropped. */
async function readClientSecret(context: CliContext): Promise<string> {
  const secret = (await context.io.readStdin()).trim();
  if (secret === '')
    throw new VaultError('bad-input', 'standard input is empty (expected the client secret)');
  return secret;
}

export function registerProviderCommands(program: Command, context: CliContext): void {
  const { io } = context;
  const group = program
    .command('providers')
    .description(
      'OAuth providers: token endpoint, client, keys and userinfo (client secrets are kept apart and never shown)',
    );

  group
    .command('add')
    .description(
      'add a provider; its client secret is read from standard input (--client-secret-stdin)',
    )
    .argument('<name>', 'provider name (letters, digits, ".", "_", "-"; 1 to 128)')
    .requiredOption('--token-url <url>', 'token endpoint (https, or http to this machine only)')
    .requiredOption('--client-id <id>', 'client id')
    .addOption(
      new Option('--auth <method>', 'client authentication')
        .choices(['post', 'basic', 'none'] as const)
        .default('post' as const),
    )
    .option('--scope <scope>', 'scope to ask for with client_credentials')
    .option(
      '--param <key=value>',
      'extra form parameter for every token request (repeatable)',
      collectParam,
      {} as Record<string, string>,
    )
    .option(
      '--issuer <url>',
      "issuer: tokens whose iss is exactly this are checked with this provider's keys",
    )
    .option('--jwks-url <url>', 'JWKS URL for verifying JWTs')
    .option('--paseto-key <hex>', 'PASETO v4.public Ed25519 public key, 64 hex digits')
    .option('--userinfo-url <url>', 'userinfo URL answering session_version (break-glass check)')
    .option('--client-secret-stdin', 'read the client secret from standard input')
    .option(
      '--replace',
      'replace an existing provider of that name (keeps its secret unless a new one is given)',
    )
    .action(async (name, options) => {
      const auth = AUTH_CHOICES[options.auth] ?? 'client_secret_post';
      // Every field is checked before the secret is read.
      const config: ProviderConfig = checkProviderConfig({
        name,
        tokenUrl: options.tokenUrl,
        clientId: options.clientId,
        clientAuth: auth,
        scope: options.scope ?? null,
        extraParams: options.param,
        issuer: options.issuer ?? null,
        jwksUrl: options.jwksUrl ?? null,
        pasetoPublicKeyHex: options.pasetoKey ?? null,
        userinfoUrl: options.userinfoUrl ?? null,
      });
      if (auth === 'none' && options.clientSecretStdin) {
        throw new VaultError(
          'bad-input',
          '--auth none sends no client secret; drop --client-secret-stdin',
        );
      }
      const secret = options.clientSecretStdin ? await readClientSecret(context) : undefined;
      const session = await context.session();
      // --replace changes every field of the provider, and keeps its secret unless one is given.
      const changes: Partial<ProviderConfig> = { ...config };
      delete changes.name;
      const entry = options.replace
        ? await session.editProvider({ name: config.name, changes, clientSecret: secret })
        : await session.addProvider({ provider: config, clientSecret: secret });
      io.stderr(
        `${options.replace ? 'saved' : 'added'} provider ${entry.name}${entry.hasClientSecret ? ' (client secret stored)' : ''}\n`,
      );
    });

  group
    .command('list')
    .description('list providers (never their secrets; says whether one is stored)')
    .addOption(jsonOption())
    .action(async (options) => {
      const session = await context.session();
      const { providers: entries } = await session.listProviders({});
      if (options.json) return printJson(io, entries.map(providerJson));
      if (entries.length === 0)
        return io.stdout(`no providers configured (vault home ${context.home})\n`);
      printTable(
        io,
        ['NAME', 'AUTH', 'SECRET', 'CLIENT ID', 'TOKEN URL', 'ISSUER'],
        entries.map((entry) => {
          const config = listedProviderConfig(entry);
          const { hasClientSecret } = entry;
          return [
            config.name,
            config.clientAuth,
            config.clientAuth === 'none' ? '-' : hasClientSecret ? 'stored' : 'MISSING',
            JSON.stringify(config.clientId).slice(1, -1),
            config.tokenUrl,
            config.issuer ?? '-',
          ];
        }),
      );
    });

  group
    .command('rm')
    .description(
      'remove a provider and its stored client secret; refused while bearers are linked to it',
    )
    .argument('<name>', 'provider name')
    .option('--force', 'remove it even while bearers are linked to it, and unlink them')
    .action(async (name, options) => {
      const session = await context.session();
      const removal = await session.removeProvider({ name, force: Boolean(options.force) });
      io.stderr(`removed provider ${name}\n`);
      for (const bearer of removal.unlinked) {
        io.stderr(
          `unlinked bearer ${bearer.id} in ${bearer.root} (no provider refreshes it now)\n`,
        );
      }
    });

  group
    .command('token')
    .description(
      'get an access token with client_credentials and print it (this command reveals the token);\n' +
        'with --store-as ID, store it as a bearer linked to the provider instead of printing it',
    )
    .argument('<name>', 'provider name')
    .addOption(jsonOption())
    .option(
      '--store-as <id>',
      'store the token as this bearer (refresh token empty) and link it to the provider',
    )
    .addOption(rootOption())
    .action(async (name, options) => {
      const session = await context.session();
      const token = await session.clientCredentialsToken({
        name,
        ...(options.storeAs === undefined
          ? {}
          : { storeAs: { root: await context.root(options.root), id: options.storeAs } }),
      });
      if (token.storedAs !== null) {
        io.stderr(
          `stored bearer ${token.storedAs.id} in ${token.storedAs.root}, linked to provider ${token.provider}; expires ${describeExpiry(token.expiresAtUnix, nowUnixSeconds())}\n`,
        );
      }
      if (options.json) {
        return printJson(io, {
          provider: token.provider,
          access_token: token.accessToken,
          token_type: 'Bearer',
          expires_in: token.expiresInS,
          expires_at_unix: token.expiresAtUnix,
          scope: token.scope,
          stored_as: token.storedAs?.id ?? null,
        });
      }
      if (token.accessToken !== null) io.stdout(`${token.accessToken}\n`);
    });
}
