/**
 * Browser mode's first requests, started by the page's tiny entry before the
 * app's modules are even fetched: parsing and running those takes a few
 * hundred ms, and the sign-in, the event stream and the first list need not
 * wait for it. Nothing here reads an answer beyond the session secret: the
 * browser client (browser-client.ts) takes these responses and judges them
 * exactly as if it had sent the requests itself.
 *
 * Order is kept: the list is asked for only once the event stream's headers
 * arrived (the server has subscribed us), so no change falls in between.
 * This module imports nothing, so it stays small.
 */
export const SESSION_HEADER = 'x-credvault-session';
export const SECRET_KEY = 'credvault.session';
/** The id of the list sent early; the client numbers its own calls after it. */
export const EARLY_LIST_ID = 1;

export interface EarlyStart {
  /** The link's code, already taken out of the address bar; null when it held none. */
  readonly code: string | null;
  /** POST /session with that code; null without a code. */
  readonly signIn: Promise<Response> | null;
  /** GET /events with the secret; null when there was no secret to send. */
  readonly events: Promise<Response | null>;
  /** The first `bearers.list` ({}), sent once the stream is open; null if it was not sent. */
  readonly firstList: Promise<Response | null>;
  /** Ends the event stream (the client's close). */
  readonly stop: AbortController;
}

export function signInCodeIn(hash: string): string | null {
  return new URLSearchParams(hash.replace(/^#/, '')).get('code');
}

/** Takes `#code=...` out of the address bar (it must not stay in the history) and returns it. */
export function takeSignInCode(): string | null {
  const code = signInCodeIn(location.hash);
  if (code === null) return null;
  history.replaceState(null, '', `${location.pathname}${location.search}`);
  return code;
}

export function postSignIn(code: string): Promise<Response> {
  return fetch('/session', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code }),
    cache: 'no-store',
    redirect: 'error',
  });
}

export function getEvents(secret: string, signal: AbortSignal): Promise<Response> {
  return fetch('/events', {
    headers: { [SESSION_HEADER]: secret },
    cache: 'no-store',
    redirect: 'error',
    signal,
  });
}

export function postCall(secret: string, body: string): Promise<Response> {
  return fetch('/call', {
    method: 'POST',
    headers: { 'content-type': 'application/json', [SESSION_HEADER]: secret },
    body,
    cache: 'no-store',
    redirect: 'error',
  });
}

/** The secret in a sign-in answer, read from a copy (the client reads the answer again). */
async function secretIn(response: Response): Promise<string | null> {
  if (!response.ok) return null;
  const body: unknown = await response.clone().json();
  const secret = (body as { secret?: unknown } | null)?.secret;
  return typeof secret === 'string' && secret !== '' ? secret : null;
}

/** `listFirst`: also ask for the first list (the app's entry does; the app will ask for it). */
export function startEarly({ listFirst }: { listFirst: boolean }): EarlyStart {
  const code = takeSignInCode();
  const signIn = code === null ? null : postSignIn(code);
  const stop = new AbortController();
  const secret: Promise<string | null> =
    signIn === null
      ? Promise.resolve(sessionStorage.getItem(SECRET_KEY) || null)
      : signIn.then(secretIn);
  const events = secret.then((known) => (known === null ? null : getEvents(known, stop.signal)));
  const firstList = events.then(async (stream) => {
    const known = await secret;
    if (!listFirst || stream === null || !stream.ok || known === null) return null;
    const envelope = {
      type: 'call',
      id: EARLY_LIST_ID,
      channel: 'credvault:bearers.list',
      payload: {},
    };
    return postCall(known, JSON.stringify(envelope));
  });
  // The client reports failures when it awaits these; unawaited copies must not warn.
  for (const pending of [signIn, events, firstList]) pending?.catch(() => undefined);
  return { code, signIn, events, firstList, stop };
}
