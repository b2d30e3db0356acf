/**
 * `openVault(home)`: the long-lived vault that the desktop app, the browser
 * bridge and the CLI all use. It builds the shared context once (one settings
 * file, one store per root, one event hub, the per-provider caches) and
 * spreads each group of calls into one flat object.
 *
 * Opening touches no file: a CLI command pays only for what it calls, and a
 * malformed settings file is reported by the calls that need it, naming it,
 * instead of making every command fail. Only long-running front ends call
 * `startWatching()`; `close()` releases every watch and timer, after which
 * the process can exit by itself.
 */
import { resolve } from 'node:path';
import { createVault } from '../create-vault';
import type { HttpClient } from '../http/http-client';
import { openKeychainLayer, type KeychainLayerOptions } from '../keychain/keychain-layer';
import { systemClock, type TimerClock } from '../ports/clock';
import { createBearerCalls } from './bearer-calls';
import { RootSources } from './bearer-sources';
import { RefreshMemory } from './bearer-wire';
import { ConfigFilesWatch } from './config-files-watch';
import { EventHub } from './event-hub';
import { ExpiryWatch } from './expiry-watch';
import { createKeyCalls } from './key-calls';
import { createKeychainCalls } from './keychain-calls';
import { ProviderCaches } from './provider-caches';
import { createProviderCalls } from './provider-calls';
import type { VaultSession } from './session-api';
import type { SessionContext } from './session-context';
import { createSettingsCalls } from './settings-calls';
import { SettingsFile } from './settings-file';
import { createTokenCalls } from './token-calls';
import { createWorkspaceCalls } from './workspace-calls';

export interface OpenVaultOptions {
  /** The environment: CREDVAULT_HTTP_TIMEOUT_MS sets the HTTP timeout. */
  env?: Record<string, string | undefined>;
  /** Time and timers (the expiry scheduler, keep-fresh's back-off). */
  clock?: TimerClock;
  http?: HttpClient;
  /** Tests: the keychain (a fake KeyStore, a helper launch, a timeout). */
  keychain?: KeychainLayerOptions;
  /**
   * Tells the user about a problem the session carries on through (a
   * settings file another program made invalid). Default: a line on stderr.
   */
  warn?: (message: string) => void;
}

const warnOnStderr = (message: string) => {
  process.stderr.write(`credvault: ${message}\n`);
};

export async function openVault(
  home: string,
  options: OpenVaultOptions = {},
): Promise<VaultSession> {
  const absoluteHome = resolve(home);
  const clock = options.clock ?? systemClock;
  // Its helper process starts only when a record, a root or a secret needs the key.
  const keychain = openKeychainLayer(absoluteHome, {
    ...(options.env === undefined ? {} : { env: options.env }),
    ...options.keychain,
  });
  const vault = createVault({
    home: absoluteHome,
    clock,
    secretKeys: keychain.secretKeys,
    ...(options.env === undefined ? {} : { env: options.env }),
    ...(options.http === undefined ? {} : { http: options.http }),
  });
  const events = new EventHub();
  const settings = new SettingsFile(absoluteHome);
  const sources = new RootSources({
    settings,
    events,
    clock,
    defaultRoot: vault.paths.defaultBearerRoot,
    keysFor: (root) => keychain.keysForRoot(root),
  });
  const context: SessionContext = { home: absoluteHome, vault, clock, events, settings, sources };
  const caches = new ProviderCaches(context);

  // Roots added or removed get or lose their store and watch at once: through
  // this session, or (once watching) by another process, whose change the
  // config watch announces.
  const stopFollowingSettings = events.subscribe('credvault:settings.changed', () => {
    sources.roots().catch(() => {
      // The next call reports a bad settings file, naming it.
    });
  });

  // Files other processes change (settings, key files, roots made later),
  // pushed to subscribers: only for long-running front ends, with the watches.
  const configWatch = new ConfigFilesWatch({
    events,
    settings,
    settingsPath: settings.path,
    defaultKeyFile: vault.paths.defaultKeyFile,
    refreshRoots: () => sources.roots(),
    warn: options.warn ?? warnOnStderr,
  });

  const bearerCalls = createBearerCalls(context, caches, new RefreshMemory());
  // Expiry transitions, keep-fresh, notifications and the tray: only for
  // long-running front ends, started with the watches.
  const expiry = new ExpiryWatch({
    home: absoluteHome,
    clock,
    events,
    listBearers: (request) => bearerCalls.listBearers(request),
    refreshBearer: (ref) => bearerCalls.refreshBearer({ ref, force: false }),
    notificationsEnabled: async () => (await settings.read()).notifications.enabled,
  });

  let closed: Promise<void> | null = null;
  return {
    home: absoluteHome,
    ...bearerCalls,
    ...createTokenCalls(context, caches),
    ...createKeyCalls(context),
    ...createWorkspaceCalls(context),
    ...createProviderCalls(context, caches),
    ...createSettingsCalls(context),
    ...createKeychainCalls(context, keychain),
    subscribe: (event, listener) => events.subscribe(event, listener),
    startWatching: async () => {
      await sources.startWatching();
      if (closed === null) await configWatch.start();
      if (closed === null) await expiry.start();
    },
    // Watches miss no change across a sleep; the expiry timer does.
    resume: () => expiry.resume(),
    close: () => {
      closed ??= (async () => {
        await expiry.close();
        await configWatch.close();
        stopFollowingSettings();
        await sources.close();
        caches.clear();
        keychain.close();
        events.clear();
      })();
      return closed;
    },
  };
}
