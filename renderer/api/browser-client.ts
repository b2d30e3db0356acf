/**
 * The contract's client in browser mode, over the HTTP API that `credvault
 * ui` serves on loopback (electron/web/web-server.ts):
 *
 *   POST /session  {"code"}              -> {"secret"}   (the code works once)
 *   POST /call     a call envelope       -> its result envelope
 *   GET  /events   NDJSON event envelopes, one per line (blank lines: heartbeats)
 *
 * /call and /events carry the header `x-credvault-session: <secret>`; a
 * refusal is a 4xx whose body is `{"error": <the contract's error shape>}`.
 *
 * Sign-in: the printed link is `http://127.0.0.1:PORT/#code=...`. The code is
 * taken out of the address bar before it is used (it must not stay in the
 * history), traded for the session secret, and the secret is kept in this
 * tab's sessionStorage, so a reload keeps working and a new tab needs a new
 * link. Nothing goes in a cookie, and no vault data is stored.
 *
 * Events come through fetch and a stream reader, not EventSource, which
 * cannot send the session header. The stream reconnects with backoff; the
 * app hears `reconnecting` and then `connected`, and lists again, since
 * events in between were lost. The first connection is made before this
 * client is handed out, so the app's first list misses nothing.
 */
import { EventSubscribers, readResult } from '@shared/client-kit';
import {
  ContractError,
  errorShapeSchema,
  type CallEnvelope,
  type ChannelName,
  type ChannelRequest,
  type ChannelResponse,
  type CredvaultClient,
  type ErrorShape,
  type EventName,
  type EventPayload,
  type Unsubscribe,
} from '@shared/contract';
import type { ConnectionReporter, ConnectionState } from './client';
import {
  EARLY_LIST_ID,
  SECRET_KEY,
  getEvents,
  postCall,
  signInCodeIn,
  startEarly,
  type EarlyStart,
} from './early-start';

export { SESSION_HEADER } from './early-start';
const RETRY_FIRST_MS = 500;
const RETRY_MAX_MS = 10_000;

export type BrowserClient = CredvaultClient & ConnectionReporter & { close(): void };

const UNREACHABLE: ErrorShape = {
  kind: 'environment',
  message: 'the vault is not answering at this address: is `credvault ui` still running?',
  input: null,
};
const NOT_SENT: ErrorShape = {
  kind: 'bad-input',
  message: 'the call could not be sent: its request is not plain data',
  input: null,
};
const MALFORMED: ErrorShape = {
  kind: 'internal',
  message: 'the vault sent an answer this page cannot read',
  input: null,
};
export const NO_SIGN_IN: ErrorShape = {
  kind: 'forbidden',
  message:
    'this page has not signed in: open the link `credvault ui` printed (press Enter in its terminal for a new one)',
  input: null,
};

/** The refusal's own error shape when the body holds one; ours otherwise. */
async function refusalOf(response: Response): Promise<ContractError> {
  try {
    const body: unknown = await response.json();
    const error = errorShapeSchema.safeParse((body as { error?: unknown } | null)?.error);
    if (error.success) return new ContractError(error.data);
  } catch {
    // Not JSON: fall through.
  }
  return new ContractError(response.status === 403 ? NO_SIGN_IN : MALFORMED);
}

/**
 * A sign-in link pasted into a tab that is already open here (one that said
 * its link was used, or was signed out) changes only the fragment: the
 * browser fires `hashchange` and loads nothing, so nothing would trade the
 * new code. Load the page again; its start takes the code as usual.
 */
export function reloadOnSignInLink(
  target: Pick<Window, 'addEventListener' | 'removeEventListener'> = window,
  page: Pick<Location, 'hash' | 'reload'> = location,
): () => void {
  const onHashChange = () => {
    if (signInCodeIn(page.hash) !== null) page.reload();
  };
  target.addEventListener('hashchange', onHashChange);
  return () => target.removeEventListener('hashchange', onHashChange);
}

/** The sign-in's answer (sent by early-start.ts): the session secret, or why not. */
async function redeem(signIn: Promise<Response>): Promise<string> {
  let response: Response;
  try {
    response = await signIn;
  } catch {
    throw new ContractError(UNREACHABLE);
  }
  if (!response.ok) throw await refusalOf(response);
  const body: unknown = await response.json().catch(() => null);
  const secret = (body as { secret?: unknown } | null)?.secret;
  if (typeof secret !== 'string' || secret === '') throw new ContractError(MALFORMED);
  return secret;
}

/** The session secret: from a fresh sign-in link, else this tab's earlier one. */
async function sessionSecret(early: EarlyStart): Promise<string> {
  if (early.signIn !== null) {
    const secret = await redeem(early.signIn);
    sessionStorage.setItem(SECRET_KEY, secret);
    return secret;
  }
  const kept = sessionStorage.getItem(SECRET_KEY);
  if (kept === null || kept === '') throw new ContractError(NO_SIGN_IN);
  return kept;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * `early`: the requests the page's entry already sent (early-start.ts);
 * without it they are sent now.
 */
export async function createBrowserClient(
  early: EarlyStart = startEarly({ listFirst: false }),
): Promise<BrowserClient> {
  const secret = await sessionSecret(early);
  const subscribers = new EventSubscribers();
  const connectionListeners = new Set<(state: ConnectionState) => void>();
  const { stop } = early;
  let nextId = EARLY_LIST_ID + 1;
  let earlyList: Promise<Response | null> | null = early.firstList;
  /**
   * Events that arrive before the app subscribed (the stream opens before the
   * app's modules have run): held, then handed over once it has.
   */
  let held: unknown[] | null = [];

  function announce(state: ConnectionState): void {
    if (state === 'signed-out') sessionStorage.removeItem(SECRET_KEY);
    for (const listener of [...connectionListeners]) listener(state);
  }

  function deliver(line: string): void {
    if (line.trim() === '') return; // A heartbeat.
    let message: unknown;
    try {
      message = JSON.parse(line);
    } catch {
      return;
    }
    if (held === null) subscribers.deliver(message);
    else held.push(message);
  }

  function releaseHeld(): void {
    const messages = held ?? [];
    held = null;
    for (const message of messages) subscribers.deliver(message);
  }

  /** Opens the stream; resolves with its reader once the server has subscribed us. */
  async function openStream(
    sent: Promise<Response | null> = getEvents(secret, stop.signal),
  ): Promise<ReadableStreamDefaultReader<Uint8Array>> {
    const response = (await sent) ?? (await getEvents(secret, stop.signal));
    if (!response.ok || response.body === null) throw await refusalOf(response);
    return response.body.getReader();
  }

  /** The early list's answer when this call is that same request; null otherwise. */
  async function earlyAnswer(channel: ChannelName, request: unknown): Promise<Response | null> {
    const sent = earlyList;
    const sameRequest =
      channel === 'credvault:bearers.list' &&
      request !== null &&
      typeof request === 'object' &&
      Object.keys(request).length === 0;
    if (sent === null || !sameRequest) return null;
    earlyList = null; // It answers one call only.
    return sent.catch(() => null);
  }

  async function readStream(reader: ReadableStreamDefaultReader<Uint8Array>): Promise<void> {
    const decoder = new TextDecoder();
    let buffered = '';
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      buffered += decoder.decode(value, { stream: true });
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) deliver(line);
    }
  }

  async function keepStreaming(first: ReadableStreamDefaultReader<Uint8Array>): Promise<void> {
    let reader: ReadableStreamDefaultReader<Uint8Array> | null = first;
    let retryMs = RETRY_FIRST_MS;
    while (!stop.signal.aborted) {
      if (reader !== null) {
        await readStream(reader).catch(() => undefined);
        if (stop.signal.aborted) return;
        announce('reconnecting');
      }
      await sleep(retryMs);
      try {
        reader = await openStream();
        retryMs = RETRY_FIRST_MS;
        announce('connected');
      } catch (error) {
        reader = null;
        if (error instanceof ContractError && error.kind === 'forbidden') {
          announce('signed-out');
          return;
        }
        retryMs = Math.min(retryMs * 2, RETRY_MAX_MS);
      }
    }
  }

  let first: ReadableStreamDefaultReader<Uint8Array>;
  try {
    first = await openStream(early.events);
  } catch (error) {
    if (error instanceof ContractError) {
      // A secret the vault no longer knows (it was restarted): forget it.
      if (error.kind === 'forbidden') sessionStorage.removeItem(SECRET_KEY);
      throw error;
    }
    throw new ContractError(UNREACHABLE);
  }
  void keepStreaming(first);

  return {
    async call<C extends ChannelName>(
      channel: C,
      request: ChannelRequest<C>,
    ): Promise<ChannelResponse<C>> {
      // Only the app's first full list can be the early one (the others differ, or come later).
      const answered = earlyList === null ? null : await earlyAnswer(channel, request);
      let id = EARLY_LIST_ID;
      let response: Response;
      if (answered !== null) {
        response = answered;
      } else {
        id = nextId++;
        const envelope: CallEnvelope = { type: 'call', id, channel, payload: request };
        let body: string;
        try {
          body = JSON.stringify(envelope);
        } catch {
          throw new ContractError(NOT_SENT);
        }
        try {
          response = await postCall(secret, body);
        } catch {
          throw new ContractError(UNREACHABLE);
        }
      }
      if (!response.ok) {
        const refusal = await refusalOf(response);
        if (refusal.kind === 'forbidden') announce('signed-out');
        throw refusal;
      }
      const result = readResult(await response.json().catch(() => null), MALFORMED);
      if (result.id !== id) throw new ContractError(MALFORMED);
      if (!result.ok) throw new ContractError(result.error);
      return result.value as ChannelResponse<C>;
    },

    subscribe<E extends EventName>(
      event: E,
      listener: (payload: EventPayload<E>) => void,
    ): Unsubscribe {
      const unsubscribe = subscribers.subscribe(event, listener);
      // The app subscribes to everything in one go at start: hand over after it has.
      if (held !== null) queueMicrotask(releaseHeld);
      return unsubscribe;
    },

    onConnection(listener) {
      connectionListeners.add(listener);
      return () => {
        connectionListeners.delete(listener);
      };
    },

    close() {
      stop.abort();
      subscribers.clear();
      connectionListeners.clear();
    },
  };
}
