import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ContractError } from '@shared/contract';
import type { ConnectionState } from './client';
import {
  SESSION_HEADER,
  createBrowserClient,
  reloadOnSignInLink,
  type BrowserClient,
} from './browser-client';
import { startEarly } from './early-start';

// Marked like every test secret (see test-support/leak-marker.ts).
const SECRET = 'session-LEAKMARK-7c2f';
const CODE = 'code-LEAKMARK-19ab';
const ROOT = '/home/dev/.credvault/bearers';

/** A stand-in for `credvault ui`: the page's address bar, its storage, and the server's routes. */
function fakePage(hash = `#code=${CODE}`) {
  const log: string[] = [];
  const storage = new Map<string, string>();
  const codes = new Set([CODE]);
  const sessions = new Set<string>();
  const streams: ReadableStreamDefaultController<Uint8Array>[] = [];
  const location = { hash, pathname: '/', search: '' };
  const refuse = (status: number, message: string) =>
    new Response(JSON.stringify({ error: { kind: 'forbidden', message, input: null } }), {
      status,
    });

  vi.stubGlobal('location', location);
  vi.stubGlobal('history', {
    replaceState: (_state: unknown, _title: string, url: string) => {
      log.push(`address bar: ${url}`);
      location.hash = '';
    },
  });
  vi.stubGlobal('sessionStorage', {
    getItem: (key: string) => storage.get(key) ?? null,
    setItem: (key: string, value: string) => storage.set(key, value),
    removeItem: (key: string) => storage.delete(key),
  });
  vi.stubGlobal('fetch', async (path: string, init: RequestInit = {}) => {
    const headers = new Headers(init.headers);
    const signedIn = sessions.has(headers.get(SESSION_HEADER) ?? '');
    log.push(`${init.method ?? 'GET'} ${path}${signedIn ? ' (signed in)' : ''}`);
    if (path === '/session') {
      const { code } = JSON.parse(String(init.body)) as { code: string };
      if (!codes.delete(code)) return refuse(403, 'this sign-in link was already used');
      sessions.add(SECRET);
      return Response.json({ secret: SECRET });
    }
    if (!signedIn) return refuse(403, 'this page has not signed in');
    if (path === '/events') {
      const body = new ReadableStream<Uint8Array>({ start: (c) => void streams.push(c) });
      return new Response(body, { status: 200 });
    }
    const call = JSON.parse(String(init.body)) as { id: number; channel: string };
    return Response.json({ type: 'result', id: call.id, ok: true, value: { echo: call.channel } });
  });

  return {
    log,
    storage,
    sessions,
    /** Sends text down the newest event stream, as the server would. */
    push(text: string) {
      streams.at(-1)?.enqueue(new TextEncoder().encode(text));
    },
    endStream() {
      streams.at(-1)?.close();
    },
  };
}

/** Stream reads settle over several turns; the bound only keeps a broken test from hanging. */
const eventually = (check: () => void) => vi.waitFor(check, { timeout: 10_000 });

const changed = (id: string) =>
  JSON.stringify({
    type: 'event',
    event: 'credvault:bearers.changed',
    payload: { root: ROOT, ids: [id], origin: 'disk' },
  });

describe('the browser client', () => {
  let client: BrowserClient | null = null;

  beforeEach(() => {
    client = null;
  });
  afterEach(() => {
    client?.close();
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('takes the code out of the address bar before trading it, and keeps the secret in this tab', async () => {
    const page = fakePage();
    client = await createBrowserClient();
    expect(page.log.slice(0, 3)).toEqual([
      'address bar: /',
      'POST /session',
      'GET /events (signed in)',
    ]);
    expect([...page.storage.values()]).toEqual([SECRET]);
  });

  it('sends the session secret with every call, and reads the answer', async () => {
    const page = fakePage();
    client = await createBrowserClient();
    const info = await client.call('credvault:app.info', {});
    expect(info).toEqual({ echo: 'credvault:app.info' });
    expect(page.log.at(-1)).toBe('POST /call (signed in)');
  });

  it('signs in again from this tab’s secret after a reload, with no code', async () => {
    const page = fakePage();
    client = await createBrowserClient();
    client.close();
    vi.stubGlobal('location', { hash: '', pathname: '/', search: '' });
    page.log.length = 0;
    client = await createBrowserClient();
    expect(page.log).toEqual(['GET /events (signed in)']);
  });

  it('refuses a used link with the server’s own words, keeping nothing', async () => {
    const page = fakePage();
    client = await createBrowserClient();
    client.close();
    client = null;
    page.storage.clear();
    vi.stubGlobal('location', { hash: `#code=${CODE}`, pathname: '/', search: '' });
    const error = await createBrowserClient().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ContractError);
    expect((error as ContractError).message).toBe('this sign-in link was already used');
    expect(page.storage.size).toBe(0);
  });

  it('asks for no data without a link or a kept secret', async () => {
    const page = fakePage('');
    const error = await createBrowserClient().catch((e: unknown) => e);
    expect((error as ContractError).kind).toBe('forbidden');
    expect(page.log).toEqual([]);
  });

  it('delivers events as they stream, whole lines only, dropping what does not check', async () => {
    const page = fakePage();
    client = await createBrowserClient();
    const seen: string[] = [];
    client.subscribe('credvault:bearers.changed', (payload) => seen.push(JSON.stringify(payload)));
    const first = changed('agent-a');
    page.push(first.slice(0, 20));
    page.push(`${first.slice(20)}\n\n`); // A heartbeat's blank line, too.
    page.push('{"type":"event","event":"credvault:bearers.changed","payload":{"root":1}}\n');
    page.push('{"type":"event","event":"credvault:unknown","payload":{}}\nnot json\n');
    page.push(`${changed('agent-b')}\n`);
    const payloadOf = (id: string) => JSON.stringify({ root: ROOT, ids: [id], origin: 'disk' });
    await eventually(() => expect(seen).toEqual([payloadOf('agent-a'), payloadOf('agent-b')]));
  });

  it('reconnects a dropped event stream and says so, so the app can list again', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout'] });
    const page = fakePage();
    client = await createBrowserClient();
    const states: ConnectionState[] = [];
    client.onConnection((state) => states.push(state));
    page.endStream();
    await eventually(() => expect(states).toEqual(['reconnecting']));
    await vi.advanceTimersByTimeAsync(500);
    await eventually(() => expect(states).toEqual(['reconnecting', 'connected']));
    const seen: string[] = [];
    client.subscribe('credvault:bearers.changed', ({ ids }) => seen.push(...ids));
    page.push(`${changed('after')}\n`);
    await eventually(() => expect(seen).toEqual(['after']));
  });

  it('says signed-out and forgets the secret when the vault no longer knows it', async () => {
    const page = fakePage();
    client = await createBrowserClient();
    const states: ConnectionState[] = [];
    client.onConnection((state) => states.push(state));
    page.sessions.clear(); // `credvault ui` was restarted.
    const error = await client.call('credvault:app.info', {}).catch((e: unknown) => e);
    expect((error as ContractError).kind).toBe('forbidden');
    expect(states).toEqual(['signed-out']);
    expect(page.storage.size).toBe(0);
  });
});

describe('the requests the page’s entry sends before the app has loaded', () => {
  let client: BrowserClient | null = null;

  afterEach(() => {
    client?.close();
    vi.unstubAllGlobals();
  });

  it('asks for the first list only once the event stream is open, and the app’s first list is answered by it', async () => {
    const page = fakePage();
    const early = startEarly({ listFirst: true });
    await early.firstList;
    expect(page.log).toEqual([
      'address bar: /',
      'POST /session',
      'GET /events (signed in)',
      'POST /call (signed in)',
    ]);
    client = await createBrowserClient(early);
    const info = await client.call('credvault:app.info', {});
    const list = await client.call('credvault:bearers.list', {});
    const again = await client.call('credvault:bearers.list', {});
    expect([info, list, again]).toEqual([
      { echo: 'credvault:app.info' },
      { echo: 'credvault:bearers.list' },
      { echo: 'credvault:bearers.list' },
    ]);
    // One list was sent early; the app info and the second list were sent when asked.
    expect(page.log.filter((line) => line.startsWith('POST /call'))).toHaveLength(3);
  });

  it('never answers a list of some roots with the early full list', async () => {
    const page = fakePage();
    const early = startEarly({ listFirst: true });
    client = await createBrowserClient(early);
    await early.firstList;
    page.log.length = 0;
    await client.call('credvault:bearers.list', { roots: [ROOT] });
    expect(page.log).toEqual(['POST /call (signed in)']);
  });

  it('holds events that arrive before the app subscribed, and hands them over once it has', async () => {
    const page = fakePage();
    client = await createBrowserClient(startEarly({ listFirst: true }));
    page.push(`${changed('before-subscribing')}\n`);
    // Let the stream be read with no one subscribed yet.
    await new Promise((resolve) => setTimeout(resolve, 20));
    const seen: string[] = [];
    client.subscribe('credvault:bearers.changed', ({ ids }) => seen.push(...ids));
    page.push(`${changed('after')}\n`);
    await eventually(() => expect(seen).toEqual(['before-subscribing', 'after']));
  });
});

describe('a sign-in link pasted into an open tab', () => {
  function openTab(hash: string) {
    const tab = new EventTarget();
    const page = { hash, reload: vi.fn() };
    const stop = reloadOnSignInLink(tab, page);
    const paste = (next: string) => {
      page.hash = next;
      tab.dispatchEvent(new Event('hashchange'));
    };
    return { page, paste, stop };
  }

  it('loads the page again, so the new code is traded (only the fragment changed)', () => {
    const { page, paste } = openTab('');
    paste(`#code=${CODE}`);
    expect(page.reload).toHaveBeenCalledTimes(1);
  });

  it('leaves the page alone for a fragment without a code, and once stopped', () => {
    const { page, paste, stop } = openTab('');
    paste('#section');
    stop();
    paste(`#code=${CODE}`);
    expect(page.reload).not.toHaveBeenCalled();
  });
});
