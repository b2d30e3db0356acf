/**
 * Bearers through one vault session, as the app and the CLI will call them
 * (each request parsed and each answer checked against the contract): writes
 * that are in the next list at once, several roots side by side, and what a
 * row says beyond the files (token kind, provider, keep-fresh, last refresh).
 */
import { chmodSync, mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import type { EventPayload } from '@shared/contract';
import { markedSecret, rejectionOf } from '../../../test-support/leak-marker';
import { startOidcTestServer, type OidcTestServer } from '../../../test-support/oidc-test-server';
import { callAs } from '../../../test-support/session-context-fixture';
import { makeTempDir } from '../../../test-support/temp-dir';
import type { VaultError } from '../errors';
import { openVault } from './open-vault';
import type { VaultSession } from './session-api';

const FAR = 4102444800;
const nowUnix = () => Math.floor(Date.now() / 1000);

async function open(home: string): Promise<VaultSession> {
  const session = await openVault(home);
  onTestFinished(() => session.close());
  return session;
}

function record(accessToken: string, expiresAtUnix = FAR, refreshToken = 'r') {
  return { accessToken, refreshToken, expiresAtUnix };
}

const list = (session: VaultSession, request: { roots?: string[]; windowS?: number } = {}) =>
  callAs('credvault:bearers.list', session.listBearers, request);

const put = (session: VaultSession, root: string, id: string, accessToken: string, at = FAR) =>
  callAs('credvault:bearers.put', session.putBearer, {
    ref: { root, id },
    record: record(accessToken, at),
  });

/** A provider to link bearers to (never asked anything in these tests). */
function addAcme(session: VaultSession) {
  return callAs('credvault:providers.add', session.addProvider, {
    provider: {
      name: 'acme',
      tokenUrl: 'https://auth.acme.example/token',
      clientId: 'cli',
      clientAuth: 'none',
      scope: null,
      extraParams: {},
      issuer: null,
      jwksUrl: null,
      pasetoPublicKeyHex: null,
      userinfoUrl: null,
    },
  });
}

describe('bearer writes through the session', () => {
  it('are in the next list at once, with the watch running, and announced', async () => {
    const home = makeTempDir();
    const root = join(home, 'bearers');
    const session = await open(home);
    await session.startWatching();
    const events: Array<EventPayload<'credvault:bearers.changed'>> = [];
    session.subscribe('credvault:bearers.changed', (event) => {
      if (event.origin === 'session') events.push(event);
    });
    expect((await list(session)).bearers).toEqual([]);

    await put(session, root, 'agent-A', 'a1');
    expect((await list(session)).bearers.map((row) => [row.id, row.expiresAtUnix])).toEqual([
      ['agent-A', FAR],
    ]);
    await put(session, root, 'agent-B', 'b1');
    await put(session, root, 'agent-A', 'a2', FAR + 60);
    expect((await list(session)).bearers.map((row) => [row.id, row.expiresAtUnix])).toEqual([
      ['agent-A', FAR + 60],
      ['agent-B', FAR],
    ]);
    await callAs('credvault:bearers.remove', session.removeBearer, {
      ref: { root, id: 'agent-B' },
    });
    expect((await list(session)).bearers.map((row) => row.id)).toEqual(['agent-A']);
    expect(events).toEqual(
      ['agent-A', 'agent-B', 'agent-A', 'agent-B'].map((id) => ({
        root,
        ids: [id],
        origin: 'session',
      })),
    );
  });
});

describe('several roots', () => {
  it('list side by side, by root then id, and the same id in each is kept apart', async () => {
    const home = makeTempDir();
    const mine = join(home, 'bearers');
    const theirs = join(home, 'agents');
    const session = await open(home);
    await session.addRoot({ path: theirs });
    await session.startWatching();
    const [mineToken, theirsToken] = [markedSecret('mine'), markedSecret('theirs')];
    await put(session, mine, 'agent-A', mineToken, FAR);
    await put(session, theirs, 'agent-A', theirsToken, FAR + 1);
    await put(session, theirs, 'agent-0', 'zero-token');
    await put(session, mine, 'agent-Z', 'zed-token');

    await addAcme(session);
    await session.linkBearer({ ref: { root: theirs, id: 'agent-A' }, provider: 'acme' });

    const rows = (await list(session)).bearers.map((row) => [
      row.root,
      row.id,
      row.expiresAtUnix,
      row.provider,
    ]);
    expect(rows).toEqual([
      [theirs, 'agent-0', FAR, null],
      [theirs, 'agent-A', FAR + 1, 'acme'],
      [mine, 'agent-A', FAR, null],
      [mine, 'agent-Z', FAR, null],
    ]);
    expect(
      (await list(session, { roots: [theirs] })).bearers.map((row) => [row.root, row.id]),
    ).toEqual([
      [theirs, 'agent-0'],
      [theirs, 'agent-A'],
    ]);

    const show = (root: string) =>
      callAs('credvault:bearers.show', session.showBearer, { ref: { root, id: 'agent-A' } });
    expect((await show(theirs)).expiresAtUnix).toBe(FAR + 1);
    expect((await show(mine)).expiresAtUnix).toBe(FAR);
    const revealed = await callAs('credvault:bearers.reveal', session.revealBearer, {
      ref: { root: theirs, id: 'agent-A' },
    });
    expect(revealed.accessToken).toBe(theirsToken);

    await callAs('credvault:bearers.remove', session.removeBearer, {
      ref: { root: mine, id: 'agent-A' },
    });
    expect((await list(session)).bearers.map((row) => [row.root, row.id])).toEqual([
      [theirs, 'agent-0'],
      [theirs, 'agent-A'],
      [mine, 'agent-Z'],
    ]);
    expect((await show(theirs)).expiresAtUnix).toBe(FAR + 1);
    const gone = (await rejectionOf(show(mine))) as VaultError;
    expect(gone.kind).toBe('not-found');
  });

  it('list the others when one root cannot be listed; a missing default root holds none', async () => {
    const home = makeTempDir();
    const session = await open(home);
    const broken = join(home, 'broken');
    const fine = join(home, 'fine');
    mkdirSync(broken);
    await session.addRoot({ path: broken });
    await session.addRoot({ path: fine });
    await put(session, fine, 'agent-A', 'a');
    chmodSync(broken, 0o000);
    onTestFinished(() => chmodSync(broken, 0o700));
    const answer = await list(session);
    expect(answer.bearers.map((row) => [row.root, row.id])).toEqual([[fine, 'agent-A']]);
    if (process.getuid?.() !== 0) {
      // root reads any folder whatever its mode: there is nothing to refuse then.
      expect(answer.rootErrors).toEqual([
        { root: broken, error: `cannot list ${broken}: permission denied`, kind: 'environment' },
      ]);
    }
    const missing = join(home, 'missing');
    expect(await list(session, { roots: [missing] })).toEqual({
      bearers: [],
      rootErrors: [{ root: missing, error: `no bearer root at ${missing}`, kind: 'not-found' }],
    });
  });
});

describe('a bearer row', () => {
  it('says what its token looks like, its provider, whether it is kept fresh, its window', async () => {
    const home = makeTempDir();
    const root = join(home, 'bearers');
    const session = await open(home);
    const header = Buffer.from('{"alg":"ES256","typ":"JWT"}').toString('base64url');
    await put(session, root, 'agent-jwt', `${header}.e30.${'s'.repeat(20)}`);
    await put(session, root, 'agent-paseto', `v4.public.${'p'.repeat(40)}`);
    await put(session, root, 'agent-opaque', 'opaque-token-0123456789');
    await put(session, root, 'agent-soon', 'soon-token-0123456789', nowUnix() + 120);
    // Broken by hand long ago (a fresh broken file is first waited on, in case it is mid-write).
    writeFileSync(join(root, 'agent-opaque', 'expires_at.json'), '"soon"', { mode: 0o600 });
    const longAgo = new Date('2026-01-01T00:00:00Z');
    for (const file of ['access_token.json', 'refresh_token.json', 'expires_at.json'])
      utimesSync(join(root, 'agent-opaque', file), longAgo, longAgo);

    await addAcme(session);
    await callAs('credvault:bearers.link', session.linkBearer, {
      ref: { root, id: 'agent-jwt' },
      provider: 'acme',
    });
    await callAs('credvault:bearers.setKeepFresh', session.setKeepFresh, {
      ref: { root, id: 'agent-paseto' },
      enabled: true,
    });

    const rows = Object.fromEntries((await list(session)).bearers.map((row) => [row.id, row]));
    expect(rows['agent-jwt']).toMatchObject({
      tokenKind: 'jwt',
      provider: 'acme',
      keepFresh: false,
      storage: 'plain',
      lastRefresh: null,
      windowS: 300,
      status: 'ok',
    });
    expect(rows['agent-paseto']).toMatchObject({ tokenKind: 'paseto-v4-public', keepFresh: true });
    expect(rows['agent-opaque']).toMatchObject({
      status: 'invalid',
      tokenKind: null,
      expiresAtUnix: null,
    });
    expect(rows['agent-soon']).toMatchObject({ tokenKind: 'opaque', status: 'near_expiry' });
    // Another window for one call, or for the root from now on.
    const narrow = await list(session, { windowS: 60 });
    expect(narrow.bearers.find((row) => row.id === 'agent-soon')).toMatchObject({
      status: 'ok',
      windowS: 60,
    });
    await session.updateRoot({ path: root, windowS: 30, keepFresh: true });
    const after = Object.fromEntries((await list(session)).bearers.map((row) => [row.id, row]));
    expect(after['agent-soon']).toMatchObject({ status: 'ok', windowS: 30, keepFresh: true });

    // Unlinking: provider null.
    await callAs('credvault:bearers.link', session.linkBearer, {
      ref: { root, id: 'agent-jwt' },
      provider: null,
    });
    expect(
      (
        await callAs('credvault:bearers.show', session.showBearer, {
          ref: { root, id: 'agent-jwt' },
        })
      ).provider,
    ).toBeNull();
  });

  it('forgets its provider link when removed', async () => {
    const home = makeTempDir();
    const root = join(home, 'bearers');
    const session = await open(home);
    await addAcme(session);
    await put(session, root, 'agent', 'token-0123456789');
    await session.linkBearer({ ref: { root, id: 'agent' }, provider: 'acme' });
    expect(
      await callAs('credvault:bearers.remove', session.removeBearer, {
        ref: { root, id: 'agent' },
      }),
    ).toEqual({ ref: { root, id: 'agent' }, unlinkedFrom: 'acme' });
    await put(session, root, 'agent', 'token-0123456789');
    expect((await list(session)).bearers[0]?.provider).toBeNull();
  });

  it('forgets its keep-fresh mark when removed, and says so to every window', async () => {
    const home = makeTempDir();
    const root = join(home, 'bearers');
    const session = await open(home);
    await put(session, root, 'agent', 'token-0123456789');
    await put(session, root, 'other', 'token-9876543210');
    for (const id of ['agent', 'other'])
      await session.setKeepFresh({ ref: { root, id }, enabled: true });
    const pushed: Array<EventPayload<'credvault:settings.changed'>> = [];
    const stop = session.subscribe('credvault:settings.changed', (next) => pushed.push(next));
    onTestFinished(stop);

    await callAs('credvault:bearers.remove', session.removeBearer, { ref: { root, id: 'agent' } });
    expect((await session.getSettings({})).keepFreshBearers).toEqual([{ root, id: 'other' }]);
    expect(pushed.at(-1)?.keepFreshBearers).toEqual([{ root, id: 'other' }]);
    // A new bearer of that id is not kept fresh unasked.
    await put(session, root, 'agent', 'token-0123456789');
    expect((await list(session)).bearers.find((row) => row.id === 'agent')?.keepFresh).toBe(false);
  });
});

describe('refreshing through the session', () => {
  let server: OidcTestServer;
  beforeAll(async () => {
    server = await startOidcTestServer();
  });
  afterAll(async () => {
    await server.close();
  });

  it('is in the next list, announced, and remembered as the last refresh', async () => {
    const home = makeTempDir();
    const root = join(home, 'bearers');
    const session = await open(home);
    await session.startWatching();
    await callAs('credvault:providers.add', session.addProvider, {
      provider: {
        name: 'oidc',
        tokenUrl: server.tokenUrl,
        clientId: server.clients.post.id,
        clientAuth: 'client_secret_post',
        scope: null,
        extraParams: {},
        issuer: server.issuer,
        jwksUrl: server.jwksUrl,
        pasetoPublicKeyHex: null,
        userinfoUrl: server.svUserinfoUrl,
      },
      clientSecret: server.clients.post.secret,
    });
    server.tokenSv = 1;
    server.svReply = { sessionVersion: 1 };
    const ref = { root, id: 'agent' };
    await callAs('credvault:bearers.put', session.putBearer, {
      ref,
      record: record(markedSecret('old'), nowUnix() + 30, await server.issueRefreshToken('post')),
    });
    await session.linkBearer({ ref, provider: 'oidc' });
    expect((await list(session)).bearers[0]?.lastRefresh).toBeNull();
    const events: Array<EventPayload<'credvault:bearers.changed'>> = [];
    session.subscribe('credvault:bearers.changed', (event) => events.push(event));

    const outcome = await callAs('credvault:bearers.refresh', session.refreshBearer, { ref });
    expect(outcome).toMatchObject({ ref, provider: 'oidc', requested: true, rotated: true });
    expect(events).toContainEqual({ root, ids: ['agent'], origin: 'session' });
    const row = (await list(session)).bearers[0];
    expect(row).toMatchObject({
      expiresAtUnix: outcome.expiresAtUnix,
      tokenKind: 'jwt',
      status: 'ok',
      lastRefresh: { ok: true },
    });
    expect(row?.lastRefresh?.message).toContain(String(outcome.expiresAtUnix));

    // The break-glass check of the refreshed token, against the server's session version.
    const check = await callAs('credvault:bearers.checkSv', session.checkSv, { ref });
    expect(check).toEqual({
      ref,
      result: 'current',
      tokenSv: 1,
      currentSv: 1,
      reason: null,
      detail: null,
      provider: 'oidc',
      signature: 'verified',
      signatureReason: null,
    });
  });
});
