/**
 * What a long-running session does about expiry, composed from the pure
 * pieces: the expiry scheduler (expiry-scheduler.ts), keep-fresh
 * (keep-fresh.ts), the notification policy (notification-policy.ts) and the
 * tray model (tray-model.ts), fed by the session's own bearer list.
 *
 * It lists every root once at start, then again only when something says a
 * root changed (bearers changed, on disk or by us; settings changed; a
 * keep-fresh attempt; the keychain's key came or went), coalescing changes
 * that arrive while a list runs. Between changes only the scheduler's one
 * timer runs. Only long-running front ends start it (startWatching); a CLI
 * command never does.
 *
 * Events: `credvault:bearers.expiry` per transition,
 * `credvault:bearers.keepFresh` per attempt, `credvault:notification` per
 * notification, `credvault:tray.changed` when the tray model changes.
 */
import type { ChannelResponse, Unsubscribe } from '@shared/contract';
import type { BearerSummaryWire } from '@shared/schemas/bearers';
import type { BearerRef } from '@shared/schemas/common';
import { nowUnixSeconds, type TimerClock } from '../ports/clock';
import type { EventHub } from './event-hub';
import { ExpiryScheduler, type ExpiryTransition } from './expiry-scheduler';
import { KeepFresh } from './keep-fresh';
import { NotificationPolicy } from './notification-policy';
import { trayModel, type TrayModel } from './tray-model';

type BearerList = ChannelResponse<'credvault:bearers.list'>;

export interface ExpiryWatchOptions {
  home: string;
  clock: TimerClock;
  events: EventHub;
  /** The session's list call (every configured root, or the roots named). */
  listBearers: (request: { roots?: string[] }) => Promise<BearerList>;
  /** The session's refresh call (single-flight and locked across processes). */
  refreshBearer: (ref: BearerRef) => Promise<{ requested: boolean; expiresAtUnix: number }>;
  /** `settings.notifications.enabled`, read when a notification is due. */
  notificationsEnabled: () => Promise<boolean>;
}

export class ExpiryWatch {
  private readonly scheduler: ExpiryScheduler;
  private readonly keepFresh: KeepFresh;
  private readonly notifications: NotificationPolicy;
  /** The last list, per root; an unreadable root holds none. */
  private readonly bearersByRoot = new Map<string, BearerSummaryWire[]>();
  private readonly unreadableRoots = new Set<string>();
  private readonly unsubscribe: Unsubscribe[] = [];
  /** Notification claims under way (they write the memory file). */
  private readonly claims = new Set<Promise<void>>();
  private started: Promise<void> | null = null;
  private closed = false;
  /** Lists asked for while one runs: 'all', or the roots that changed. */
  private pending: 'all' | Set<string> | null = null;
  private running: Promise<void> | null = null;
  private lastTray: string | null = null;

  constructor(private readonly options: ExpiryWatchOptions) {
    const { clock, events, home } = options;
    this.scheduler = new ExpiryScheduler({
      clock,
      onTransitions: (transitions) => this.onTransitions(transitions),
    });
    this.keepFresh = new KeepFresh({
      clock,
      refresh: (ref) => options.refreshBearer(ref),
      emit: (event) => {
        events.emit('credvault:bearers.keepFresh', event);
        // The bearer's detail now tells of the attempt (and a new expiry).
        this.relist(event.ref.root);
      },
    });
    this.notifications = new NotificationPolicy({
      home,
      clock,
      notify: (notification) => events.emit('credvault:notification', notification),
      enabled: options.notificationsEnabled,
    });
  }

  /** Lists every root and starts following changes; idempotent. */
  start(): Promise<void> {
    this.started ??= (async () => {
      const { events } = this.options;
      this.unsubscribe.push(
        events.subscribe('credvault:bearers.changed', ({ root }) => this.relist(root)),
        // Windows, roots, keep-fresh choices: everything may have moved.
        events.subscribe('credvault:settings.changed', () => this.relist('all')),
        // The keychain's key came or went: locked bearers read again, or lock.
        events.subscribe('credvault:keychain.changed', () => this.relist('all')),
      );
      this.relist('all');
      await this.idle();
    })();
    return this.started;
  }

  /** After sleep: what was crossed meanwhile is announced, the timer set afresh. */
  resume(): void {
    this.scheduler.resume();
  }

  /** The tray as it is now (the menu opening). */
  trayModel(): TrayModel {
    return this.buildTray();
  }

  /** Resolves once no list is running or waiting (tests). */
  async idle(): Promise<void> {
    while (this.running !== null) await this.running;
  }

  /** Stops every timer and subscription; resolves once nothing of it writes any more. */
  async close(): Promise<void> {
    this.closed = true;
    for (const stop of this.unsubscribe.splice(0)) stop();
    this.scheduler.close();
    this.keepFresh.close();
    await this.notifications.close();
    await this.idle();
    while (this.claims.size > 0) await Promise.all([...this.claims]);
    await this.keepFresh.settled();
  }

  private relist(root: string | 'all'): void {
    if (this.closed) return;
    // A root not seen in the last list (empty then, or just configured):
    // list everything, which also learns whether it is one of ours.
    if (root === 'all' || this.pending === 'all' || !this.follows(root)) this.pending = 'all';
    else {
      const roots = this.pending ?? new Set<string>();
      roots.add(root);
      this.pending = roots;
    }
    if (this.pending === null || this.running !== null) return;
    this.running = this.drain().finally(() => {
      this.running = null;
    });
  }

  private follows(root: string): boolean {
    return this.bearersByRoot.has(root) || this.unreadableRoots.has(root);
  }

  private async drain(): Promise<void> {
    while (this.pending !== null && !this.closed) {
      const asked = this.pending;
      this.pending = null;
      try {
        const listed = await this.options.listBearers(asked === 'all' ? {} : { roots: [...asked] });
        if (!this.closed) await this.apply(listed, asked === 'all' ? null : asked);
      } catch {
        // A settings file that cannot be read: the calls report it; the
        // last good picture stands until the next change.
      }
    }
  }

  private async apply(listed: BearerList, only: ReadonlySet<string> | null): Promise<void> {
    const byRoot = new Map<string, BearerSummaryWire[]>();
    for (const bearer of listed.bearers) {
      const group = byRoot.get(bearer.root);
      if (group === undefined) byRoot.set(bearer.root, [bearer]);
      else group.push(bearer);
    }
    const failed = new Set(listed.rootErrors.map((error) => error.root));
    if (only === null) {
      this.bearersByRoot.clear();
      this.unreadableRoots.clear();
    }
    const roots = only ?? new Set([...byRoot.keys(), ...failed]);
    for (const root of roots) {
      const bearers = byRoot.get(root) ?? [];
      this.bearersByRoot.set(root, bearers);
      if (failed.has(root)) this.unreadableRoots.add(root);
      else this.unreadableRoots.delete(root);
      if (only !== null) {
        this.scheduler.replaceRoot(root, bearers);
        this.keepFresh.replaceRoot(root, bearers);
      }
    }
    if (only === null) {
      this.scheduler.replaceAll(listed.bearers);
      this.keepFresh.replaceAll(listed.bearers);
    }
    this.emitTrayIfChanged();
    await this.notifications
      .reconcile([...this.bearersByRoot.values()].flat(), [...this.unreadableRoots])
      .catch(() => {
        // The memory file could not be locked or written: told next time.
      });
  }

  private onTransitions(transitions: ExpiryTransition[]): void {
    for (const transition of transitions)
      this.options.events.emit('credvault:bearers.expiry', transition);
    this.keepFresh.onTransitions(transitions);
    this.emitTrayIfChanged();
    const claim = this.notifications.observe(transitions).catch(() => {
      // As above: the next list tells what is still untold.
    });
    this.claims.add(claim);
    void claim.finally(() => this.claims.delete(claim));
  }

  private buildTray(): TrayModel {
    return trayModel({
      bearers: [...this.bearersByRoot.values()].flat(),
      rootErrors: [...this.unreadableRoots].map((root) => ({ root })),
      nowUnix: nowUnixSeconds(this.options.clock),
    });
  }

  private emitTrayIfChanged(): void {
    const tray = this.buildTray();
    const text = JSON.stringify(tray);
    if (text === this.lastTray) return;
    this.lastTray = text;
    this.options.events.emit('credvault:tray.changed', tray);
  }
}
