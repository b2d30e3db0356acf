/** `credvault bearers ...`: list, show, put, rm over the bearer store. */
import type { Command } from '@commander-js/extra-typings';
import type { BearerSummary, RevealedBearer } from '@shared/domain/bearer';
import type { BearerStore } from '../../core/bearers/bearer-store';
import { parseBearerRecordJson } from '../../core/bearers/bearer-input';
import { VaultError } from '../../core/errors';
import { quoteForMessage } from '../../core/text/quote-for-message';
import type { CliContext } from '../cli-context';
import { printJson, printTable } from '../cli-io';
import { formatRelativeSeconds, formatUnixUtc } from '../format-time';
import { jsonOption, rootOption, windowOption } from '../options';
import { printable } from '../printable';

function summaryJson(summary: BearerSummary) {
  return {
    id: summary.id,
    status: summary.status,
    expires_at_unix: summary.expiresAtUnix,
    expires_in_s: summary.expiresInS,
    window_s: summary.windowS,
    error: summary.error,
    warning: summary.warning,
  };
}

function revealedJson(bearer: RevealedBearer) {
  return {
    ...summaryJson(bearer),
    access_token: bearer.accessToken,
    refresh_token: bearer.refreshToken,
  };
}

function expiryCells(summary: BearerSummary): [string, string] {
  if (summary.expiresAtUnix === null || summary.expiresInS === null) return ['-', '-'];
  return [formatUnixUtc(summary.expiresAtUnix), formatRelativeSeconds(summary.expiresInS)];
}

/** The table's last column: why it cannot be read, or what to look at in one that can. */
function noteCell(summary: BearerSummary): string {
  if (summary.error !== null) return summary.error;
  return summary.warning === null ? '' : `warning: ${summary.warning}`;
}

/** A served record's warning, on stderr: stdout may be feeding a script. */
function printWarning(context: CliContext, summary: BearerSummary): void {
  if (summary.warning !== null)
    context.io.stderr(
      `credvault: warning: bearer ${quoteForMessage(summary.id)}: ${summary.warning}\n`,
    );
}

export function openBearerStore(
  context: CliContext,
  options: { root?: string; window?: number },
): BearerStore {
  return context.vault.bearerStore({
    ...(options.root === undefined ? {} : { root: options.root }),
    ...(options.window === undefined ? {} : { nearExpiryWindowS: options.window }),
  });
}

export function registerBearerCommands(program: Command, context: CliContext): Command {
  const { io } = context;
  const bearers = program
    .command('bearers')
    .description('OAuth bearers in a broker root (one folder per bearer)');

  bearers
    .command('list')
    .description(
      'list every bearer with its expiry status (ok, near_expiry, expired, invalid, busy)',
    )
    .addOption(rootOption())
    .addOption(jsonOption())
    .addOption(windowOption())
    .action(async (options) => {
      const store = openBearerStore(context, options);
      let summaries: BearerSummary[];
      try {
        summaries = await store.list();
      } catch (error) {
        // The default root not existing yet just means no bearers yet.
        if (error instanceof VaultError && error.kind === 'not-found' && options.root === undefined)
          summaries = [];
        else throw error;
      }
      if (options.json) return printJson(io, summaries.map(summaryJson));
      if (summaries.length === 0) return io.stdout(`no bearers in ${store.root}\n`);
      printTable(
        io,
        ['ID', 'STATUS', 'EXPIRES (UTC)', 'IN', 'NOTE'],
        summaries.map((s) => [printable(s.id), s.status, ...expiryCells(s), noteCell(s)]),
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
      const store = openBearerStore(context, options);
      if (options.reveal) {
        const bearer = await store.reveal(id);
        printWarning(context, bearer);
        if (options.json) return printJson(io, revealedJson(bearer));
        const [at, rel] = expiryCells(bearer);
        io.stdout(
          `id:            ${bearer.id}\nstatus:        ${bearer.status}\nexpires:       ${at} (${rel})\n` +
            `access_token:  ${JSON.stringify(bearer.accessToken)}\nrefresh_token: ${JSON.stringify(bearer.refreshToken)}\n`,
        );
        return;
      }
      const summary = await store.show(id);
      printWarning(context, summary);
      if (options.json) return printJson(io, summaryJson(summary));
      const [at, rel] = expiryCells(summary);
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
      const store = openBearerStore(context, options);
      store.bearerDir(id); // refuse a bad id before reading any secret
      const input = parseBearerRecordJson(await io.readStdin(), 'standard input');
      const { bearer, conflict } = await store.put(id, input, { force: Boolean(options.force) });
      io.stderr(`stored bearer ${bearer.id} (${bearer.status})\n`);
      if (conflict !== null) io.stderr(`credvault: warning: ${conflict}\n`);
    });

  bearers
    .command('rm')
    .description('delete a bearer: its three files, Credvault lock and temp files, and its folder')
    .argument('<id>', 'bearer id')
    .addOption(rootOption())
    .action(async (id, options) => {
      await context.vault.removeBearer(openBearerStore(context, options), id);
      io.stderr(`removed bearer ${id}\n`);
    });

  return bearers;
}
