/**
 * The app proper, loaded by main.tsx: connects (the preload's client, or the
 * browser bridge over the requests main.tsx already sent) and starts it.
 */
import './api/zod-csp';
import type { CredvaultClient } from '@shared/contract';
import { createBrowserClient, reloadOnSignInLink } from './api/browser-client';
import { errorMessage } from './api/client';
import { fromPreload } from './api/desktop-client';
import type { EarlyStart } from './api/early-start';
import { startApp } from './start-app';
import { showStartupFailure } from './views/startup-failure';

async function connect(early: EarlyStart | null): Promise<CredvaultClient> {
  if (window.credvault !== undefined) return fromPreload(window.credvault);
  reloadOnSignInLink();
  return createBrowserClient(early ?? undefined);
}

export function runApp(root: HTMLElement, early: EarlyStart | null): void {
  connect(early).then(
    (client) => startApp(client, root),
    (error: unknown) => showStartupFailure(root, errorMessage(error)),
  );
}
