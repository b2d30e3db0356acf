/**
 * Expiry in a running session (openVault + startWatching), with a fake clock
 * and the real OAuth server: transitions become events, keep-fresh refreshes
 * a near-expiry linked bearer once (and two sessions on one home make one
 * request between them), a failing server is retried with back-off, the
 * tray follows, notifications are told once, and a CLI session (no
 * watching) starts no timer at all.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import type { EventName, EventPayload } from '@shared/contract';
import { FakeClock } from '../../../test-support/fake-clock';
import { markedSecret } from '../../../test-support/leak-marker';
import { startOidcTestServer, type OidcTestServer } from '../../../test-support/oidc-test-server';
import { makeTempDir } from '../../../test-support/temp-dir';
import { EventHub } from './event-hub';
import { ExpiryWatch } from './expiry-watch';
import { NOTIFICATIONS_FILE, NotificationMemory } from './notification-memory';
import { openVault } from './open-vault';
import type { VaultSession } from './session-api';
import { sessionTray } from './session-tray';

let server: OidcTestServer;
beforeAll(async () => {
  server = await startOidcTestServer();
});
afterAll(async () => {
  await server.close();
});

async function open(home: string, clock: FakeClock): Promise<VaultSession> {
  const session = await openVault(home, { clock });
  onTestFinished(() => session.close());
  return session;
}

/** Everything a session emits of `event`, from now on. */
function record<E extends EventName>(session: VaultSession, event: E): Array<EventPayload<E>> {
  const seen: Array<EventPayload<E>> = [];
  session.subscribe(event, (payload) => seen.push(payload));
  return seen;
}

function next<E extends EventName>(
  session: VaultSession,
  event: E,
  match: (payload: EventPayload<E>) => boolean = () => true,
): Promise<EventPayload<E>> {
  return new Promise((resolve) => {
    const stop = session.subscribe(event, (payload) => {
      if (!match(payload)) return;
      stop();
      resolve(payload);
    });
  });
}

async function addProvider(session: VaultSession, tokenUrl = server.tokenUrl) {
  await session.addProvider({
    provider: {
      name: 'oidc',
      tokenUrl,
      clientId: server.clients.post.id,
      clientAuth: 'client_secret_post',
      scope: null,
      extraParams: {},
      issuer: null,
      jwksUrl: null,
      pasetoPublicKeyHex: null,
      userinfoUrl: null,
    },
    clientSecret: server.clients.post.secret,
  });
}

/** A linked, kept-fresh bearer expiring `expiresInS` from the clock's now (window 300 s). */
async function keptFreshBearer(session: VaultSession, clock: FakeClock, expiresInS: number) {
  const ref = { root: join(session.home, 'bearers'), id: 'agent' };
  await session.putBearer({
    ref,
    record: {
      accessToken: markedSecret('old-access'),
      refreshToken: await server.issueRefreshToken('post'),
      expiresAtUnix: clock.nowUnix() + expiresInS,
    },
    force: false,
  });
  await session.linkBearer({ ref, provider: 'oidc' });
  await session.setKeepFresh({ ref, enabled: true });
  return ref;
}

describe('expiry in a running session', () => {
  it('keep-fresh refreshes a bearer once when it nears expiry, against the real server', async () => {
    const home = makeTempDir();
    const clock = new FakeClock(Date.now());
    const session = await open(home, clock);
    await addProvider(session);
    const ref = await keptFreshBearer(session, clock, 600);
    const expiry = record(session, 'credvault:bearers.expiry');
    const notifications = record(session, 'credvault:notification');
    await session.startWatching();
    const before = server.tokenRequests;
    expect(clock.pending).toBe(1);

    clock.advance(299_000);
    expect(expiry).toEqual([]);
    const refreshed = next(session, 'credvault:bearers.keepFresh');
    const trayOk = next(session, 'credvault:tray.changed', (tray) => tray.state === 'ok');
    clock.advance(1_000);
    expect(expiry).toEqual([
      { ref, from: 'ok', to: 'near_expiry', expiresAtUnix: clock.nowUnix() + 300 },
    ]);
    expect(await refreshed).toMatchObject({ ref, ok: true, retryAtUnix: null });
    expect(server.tokenRequests - before).toBe(1);
    await trayOk;

    const row = (await session.listBearers({})).bearers[0];
    expect(row).toMatchObject({ status: 'ok', lastRefresh: { ok: true } });
    expect(row?.expiresAtUnix).toBe(clock.nowUnix() + 3600);
    expect(notifications.map((n) => n.title)).toEqual(['agent expires soon']);

    // The new token's own near-expiry is the next wake-up; nothing before it.
    expect(clock.nextDeadlineMs()).toBe(((row?.expiresAtUnix ?? 0) - 300) * 1000);
    const fired = clock.fired;
    clock.advance(3000_000);
    expect(clock.fired).toBe(fired);
    expect(server.tokenRequests - before).toBe(1);
  });

  it('two sessions on one home make one request between them, and tell it once', async () => {
    const home = makeTempDir();
    const clock = new FakeClock(Date.now());
    const app = await open(home, clock);
    const ui = await open(home, clock);
    await addProvider(app);
    const ref = await keptFreshBearer(app, clock, 600);
    const notifications = [app, ui].map((session) => record(session, 'credvault:notification'));
    await app.startWatching();
    await ui.startWatching();
    const before = server.tokenRequests;

    const outcomes = Promise.all([
      next(app, 'credvault:bearers.keepFresh'),
      next(ui, 'credvault:bearers.keepFresh'),
    ]);
    clock.advance(300_000);
    const [byApp, byUi] = await outcomes;
    expect([byApp.ok, byUi.ok]).toEqual([true, true]);
    expect([byApp.message, byUi.message].sort()).toEqual([
      expect.stringMatching(/^already fresh/),
      expect.stringMatching(/^refreshed/),
    ]);
    expect(server.tokenRequests - before).toBe(1);
    expect(byApp.ref).toEqual(ref);
    // Both claimed the notification at the transition, long before the
    // refreshes came back: one of them won it.
    expect(notifications.flat().map((n) => n.title)).toEqual(['agent expires soon']);
  });

  it('a failing server is retried with back-off, and the bearer shows the failure', async () => {
    const home = makeTempDir();
    const clock = new FakeClock(Date.now());
    const session = await open(home, clock);
    await addProvider(session, server.stubUrl('token'));
    server.stubReply = { status: 503, body: '{"error":"temporarily_unavailable"}' };
    server.stubRequests.length = 0;
    const ref = await keptFreshBearer(session, clock, 600);
    await session.startWatching();

    const first = next(session, 'credvault:bearers.keepFresh');
    clock.advance(300_000);
    const failed = await first;
    expect(failed).toMatchObject({
      ref,
      ok: false,
      retryAtUnix: Math.ceil((clock.nowMs() + 30_000) / 1000),
    });
    expect(server.stubRequests).toHaveLength(1);

    clock.advance(29_000);
    expect(server.stubRequests).toHaveLength(1);
    const second = next(session, 'credvault:bearers.keepFresh');
    clock.advance(1_000);
    expect(await second).toMatchObject({
      ok: false,
      retryAtUnix: Math.ceil((clock.nowMs() + 60_000) / 1000),
    });
    expect(server.stubRequests).toHaveLength(2);
    const row = (await session.listBearers({})).bearers[0];
    expect(row?.lastRefresh).toMatchObject({ ok: false });
  });

  it('tells at start what expired while nothing ran, once per home; resume() catches up after sleep', async () => {
    const home = makeTempDir();
    const clock = new FakeClock(Date.now());
    const root = join(home, 'bearers');
    const first = await open(home, clock);
    await first.putBearer({
      ref: { root, id: 'stale' },
      record: { accessToken: 'a', refreshToken: '', expiresAtUnix: clock.nowUnix() - 60 },
      force: false,
    });
    await first.putBearer({
      ref: { root, id: 'later' },
      record: { accessToken: 'b', refreshToken: '', expiresAtUnix: clock.nowUnix() + 7200 },
      force: false,
    });
    const told = record(first, 'credvault:notification');
    const trays = record(first, 'credvault:tray.changed');
    await first.startWatching();
    expect(told.map((n) => n.title)).toEqual(['stale has expired']);
    expect(trays.at(-1)).toMatchObject({ state: 'expired', counts: { expired: 1, ok: 1 } });
    const tray = await sessionTray(first, clock).model();
    expect(tray.items.map((item) => item.label)).toEqual(['stale — expired 1 min ago']);

    const second = await open(home, clock);
    const toldAgain = record(second, 'credvault:notification');
    await second.startWatching();
    expect(toldAgain).toEqual([]);

    const expiry = record(first, 'credvault:bearers.expiry');
    clock.sleep(3 * 3600_000);
    expect(expiry).toEqual([]);
    first.resume();
    expect(expiry).toEqual([
      expect.objectContaining({ ref: { root, id: 'later' }, from: 'ok', to: 'expired' }),
    ]);
    // close() resolves once nothing it started still writes. The notification
    // for that transition was claimed, but closing came before it was shown:
    // it is given back, not lost, and the next start tells it.
    await first.close();
    expect(
      new NotificationMemory(home)
        .remembered()
        .map((key) => `${key.id}:${key.state}`)
        .sort(),
    ).toEqual(['stale:expired']);
    const third = await open(home, clock);
    const toldNext = record(third, 'credvault:notification');
    await third.startWatching();
    expect(toldNext.map((n) => n.title)).toEqual(['later has expired']);
  });

  it('a session that does not watch (the CLI) plans no timer and remembers nothing', async () => {
    const home = makeTempDir();
    const clock = new FakeClock(Date.now());
    const session = await open(home, clock);
    await session.putBearer({
      ref: { root: join(home, 'bearers'), id: 'soon' },
      record: { accessToken: 'a', refreshToken: '', expiresAtUnix: clock.nowUnix() + 60 },
      force: false,
    });
    expect((await session.listBearers({})).bearers[0]?.status).toBe('near_expiry');
    expect(clock.pending).toBe(0);
    expect(existsSync(join(home, NOTIFICATIONS_FILE))).toBe(false);
  });
});

describe('what makes the watch list again', () => {
  function watchOver(home: string) {
    const clock = new FakeClock(Date.now());
    const events = new EventHub();
    const root = join(home, 'bearers');
    const asked: Array<string[] | 'all'> = [];
    let release: (() => void) | null = null;
    const watch = new ExpiryWatch({
      home,
      clock,
      events,
      listBearers: async ({ roots }) => {
        asked.push(roots ?? 'all');
        // A slow disk: the test says when the list is done.
        await new Promise<void>((done) => (release = done));
        return {
          bearers: [
            {
              root,
              id: 'a',
              status: 'ok',
              expiresAtUnix: clock.nowUnix() + 3600,
              windowS: 300,
              error: null,
              warning: null,
              tokenKind: 'opaque',
              provider: null,
              keepFresh: false,
              storage: 'plain',
              lastRefresh: null,
            },
          ],
          rootErrors: [],
        };
      },
      refreshBearer: async () => ({ requested: false, expiresAtUnix: 0 }),
      notificationsEnabled: async () => true,
    });
    onTestFinished(() => watch.close());
    /** Waits (a bounded number of turns) until `ready()`. */
    const until = async (ready: () => boolean) => {
      for (let turn = 0; turn < 1000 && !ready(); turn++)
        await new Promise((resolve) => setImmediate(resolve));
    };
    /** Lets the list under way finish, then waits for the next one to start or for quiet. */
    const finishList = async () => {
      await until(() => release !== null);
      const done = release as (() => void) | null;
      release = null;
      done?.();
      await Promise.race([watch.idle(), until(() => release !== null)]);
    };
    return { watch, events, root, asked, finishList };
  }

  it('one list per burst of changes, only the root that changed, all for settings and the keychain', async () => {
    const { watch, events, root, asked, finishList } = watchOver(makeTempDir());
    const started = watch.start();
    await finishList();
    await started;
    expect(asked).toEqual(['all']);

    // Five changes while a list runs: one more list, of that root.
    events.emit('credvault:bearers.changed', { root, ids: ['a'], origin: 'disk' });
    for (let i = 0; i < 5; i++)
      events.emit('credvault:bearers.changed', { root, ids: ['a'], origin: 'disk' });
    await finishList();
    await finishList();
    expect(asked).toEqual(['all', [root], [root]]);

    events.emit('credvault:keychain.changed', { masterKey: 'present', reason: null });
    await finishList();
    // A root it has not seen (empty at the last list, or new): everything.
    events.emit('credvault:bearers.changed', { root: '/srv/new', ids: ['x'], origin: 'disk' });
    await finishList();
    expect(asked).toEqual(['all', [root], [root], 'all', 'all']);
  });
});
