/**
 * The page's entry. In the desktop app the sandboxed preload hands the page
 * `window.credvault` (a CredvaultClient); anywhere else this is browser
 * mode, and the browser bridge signs in with the link `credvault ui` printed.
 */
import './api/zod-csp';
import type { CredvaultClient } from '@shared/contract';
import { createBrowserClient, reloadOnSignInLink } from './api/browser-client';
import { errorMessage } from './api/client';
import { fromPreload } from './api/desktop-client';
import { startApp } from './start-app';
import { showStartupFailure } from './views/startup-failure';

declare global {
  interface Window {
    /** The Electron preload's contract client; absent in a browser. */
    credvault?: CredvaultClient;
  }
}

async function connect(): Promise<CredvaultClient> {
  if (window.credvault !== undefined) return fromPreload(window.credvault);
  reloadOnSignInLink();
  // Small, and in the main bundle: a second fetch would cost the first paint more.
  return createBrowserClient();
}

const root = document.getElementById('root');
if (root !== null) {
  connect().then(
    (client) => startApp(client, root),
    (error: unknown) => showStartupFailure(root, errorMessage(error)),
  );
}
