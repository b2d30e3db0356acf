import { beforeEach, describe, expect, it } from 'vitest';
import type { EventPayload } from '@shared/contract';
import { FakeVaultClient, ROOT, fakeDeps, summary } from '../test-support/fake-vault-client';
import { createAppStore, type AppStore } from './app-store';
import { connectEvents } from './connect-events';

type Settings = EventPayload<'credvault:settings.changed'>;

function settings(roots: string[], theme: Settings['theme'] = 'system'): Settings {
  return {
    version: 1,
    roots: roots.map((path) => ({
      path,
      windowS: 300,
      shared: false,
      keepFresh: false,
      encrypted: false,
    })),
    keyFiles: [],
    tokenFiles: [],
    keepFreshBearers: [],
    notifications: { enabled: true },
    clipboard: { clearAfterS: 30 },
    theme,
    app: { closeToTray: false, launchAtLogin: false },
  };
}

describe('the event wiring', () => {
  let client: FakeVaultClient;
  let store: AppStore;
  let stop: () => void;

  beforeEach(async () => {
    client = new FakeVaultClient({
      'credvault:bearers.list': () => ({ bearers: [summary('agent-ci')], rootErrors: [] }),
      'credvault:app.info': () => ({ version: '0.1.0', home: '/home/dev', mode: 'browser' }),
      'credvault:settings.get': () => settings([ROOT]),
      'credvault:inspect.run': () => {
        throw new Error('not needed here');
      },
    });
    store = createAppStore(fakeDeps(client).deps);
    stop = connectEvents(client, store);
    await store.getState().loadAppInfo();
    await store.getState().loadBearers();
    client.calls.length = 0;
  });

  it('opens the bearer a notification or the tray asks for, from any view', () => {
    store.getState().showView('settings');
    client.emit('credvault:bearers.open', { ref: { root: ROOT, id: 'agent-ci' } });
    const { ui, detail } = store.getState();
    expect(ui.view).toBe('bearers');
    expect(ui.selected).toEqual({ root: ROOT, id: 'agent-ci' });
    expect(detail.ref).toEqual({ root: ROOT, id: 'agent-ci' });
  });

  it('lists again when a root is added, and only then; a theme change just applies', async () => {
    client.emit('credvault:settings.changed', settings([ROOT], 'dark'));
    expect(store.getState().app.theme).toBe('dark');
    expect(client.callsTo('credvault:bearers.list')).toEqual([]);

    client.emit('credvault:settings.changed', settings([ROOT, '/srv/ci/bearers'], 'dark'));
    await store.getState().bearersSettled();
    expect(client.callsTo('credvault:bearers.list')).toEqual([{}]);
  });

  it('stops listening to every event when disconnected', () => {
    stop();
    for (const event of [
      'credvault:bearers.changed',
      'credvault:bearers.expiry',
      'credvault:bearers.keepFresh',
      'credvault:bearers.open',
      'credvault:progress',
      'credvault:settings.changed',
    ] as const) {
      expect(client.listenerCount(event)).toBe(0);
    }
  });
});
