/**
 * The keychain layer as session calls: the storage posture, turning a root's
 * encryption on or off (a migration, N of M as progress events), and Retry
 * after the user unlocked the keyring. A change of the master key's state is
 * announced as `credvault:keychain.changed`.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ChannelResponse } from '@shared/contract';
import type { RootSettings } from '@shared/schemas/settings';
import { VaultError } from '../errors';
import { ensurePrivateDirSync } from '../fs/atomic-write';
import type { KeychainLayer } from '../keychain/keychain-layer';
import type { MasterKeyStatus } from '../keychain/master-key';
import { isRootEncrypted } from '../keychain/root-id';
import { disableRootEncryption, enableRootEncryption } from '../keychain/root-migration';
import { countLoosePermissions, countProviderSecrets } from '../keychain/storage-posture';
import { bearerStoreRewriter } from '../keychain/store-rewriter';
import { SECRETS_DIR } from '../providers/provider-store';
import type { KeychainCalls } from './session-api';
import type { SessionContext } from './session-context';

type Posture = ChannelResponse<'credvault:keychain.status'>;
type RootPosture = Posture['roots'][number];

function reasonOf(status: MasterKeyStatus): string | null {
  return 'reason' in status ? status.reason : null;
}

export function createKeychainCalls(context: SessionContext, layer: KeychainLayer): KeychainCalls {
  const { sources, settings, events } = context;
  let announced: string | null = null;

  /** Tells subscribers when the key's state (or why it is missing) changed. */
  const announce = (status: MasterKeyStatus) => {
    const seen = `${status.state}\0${reasonOf(status) ?? ''}`;
    if (announced !== null && announced !== seen)
      events.emit('credvault:keychain.changed', {
        masterKey: status.state,
        reason: reasonOf(status),
      });
    announced = seen;
  };

  const rootPosture = async (root: RootSettings | { path: string; shared: false }) => {
    const records = { plain: 0, encrypted: 0, locked: 0 };
    if (existsSync(root.path)) {
      const store = await sources.storeFor(root.path);
      for (const bearer of await store.list()) records[bearer.storage]++;
    }
    let encrypted: boolean;
    try {
      encrypted = isRootEncrypted(root.path);
    } catch {
      encrypted = true; // a damaged root file: its records are what tell
    }
    return {
      path: root.path,
      encrypted,
      shared: root.shared,
      records,
      loosePermissions: countLoosePermissions(root.path),
    } satisfies RootPosture;
  };

  const posture = async (extraRoot?: string): Promise<Posture> => {
    const status = await layer.status();
    announce(status);
    const configured = await sources.roots();
    const roots = [...configured];
    if (extraRoot !== undefined && !configured.some((root) => root.path === extraRoot))
      roots.push({ path: extraRoot, shared: false } as RootSettings);
    return {
      backend: status.state === 'unavailable' ? null : layer.backend,
      masterKey: status.state,
      reason: reasonOf(status),
      roots: await Promise.all(roots.map(rootPosture)),
      providerSecrets: countProviderSecrets(join(context.home, SECRETS_DIR)),
    };
  };

  /** The root to migrate: it must exist (the vault's own is made on demand). */
  const rootToMigrate = (asked: string): string => {
    const root = resolve(asked);
    if (root === sources.defaultRoot) ensurePrivateDirSync(root);
    else if (!existsSync(root)) throw new VaultError('not-found', `no bearer root at ${root}`);
    return root;
  };

  /** Keeps the settings' copy of the flag in step for a configured root (the GUI shows it). */
  const recordInSettings = async (root: string, encrypted: boolean) => {
    const current = await settings.read();
    if (
      !current.roots.some(
        (candidate) => candidate.path === root && candidate.encrypted !== encrypted,
      )
    )
      return;
    const next = await settings.update((now) => ({
      ...now,
      roots: now.roots.map((candidate) =>
        candidate.path === root ? { ...candidate, encrypted } : candidate,
      ),
    }));
    events.emit('credvault:settings.changed', next);
  };

  const migrate = async (asked: string, turnOn: boolean) => {
    const root = rootToMigrate(asked);
    const task = turnOn ? 'keychain-enable' : 'keychain-disable';
    const migration = turnOn ? enableRootEncryption : disableRootEncryption;
    try {
      // Provider client secrets are encrypted whenever a key exists: the first
      // enable makes one, and each enable finishes sealing any left plain.
      if (turnOn) {
        await layer.masterKey.ensure();
        await context.vault.oauth.providers.sealClientSecrets();
      }
      await migration({
        root,
        masterKey: layer.masterKey,
        rewriter: bearerStoreRewriter(await sources.storeFor(root)),
        onProgress: (done, total) => events.emit('credvault:progress', { task, root, done, total }),
      });
    } finally {
      announce(await layer.status());
    }
    await recordInSettings(root, turnOn);
    return posture(root);
  };

  return {
    keychainStatus: async () => posture(),

    enableKeychain: async ({ root: asked, force }) => {
      const root = resolve(asked);
      const shared = (await sources.roots()).find((candidate) => candidate.path === root)?.shared;
      if (shared && !force) {
        throw new VaultError(
          'bad-input',
          `${root} is marked shared: other programs (the seeds' broker) read its plain files and would no longer read them once encrypted; use --force to encrypt it anyway`,
        );
      }
      return migrate(root, true);
    },

    disableKeychain: async ({ root }) => migrate(root, false),

    retryKeychain: async () => {
      const status = await layer.retry();
      announce(status);
      return posture();
    },
  };
}
