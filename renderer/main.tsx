/**
 * The page's entry, kept tiny on purpose: in browser mode it sends the
 * sign-in, opens the event stream and asks for the first list
 * (early-start.ts) while the app's modules (app-entry.tsx) are still being
 * fetched and parsed. In the desktop app the sandboxed preload hands the
 * page `window.credvault` and nothing is sent early.
 */
import type { CredvaultClient } from '@shared/contract';
import { startEarly } from './api/early-start';

declare global {
  interface Window {
    /** The Electron preload's contract client; absent in a browser. */
    credvault?: CredvaultClient;
  }
}

const root = document.getElementById('root');
if (root !== null) {
  const early = window.credvault === undefined ? startEarly({ listFirst: true }) : null;
  void import('./app-entry').then(({ runApp }) => runApp(root, early));
}
