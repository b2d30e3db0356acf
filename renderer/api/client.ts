/**
 * The one way the UI reaches the vault: the contract's client, injected once
 * at start-up (the Electron preload's `window.credvault`, or the browser
 * bridge's client). Stores take it from here; no view calls it directly.
 */
import { ContractError, type CredvaultClient, type Unsubscribe } from '@shared/contract';

/**
 * Where the client's link to the vault stands, for transports that can lose
 * it (the browser's HTTP bridge; Electron's IPC cannot). After `reconnecting`
 * comes `connected` again, and events sent in between were missed: the app
 * reads everything again then. `signed-out`: the vault no longer knows this
 * page (`credvault ui` was restarted), and only a new link helps.
 */
export type ConnectionState = 'connected' | 'reconnecting' | 'signed-out';

export interface ConnectionReporter {
  onConnection(listener: (state: ConnectionState) => void): Unsubscribe;
}

export function reportsConnection(
  client: CredvaultClient,
): client is CredvaultClient & ConnectionReporter {
  return typeof (client as Partial<ConnectionReporter>).onConnection === 'function';
}

let current: CredvaultClient | null = null;

export function setClient(client: CredvaultClient): void {
  current = client;
}

export function getClient(): CredvaultClient {
  if (current === null)
    throw new Error('the vault client was not set: call startApp(client, root)');
  return current;
}

/**
 * A message fit to show for whatever a call threw. A ContractError's message
 * is the vault's own words and never holds a secret; a browser API's
 * DOMException (the clipboard refused) says what the browser refused. Any
 * other error might quote what it choked on, so it is not shown.
 */
export function errorMessage(error: unknown): string {
  if (error instanceof ContractError) return error.message;
  if (typeof DOMException !== 'undefined' && error instanceof DOMException) {
    return `the browser refused: ${error.message}`;
  }
  return 'the call failed for a reason the vault did not give';
}
