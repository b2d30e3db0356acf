/** `credvault bearers list|show|put|rm`: each one call on the vault session. */
import type { Command } from '@commander-js/extra-typings';
import type { ChannelResponse } from '@shared/contract';
import type { BearerSummaryWire } from '@shared/schemas/bearers';
import { checkBearerId } from '../../core/bearers/bearer-id';
import { parseBearerRecordJson } from '../../core/bearers/bearer-input';
import {
  expiryCells,
  listRowJson,
  noteCell,
  nowUnixSeconds,
  printBearerWarning,
  summaryJson,
} from '../bearer-format';
import type { CliContext } from '../cli-context';
import { printJson, printTable } from '../cli-io';
import { exitCodeForKind } from '../exit-codes';
import { jsonOption, rootOption, windowOption } from '../options';
import { printable } from '../printable';

type Listing = ChannelResponse<'credvault:bearers.list'>;

/** The roots a listing covers: a ROOT column is worth its width only when there are several. */
function rootsIn(listing: Listing): Set<string> {
  return new Set([
    ...listing.bearers.map((bearer) => bearer.root),
    ...listing.rootErrors.map((failure) => failure.root),
  ]);
}

function printListTable(context: CliContext, listing: Listing, nowUnix: number): void {
  const withRoot = rootsIn(listing).size > 1;
  const row = (summary: BearerSummaryWire) => [
    ...(withRoot ? [printable(summary.root)] : []),
    printable(summary.id),
    summary.status,
    ...expiryCells(summary, nowUnix),
    noteCell(summary),
  ];
  printTable(
    context.io,
    [...(withRoot ? ['ROOT'] : []), 'ID', 'STATUS', 'EXPIRES (UTC)', 'IN', 'NOTE'],
    listing.bearers.map(row),
  );
}

/**
 * Roots that could not be listed, named on stderr after the others; the
 * exit code says the list is not complete (1 for a root that is not there,
 * 3 for one that cannot be read).
 */
function reportRootErrors(context: CliContext, listing: Listing): void {
  for (const failure of listing.rootErrors) {
    context.io.stderr(`credvault: ${failure.error}\n`);
    context.exitCode = Math.max(context.exitCode, exitCodeForKind(failure.kind ?? 'environment'));
  }
}

export function registerBearerCommands(program: Command, context: CliContext): Command {
  const { io } = context;
  const bearers = program
    .command('bearers')
    .description('OAuth bearers in the configured roots (one folder per bearer)');

  bearers
    .command('list')
    .description(
      'list every bearer with its expiry status (ok, near_expiry, expired, invalid, busy):\n' +
        'in every configured root, or only in --root DIR',
    )
    .addOption(rootOption('list only this root (configured or not)'))
    .addOption(jsonOption())
    .addOption(windowOption())
    .action(async (options) => {
      const session = await context.session();
      const listing = await session.listBearers({
        ...(options.root === undefined ? {} : { roots: [await context.root(options.root)] }),
        ...(options.window === undefined ? {} : { windowS: options.window }),
      });
      reportRootErrors(context, listing);
      // The one root asked for could not be listed: there is nothing to show.
      if (options.root !== undefined && listing.rootErrors.length > 0) return;
      const nowUnix = nowUnixSeconds();
      if (options.json)
        return printJson(
          io,
          // How each record is kept at rest (plain, encrypted, locked): the keychain layer's view.
          listing.bearers.map((s) => ({ ...listRowJson(s, nowUnix), storage: s.storage })),
        );
      if (listing.bearers.length > 0) return printListTable(context, listing, nowUnix);
      io.stdout(
        options.root === undefined
          ? 'no bearers in any configured root\n'
          : `no bearers in ${await context.root(options.root)}\n`,
      );
    });

  bearers
    .command('show')
    .description('show one bearer; its tokens only with --reveal')
    .argument('<id>', 'bearer id')
    .addOption(rootOption())
    .addOption(jsonOption())
    .addOption(windowOption())
    .option('--reveal', 'also print the access and refresh tokens')
    .action(async (id, options) => {
      const session = await context.session();
      const request = {
        ref: { root: await context.root(options.root), id },
        ...(options.window === undefined ? {} : { windowS: options.window }),
      };
      const nowUnix = nowUnixSeconds();
      if (options.reveal) {
        const bearer = await session.revealBearer(request);
        printBearerWarning(io, bearer);
        if (options.json) {
          return printJson(io, {
            ...summaryJson(bearer, nowUnix),
            access_token: bearer.accessToken,
            refresh_token: bearer.refreshToken,
          });
        }
        const [at, rel] = expiryCells(bearer, nowUnix);
        io.stdout(
          `id:            ${bearer.id}\nstatus:        ${bearer.status}\nexpires:       ${at} (${rel})\n` +
            `access_token:  ${JSON.stringify(bearer.accessToken)}\nrefresh_token: ${JSON.stringify(bearer.refreshToken)}\n`,
        );
        return;
      }
      const summary = await session.showBearer(request);
      printBearerWarning(io, summary);
      if (options.json) return printJson(io, summaryJson(summary, nowUnix));
      const [at, rel] = expiryCells(summary, nowUnix);
      io.stdout(`id:      ${summary.id}\nstatus:  ${summary.status}\nexpires: ${at} (${rel})\n`);
      if (summary.error) io.stdout(`error:   ${summary.error}\n`);
    });

  bearers
    .command('put')
    .description(
      'create or replace a bearer from standard input:\n' +
        '{"access_token":"…","refresh_token":"…","expires_at_unix":N}',
    )
    .argument('<id>', 'bearer id (letters, digits, ".", "_", "-"; 1 to 128; not starting with ".")')
    .addOption(rootOption())
    .option('--force', 'overwrite a bearer whose files are invalid or busy')
    .action(async (id, options) => {
      checkBearerId(id); // a bad id is refused before any secret is read
      const record = parseBearerRecordJson(await io.readStdin(), 'standard input');
      const session = await context.session();
      const { bearer, conflict } = await session.putBearer({
        ref: { root: await context.root(options.root), id },
        record,
        force: Boolean(options.force),
      });
      io.stderr(`stored bearer ${bearer.id} (${bearer.status})\n`);
      if (conflict !== null) io.stderr(`credvault: warning: ${conflict}\n`);
    });

  bearers
    .command('rm')
    .description(
      'delete a bearer (its three files, Credvault lock and temp files, and its folder) and its provider link',
    )
    .argument('<id>', 'bearer id')
    .addOption(rootOption())
    .action(async (id, options) => {
      const session = await context.session();
      await session.removeBearer({ ref: { root: await context.root(options.root), id } });
      io.stderr(`removed bearer ${id}\n`);
    });

  return bearers;
}
