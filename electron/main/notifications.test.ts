import { describe, expect, it } from 'vitest';
import type { CredvaultClient, EventName } from '@shared/contract';
import type { BearerRef } from '@shared/schemas/common';
import {
  DesktopNotifications,
  KEPT_NOTIFICATIONS,
  type NotificationHandle,
  type VaultNotification,
} from './notifications';

class FakeNotification implements NotificationHandle {
  readonly listeners = new Map<string, () => void>();
  shown = false;
  closed = false;
  constructor(readonly options: { title: string; body: string }) {}
  on(event: 'click' | 'close', listener: () => void) {
    this.listeners.set(event, listener);
  }
  show() {
    this.shown = true;
  }
  close() {
    this.closed = true;
    this.listeners.get('close')?.();
  }
  click() {
    this.listeners.get('click')?.();
  }
}

function fakeEvents() {
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const client: Pick<CredvaultClient, 'subscribe'> = {
    subscribe(event, listener) {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      set.add(listener as (payload: unknown) => void);
      return () => set.delete(listener as (payload: unknown) => void);
    },
  };
  return {
    client,
    emit: (event: EventName, payload: unknown) => {
      for (const listener of listeners.get(event) ?? []) listener(payload);
    },
  };
}

function setUp(supported = true) {
  const created: FakeNotification[] = [];
  const opened: Array<BearerRef | null> = [];
  const notifications = new DesktopNotifications({
    isSupported: () => supported,
    create: (options) => {
      const notification = new FakeNotification(options);
      created.push(notification);
      return notification;
    },
    open: (ref) => opened.push(ref),
  });
  return { notifications, created, opened };
}

const ROOT = '/home/u/.config/credvault/bearers';
const agentA: VaultNotification = {
  key: '["root","agent-A","near_expiry",1700000000]',
  title: 'agent-A expires soon',
  body: 'agent-A expires in 4 min',
  ref: { root: ROOT, id: 'agent-A' },
};
const summary: VaultNotification = {
  key: 'summary-1',
  title: '5 bearers need attention',
  body: 'agent-A, agent-B, agent-C and 2 more',
  ref: null,
};

describe('DesktopNotifications', () => {
  it('shows one notification per vault notification event', () => {
    const { notifications, created } = setUp();
    const events = fakeEvents();
    notifications.follow(events.client);
    events.emit('credvault:notification', agentA);
    events.emit('credvault:notification', summary);
    expect(created.map((n) => [n.options, n.shown])).toEqual([
      [{ title: agentA.title, body: agentA.body }, true],
      [{ title: summary.title, body: summary.body }, true],
    ]);
  });

  it('a click opens that bearer; a summary’s click opens the window', () => {
    const { notifications, created, opened } = setUp();
    notifications.show(agentA);
    notifications.show(summary);
    created[0]!.click();
    created[1]!.click();
    expect(opened).toEqual([{ root: ROOT, id: 'agent-A' }, null]);
  });

  it('keeps each until it closes (so its click still works), one per key', () => {
    const { notifications, created } = setUp();
    notifications.show(agentA);
    expect(notifications.kept).toBe(1);
    notifications.show(agentA);
    expect(created[0]!.closed).toBe(true);
    expect(notifications.kept).toBe(1);
    created[1]!.close();
    expect(notifications.kept).toBe(0);
  });

  it('keeps a bounded number', () => {
    const { notifications } = setUp();
    for (let i = 0; i < KEPT_NOTIFICATIONS + 5; i++) {
      notifications.show({ ...agentA, key: `k${i}` });
    }
    expect(notifications.kept).toBe(KEPT_NOTIFICATIONS);
  });

  it('shows nothing where the system has no notifications', () => {
    const { notifications, created } = setUp(false);
    notifications.show(agentA);
    expect(created).toEqual([]);
  });

  it('stops following when told', () => {
    const { notifications, created } = setUp();
    const events = fakeEvents();
    const stop = notifications.follow(events.client);
    stop();
    events.emit('credvault:notification', agentA);
    expect(created).toEqual([]);
  });
});
