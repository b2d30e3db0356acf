/**
 * `credvault keychain status|enable|disable`: the optional encryption layer
 * (secrets at rest encrypted with a master key the OS keychain guards). One
 * session call per command; the posture is printed as the session gives it.
 * This process asks the keychain once: after unlocking it, run the command
 * again.
 */
import type { Command } from '@commander-js/extra-typings';
import type { ChannelResponse } from '@shared/contract';
import type { VaultSession } from '../../core/session/session-api';
import type { CliContext } from '../cli-context';
import { printJson, printTable, type CliIo } from '../cli-io';
import { jsonOption, rootOption } from '../options';

type Posture = ChannelResponse<'credvault:keychain.status'>;

function postureJson(posture: Posture) {
  return {
    backend: posture.backend,
    master_key: posture.masterKey,
    reason: posture.reason,
    roots: posture.roots.map((root) => ({
      path: root.path,
      encrypted: root.encrypted,
      shared: root.shared,
      records: root.records,
      loose_permissions: root.loosePermissions,
    })),
    provider_secrets: posture.providerSecrets,
  };
}

function printPosture(io: CliIo, posture: Posture): void {
  io.stdout(`keychain: ${posture.backend ?? 'none available'}\n`);
  io.stdout(
    `master key: ${posture.masterKey}${posture.reason === null ? '' : ` (${posture.reason})`}\n`,
  );
  printTable(
    io,
    ['ROOT', 'MODE', 'PLAIN', 'ENCRYPTED', 'LOCKED', 'LOOSE PERMS', 'SHARED'],
    posture.roots.map((root) => [
      root.path,
      root.encrypted ? 'encrypted' : 'plain',
      String(root.records.plain),
      String(root.records.encrypted),
      String(root.records.locked),
      String(root.loosePermissions),
      root.shared ? 'yes' : 'no',
    ]),
  );
  const secrets = posture.providerSecrets;
  io.stdout(`provider client secrets: ${secrets.plain} plain, ${secrets.encrypted} encrypted\n`);
}

/** "N of M" on stderr, rewritten in place, only for a person watching a terminal. */
function showProgress(io: CliIo, session: VaultSession, task: string): () => void {
  if (!io.stderrIsTty) return () => {};
  let shown = false;
  const stop = session.subscribe('credvault:progress', (event) => {
    if (event.task !== task) return;
    shown = true;
    io.stderr(`\r${event.done} of ${event.total} bearers`);
  });
  return () => {
    stop();
    if (shown) io.stderr('\n');
  };
}

export function registerKeychainCommands(program: Command, context: CliContext): void {
  const { io } = context;
  const group = program
    .command('keychain')
    .description(
      'encrypt secrets at rest with a key the OS keychain guards, per bearer root (see README)',
    );

  group
    .command('status')
    .description(
      'the storage posture: the keychain in use, the master key, and per root plain, encrypted or locked records and loose permissions',
    )
    .addOption(jsonOption())
    .action(async (options) => {
      const posture = await (await context.session()).keychainStatus({});
      if (options.json) return printJson(io, postureJson(posture));
      printPosture(io, posture);
    });

  group
    .command('enable')
    .description(
      "encrypt a root's token files (created on first use: the master key, in the OS keychain)",
    )
    .addOption(rootOption('bearer root to encrypt (default: <vault home>/bearers)'))
    .option('--force', 'encrypt a root marked shared (its other programs will no longer read it)')
    .action(async (options) => {
      const root = await context.root(options.root);
      const session = await context.session();
      const done = showProgress(io, session, 'keychain-enable');
      let posture: Posture;
      try {
        posture = await session.enableKeychain({ root, force: options.force === true });
      } finally {
        done();
      }
      const shown = posture.roots.find((candidate) => candidate.path === root);
      if (shown?.shared) {
        io.stderr(
          `credvault: warning: ${root} is shared: programs that read its plain files (the seeds' broker) can no longer read its tokens\n`,
        );
      }
      io.stdout(`encrypted ${root}\n`);
      printPosture(io, posture);
    });

  group
    .command('disable')
    .description("turn a root's encryption off: its token files are written back in plain text")
    .addOption(rootOption('bearer root to decrypt (default: <vault home>/bearers)'))
    .action(async (options) => {
      const root = await context.root(options.root);
      const session = await context.session();
      const done = showProgress(io, session, 'keychain-disable');
      let posture: Posture;
      try {
        posture = await session.disableKeychain({ root });
      } finally {
        done();
      }
      io.stdout(`decrypted ${root}\n`);
      printPosture(io, posture);
    });
}
