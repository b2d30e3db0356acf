/**
 * The session's notifications (`credvault:notification`, already decided
 * by the core's policy: once per bearer and state, bursts summarised, off
 * when the settings say so) shown as Electron notifications. Clicking one
 * opens its bearer in the window; a summary just opens the window.
 *
 * Each shown notification is kept until it closes: on macOS and Windows a
 * notification object that is garbage-collected loses its click handler.
 * One per key: a repeat replaces the one still on screen.
 */
import type { CredvaultClient, EventPayload, Unsubscribe } from '@shared/contract';
import type { BearerRef } from '@shared/schemas/common';

export type VaultNotification = EventPayload<'credvault:notification'>;

/** The members of Electron's Notification instance used here. */
export interface NotificationHandle {
  on(event: 'click' | 'close', listener: () => void): unknown;
  show(): void;
  close(): void;
}

export interface DesktopNotificationsDeps {
  /** Electron's Notification.isSupported(). */
  isSupported(): boolean;
  /** `new Notification(options)`. */
  create(options: { title: string; body: string }): NotificationHandle;
  /** Shows the window, and the bearer when there is one. */
  open(ref: BearerRef | null): void;
}

/** How many notifications are kept (for their click handlers) at once. */
export const KEPT_NOTIFICATIONS = 20;

export class DesktopNotifications {
  private readonly live = new Map<string, NotificationHandle>();

  constructor(private readonly deps: DesktopNotificationsDeps) {}

  /** Shows every notification the vault announces, until the returned stop. */
  follow(client: Pick<CredvaultClient, 'subscribe'>): Unsubscribe {
    return client.subscribe('credvault:notification', (notification) => this.show(notification));
  }

  show(notification: VaultNotification): void {
    if (!this.deps.isSupported()) return;
    this.live.get(notification.key)?.close();
    this.live.delete(notification.key);
    const handle = this.deps.create({ title: notification.title, body: notification.body });
    const forget = () => {
      if (this.live.get(notification.key) === handle) this.live.delete(notification.key);
    };
    handle.on('click', () => {
      forget();
      this.deps.open(notification.ref);
    });
    handle.on('close', forget);
    this.live.set(notification.key, handle);
    while (this.live.size > KEPT_NOTIFICATIONS) {
      const oldest = this.live.keys().next().value as string;
      this.live.delete(oldest);
    }
    handle.show();
  }

  /** How many are kept for their click handlers (for tests and shutdown). */
  get kept(): number {
    return this.live.size;
  }
}
