/**
 * Feeds the store from the vault's events: the one place that subscribes,
 * and that turns one event into the actions of several slices (a change
 * that touches the open detail, a notification click that opens a bearer).
 */
import type { CredvaultClient, Unsubscribe } from '@shared/contract';
import type { RootSettings } from './app-info-slice';
import type { AppStore } from './app-store';
import { changeTouches } from './detail-slice';

/** Whether the roots that decide what the list shows changed (added, removed, a new window). */
function rootsChanged(a: readonly RootSettings[], b: readonly RootSettings[]): boolean {
  return (
    a.length !== b.length ||
    a.some((root, i) => {
      const other = b[i];
      return (
        other === undefined ||
        root.path !== other.path ||
        root.windowS !== other.windowS ||
        root.encrypted !== other.encrypted
      );
    })
  );
}

export function connectEvents(client: CredvaultClient, store: AppStore): Unsubscribe {
  const actions = store.getState;
  const subscriptions = [
    client.subscribe('credvault:bearers.changed', (change) => {
      actions().bearersChanged(change);
      if (changeTouches(actions().detail.ref, change)) actions().detailBearerChanged();
    }),
    client.subscribe('credvault:bearers.expiry', (change) => actions().bearerExpiryChanged(change)),
    // Keep-fresh tried: its row's lastRefresh (and, when it worked, its expiry) moved.
    client.subscribe('credvault:bearers.keepFresh', ({ ref }) => actions().bearerTouched(ref)),
    client.subscribe('credvault:bearers.open', ({ ref }) => {
      actions().showView('bearers');
      actions().select(ref);
      actions().openDetail(ref);
    }),
    client.subscribe('credvault:keys.changed', (change) => actions().keysChanged(change)),
    client.subscribe('credvault:providers.changed', () => actions().providersChanged()),
    client.subscribe('credvault:progress', (progress) => {
      if (progress.task === 'list') actions().listProgress(progress);
      else actions().keychainProgress(progress);
    }),
    client.subscribe('credvault:keychain.changed', (change) => actions().keychainChanged(change)),
    client.subscribe('credvault:settings.changed', (settings) => {
      const before = actions().app.roots;
      actions().settingsChanged(settings);
      // A root added or removed comes or goes whole; a new window changes statuses.
      // (Before the settings were first read, the first list is still to come.)
      if (before.length > 0 && rootsChanged(before, actions().app.roots)) {
        void actions().loadBearers();
      }
    }),
  ];
  return () => {
    for (const unsubscribe of subscriptions) unsubscribe();
  };
}
