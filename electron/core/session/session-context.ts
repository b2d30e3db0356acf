/**
 * What every group of session calls shares. Built once by openVault
 * (open-vault.ts); the calls modules (bearer-calls.ts, provider-calls.ts, ...)
 * take it and nothing else, so each can be tested over a temp vault home.
 */
import type { RootSettings, Settings } from '@shared/schemas/settings';
import type { BearerStore } from '../bearers/bearer-store';
import type { Vault } from '../create-vault';
import type { Clock } from '../ports/clock';
import type { EventHub } from './event-hub';

/** The settings file (`<home>/settings.json`): atomic, locked, validated. */
export interface SettingsSource {
  /** The settings as on disk now, the default root always among the roots. */
  read(): Promise<Settings>;
  /** Changes the settings under the lock (re-read inside it) and returns the result. */
  update(change: (current: Settings) => Settings): Promise<Settings>;
}

/** The bearer roots: one store per root however many callers, one watch per root. */
export interface BearerSources {
  readonly defaultRoot: string;
  /** The configured roots (the default one first). */
  roots(): Promise<RootSettings[]>;
  /**
   * The store of `root` (an absolute path; a root that is not configured is
   * served too, for one call, unwatched). `windowS` overrides the root's window.
   */
  storeFor(root: string, windowS?: number): Promise<BearerStore>;
}

export interface SessionContext {
  readonly home: string;
  readonly vault: Vault;
  readonly clock: Clock;
  readonly events: EventHub;
  readonly settings: SettingsSource;
  readonly sources: BearerSources;
}
