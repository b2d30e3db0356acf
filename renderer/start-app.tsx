/**
 * The one entry: given the contract client (the preload's, the browser
 * bridge's, or a test's) and an element, it builds the store, subscribes to
 * the vault's events before the first list (so nothing falls in between),
 * and renders the app. Nothing else in the renderer picks a transport.
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import type { CredvaultClient } from '@shared/contract';
import { getClient, reportsConnection, setClient } from './api/client';
import { nowUnix } from './lib/time-text';
import { createAppStore, type AppStore } from './stores/app-store';
import { connectEvents } from './stores/connect-events';
import { StoreProvider } from './stores/use-app-store';
import { AppShell } from './views/app-shell';

/** Changes arriving within this many ms are read in one round. */
const CHANGE_ROUND_MS = 16;

export interface RunningApp {
  store: AppStore;
  stop(): void;
}

export function startApp(client: CredvaultClient, root: HTMLElement): RunningApp {
  setClient(client);
  const store = createAppStore({
    client: getClient(),
    writeClipboard: (text) => navigator.clipboard.writeText(text),
    schedule: (task) => void setTimeout(task, CHANGE_ROUND_MS),
    nowUnix,
  });
  const disconnect = connectEvents(client, store);
  const stopWatchingConnection = reportsConnection(client)
    ? client.onConnection((state) => {
        const before = store.getState().app.connection;
        store.getState().connectionChanged(state);
        // Events sent while the link was down are lost: read everything again.
        if (state === 'connected' && before !== 'connected') {
          void store.getState().loadAppInfo();
          void store.getState().loadBearers();
        }
      })
    : () => undefined;

  void store.getState().loadAppInfo();
  void store.getState().loadBearers();

  const reactRoot = createRoot(root);
  reactRoot.render(
    <StrictMode>
      <StoreProvider store={store}>
        <AppShell />
      </StoreProvider>
    </StrictMode>,
  );
  return {
    store,
    stop() {
      stopWatchingConnection();
      disconnect();
      reactRoot.unmount();
    },
  };
}
