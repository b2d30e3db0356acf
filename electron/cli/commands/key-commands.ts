/** `credvault keys ...`: mint, list, validate, revoke over an API key file. */
import { resolve } from 'node:path';
import { Option, type Command } from '@commander-js/extra-typings';
import type { ChannelResponse } from '@shared/contract';
import { DEFAULT_API_KEY_PREFIX } from '@shared/domain/api-key';
import { VaultError } from '../../core/errors';
import { parseKeyTimeMs } from '../../core/keys/key-time';
import { vaultPaths } from '../../core/vault-paths';
import type { CliContext } from '../cli-context';
import { printJson, printTable } from '../cli-io';
import { formatUnixUtc } from '../format-time';
import { jsonOption } from '../options';

/** Hash digits a table shows: plenty for `keys revoke --hash`, which needs 8. */
const TABLE_HASH_DIGITS = 16;

const keysOption = () =>
  new Option('--keys <file>', 'the API key file (default: <vault home>/keys.json)');

type ApiKeyInfo = ChannelResponse<'credvault:keys.list'>['keys'][number];

/** The key file of a request: the one named with --keys, else the vault's own. */
function keyFile(options: { keys?: string }): { file?: string } {
  return options.keys === undefined ? {} : { file: options.keys };
}

/** The file a message names (a validation's answer does not say). */
function keyFilePath(context: CliContext, options: { keys?: string }): string {
  return resolve(options.keys ?? vaultPaths(resolve(context.home)).defaultKeyFile);
}

/** Names come from a file anyone may have edited: escape what could rewrite a terminal. */
function printableName(name: string): string {
  return name.replace(
    /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu,
    (char) => `\\u{${(char.codePointAt(0) ?? 0).toString(16)}}`,
  );
}

function timeCell(text: string | null, none: string): string {
  if (text === null || text === '') return none;
  const ms = parseKeyTimeMs(text);
  return ms === null ? '?' : formatUnixUtc(Math.floor(ms / 1000));
}

function infoJson(info: ApiKeyInfo) {
  return {
    name: info.name,
    hash_hex: info.hashHex,
    created_at: info.createdAt,
    last_used: info.lastUsed,
    ...(info.error === null ? {} : { error: info.error }),
  };
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

export function registerKeyCommands(program: Command, context: CliContext): void {
  const { io } = context;
  const keys = program
    .command('keys')
    .description('API keys in a key file that services read too (only SHA-256 hashes are stored)');

  keys
    .command('mint')
    .description(
      'create a key named NAME and print it; it is shown only this once, the file keeps its hash',
    )
    .argument(
      '<name>',
      'who or what the key is for (1 to 128 characters, no control characters; names may repeat)',
    )
    .addOption(keysOption())
    .addOption(jsonOption())
    .option(
      '--prefix <prefix>',
      `start of the key (1 to 32 letters, digits, "_", "-", "."; default ${DEFAULT_API_KEY_PREFIX})`,
    )
    .addHelpText('after', '\nExample:\n  credvault keys mint deploy-bot')
    .action(async (name, options) => {
      const session = await context.session();
      const minted = await session.mintKey({
        ...keyFile(options),
        name,
        ...(options.prefix === undefined ? {} : { prefix: options.prefix }),
      });
      if (minted.createdFile) io.stderr(`credvault: created key file ${minted.file}\n`);
      if (options.json) {
        printJson(io, {
          name: minted.name,
          key: minted.key,
          hash_hex: minted.hashHex,
          created_at: minted.createdAt,
        });
        return;
      }
      io.stdout(`${minted.key}\n`);
      io.stderr(
        `credvault: minted key ${JSON.stringify(printableName(minted.name))} (hash ${minted.hashHex.slice(0, TABLE_HASH_DIGITS)}) ` +
          `in ${minted.file}; it is shown only this once: store it now\n`,
      );
    });

  keys
    .command('list')
    .description(
      'list the keys: name, hash, created, last used (never a key); malformed entries with their error',
    )
    .addOption(keysOption())
    .addOption(jsonOption())
    .action(async (options) => {
      const session = await context.session();
      const { file, keys: infos } = await session.listKeys(keyFile(options));
      if (options.json) return printJson(io, infos.map(infoJson));
      if (infos.length === 0) return io.stdout(`no keys in ${file}\n`);
      printTable(
        io,
        ['NAME', 'HASH', 'CREATED (UTC)', 'LAST USED (UTC)', 'ERROR'],
        infos.map((info) => [
          info.name === '' ? '-' : printableName(info.name),
          info.hashHex === '' ? '-' : info.hashHex.slice(0, TABLE_HASH_DIGITS),
          timeCell(info.createdAt, '-'),
          info.error === null ? timeCell(info.lastUsed, 'never') : timeCell(info.lastUsed, '-'),
          info.error ?? '',
        ]),
      );
    });

  keys
    .command('validate')
    .description(
      'check the key read from standard input: prints its name and exits 0 if valid, exits 1 if not.\n' +
        'Records the use in last_used (at most once a minute per key).',
    )
    .addOption(keysOption())
    .addHelpText('after', '\nExample:\n  echo "$KEY" | credvault keys validate')
    .action(async (options) => {
      const key = (await io.readStdin()).trim();
      if (key === '') {
        throw new VaultError(
          'bad-input',
          'no key on standard input (pipe it in: echo "$KEY" | credvault keys validate)',
        );
      }
      const session = await context.session();
      const validation = await session.validateKey({ ...keyFile(options), key });
      if (!validation.valid || validation.name === null)
        throw new VaultError(
          'not-found',
          `invalid key (no match in ${keyFilePath(context, options)})`,
        );
      io.stdout(`${printableName(validation.name)}\n`);
      if (validation.warning !== null) io.stderr(`credvault: warning: ${validation.warning}\n`);
    });

  keys
    .command('revoke')
    .description('remove every key named NAME, or the one key whose hash starts with --hash PREFIX')
    .argument('[name]', 'the name of the keys to remove')
    .option(
      '--hash <prefix>',
      'remove the key whose hash_hex starts with PREFIX (at least 8 hex digits)',
    )
    .addOption(keysOption())
    .addHelpText(
      'after',
      '\nExamples:\n  credvault keys revoke ci-bot\n  credvault keys revoke --hash 6802ff7e',
    )
    .action(async (name, options, command) => {
      if ((name === undefined) === (options.hash === undefined)) {
        command.error('error: give either a NAME or --hash PREFIX (exactly one of them)');
      }
      const session = await context.session();
      const { file, revoked: removed } = await session.revokeKeys(
        options.hash === undefined
          ? { ...keyFile(options), name: name ?? '' }
          : { ...keyFile(options), hashPrefix: options.hash },
      );
      const what =
        options.hash === undefined
          ? `${plural(removed.length, 'key')} named ${JSON.stringify(printableName(name ?? ''))}`
          : `key ${JSON.stringify(printableName(removed[0]?.name ?? ''))} (hash ${removed[0]?.hashHex.slice(0, TABLE_HASH_DIGITS) ?? ''})`;
      io.stderr(`revoked ${what} from ${file}\n`);
    });
}
