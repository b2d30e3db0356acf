/**
 * The whole road over a real vault: an envelope client on one end of a
 * MessageChannel, serveCall and the handler table on the other, over
 * `openVault` on a temp home. Every answer is checked against its channel's
 * schema (strict: a field the contract does not name fails), and only the
 * secret channels may carry a secret.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MessageChannel } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import {
  CHANNELS,
  ContractError,
  SECRET_CHANNELS,
  type ChannelName,
  type ChannelRequest,
  type ChannelResponse,
  type EventName,
  type EventPayload,
} from '@shared/contract';
import { LEAK_MARKER, markedSecret } from '../../../test-support/leak-marker';
import { startOidcTestServer, type OidcTestServer } from '../../../test-support/oidc-test-server';
import { makeTempDir } from '../../../test-support/temp-dir';
import { openVault } from '../session/open-vault';
import { createEnvelopeClient } from './envelope-client';
import { forwardEvents } from './forward-events';
import { createHandlerTable } from './handler-table';
import { serveCall } from './serve-call';
import { fromWorkerPort } from './worker-port';

const nowUnix = () => Math.floor(Date.now() / 1000);

async function connectVault() {
  const home = makeTempDir('credvault-contract-');
  const session = await openVault(home);
  const table = createHandlerTable(session, { mode: 'cli', version: '0.0.0-test' });
  const { port1: server, port2: clientEnd } = new MessageChannel();
  server.on('message', (message: unknown) => {
    void serveCall(table, message, { transport: 'worker' }).then((result) =>
      server.postMessage(result),
    );
  });
  const stopForwarding = forwardEvents(session, (envelope) => server.postMessage(envelope));
  const client = createEnvelopeClient(fromWorkerPort(clientEnd));
  onTestFinished(async () => {
    client.close();
    stopForwarding();
    server.close();
    clientEnd.close();
    await session.close();
  });

  /** A call over the wire; its answer must parse strictly, and hold no secret unless the channel says so. */
  async function call<C extends ChannelName>(
    channel: C,
    request: ChannelRequest<C>,
  ): Promise<ChannelResponse<C>> {
    const value = await client.call(channel, request);
    expect(CHANNELS[channel].response.parse(value)).toEqual(value);
    if (!(SECRET_CHANNELS as readonly ChannelName[]).includes(channel)) {
      expect(JSON.stringify(value)).not.toContain(LEAK_MARKER);
    }
    return value;
  }

  async function failure(promise: Promise<unknown>): Promise<ContractError> {
    const error = await promise.then(
      () => {
        throw new Error('expected the call to fail');
      },
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ContractError);
    expect((error as ContractError).message).not.toContain(LEAK_MARKER);
    return error as ContractError;
  }

  function heard<E extends EventName>(event: E): Array<EventPayload<E>> {
    const payloads: Array<EventPayload<E>> = [];
    client.subscribe(event, (payload) => payloads.push(payload));
    return payloads;
  }

  return { home, session, client, call, failure, heard, root: join(home, 'bearers') };
}

function record(expiresInS = 3600) {
  return {
    accessToken: markedSecret('access'),
    refreshToken: markedSecret('refresh'),
    expiresAtUnix: nowUnix() + expiresInS,
  };
}

describe('the contract over a real vault', () => {
  it('bearers: put is in the next list and announced, show, reveal, remove; two roots side by side', async () => {
    const { call, failure, heard, root, home } = await connectVault();
    const changed = heard('credvault:bearers.changed');
    const first = record();
    const put = await call('credvault:bearers.put', {
      ref: { root, id: 'agent-a' },
      record: first,
    });
    expect(put.bearer).toMatchObject({ root, id: 'agent-a', status: 'ok' });

    const listed = await call('credvault:bearers.list', {});
    expect(listed.bearers.map((b) => [b.root, b.id])).toEqual([[root, 'agent-a']]);
    const shown = await call('credvault:bearers.show', { ref: { root, id: 'agent-a' } });
    expect(shown.expiresAtUnix).toBe(first.expiresAtUnix);
    const revealed = await call('credvault:bearers.reveal', { ref: { root, id: 'agent-a' } });
    expect(revealed).toMatchObject({
      accessToken: first.accessToken,
      refreshToken: first.refreshToken,
    });

    // A second root, holding the same id: kept apart.
    const other = join(home, 'elsewhere');
    const settings = await call('credvault:settings.addRoot', { path: other });
    expect(settings.roots.map((r) => r.path)).toEqual([root, other]);
    await call('credvault:bearers.put', {
      ref: { root: other, id: 'agent-a' },
      record: record(60),
    });
    const both = await call('credvault:bearers.list', {});
    expect(both.bearers.map((b) => [b.root, b.id, b.status])).toEqual(
      [
        [root, 'agent-a', 'ok'],
        [other, 'agent-a', 'near_expiry'],
      ].sort(),
    );

    const removed = await call('credvault:bearers.remove', { ref: { root, id: 'agent-a' } });
    expect(removed).toEqual({ ref: { root, id: 'agent-a' }, unlinkedFrom: null });
    const after = await call('credvault:bearers.list', {});
    expect(after.bearers.map((b) => b.root)).toEqual([other]);
    expect(changed).toContainEqual({ root, ids: ['agent-a'], origin: 'session' });

    const gone = await failure(call('credvault:bearers.show', { ref: { root, id: 'agent-a' } }));
    expect(gone.kind).toBe('not-found');
    const bad = await failure(call('credvault:bearers.show', { ref: { root, id: '../x' } }));
    expect(bad.kind).toBe('bad-input');
  });

  it('settings, keys and workspace token files', async () => {
    const { call, home, heard } = await connectVault();
    const keysChanged = heard('credvault:keys.changed');
    const updated = await call('credvault:settings.update', {
      theme: 'dark',
      clipboard: { clearAfterS: 10 },
    });
    expect(updated).toMatchObject({ theme: 'dark', clipboard: { clearAfterS: 10 } });
    expect(await call('credvault:settings.get', {})).toEqual(updated);
    expect(
      (await call('credvault:settings.updateRoot', { path: join(home, 'bearers'), windowS: 60 }))
        .roots[0],
    ).toMatchObject({ windowS: 60 });

    const minted = await call('credvault:keys.mint', { name: 'ci' });
    expect(minted).toMatchObject({ name: 'ci', createdFile: true });
    const listed = await call('credvault:keys.list', {});
    expect(listed.keys.map((k) => k.name)).toEqual(['ci']);
    expect(JSON.stringify(listed)).not.toContain(minted.key);
    expect(await call('credvault:keys.validate', { key: minted.key })).toMatchObject({
      valid: true,
      name: 'ci',
    });
    expect((await call('credvault:keys.revoke', { name: 'ci' })).revoked).toHaveLength(1);
    expect((await call('credvault:keys.validate', { key: minted.key })).valid).toBe(false);
    expect(keysChanged.length).toBeGreaterThanOrEqual(2);

    const tokenFile = join(home, 'project', '.auth_token');
    mkdirSync(join(home, 'project'));
    const token = markedSecret('workspace');
    expect(await call('credvault:workspace.set', { path: tokenFile, token })).toEqual({
      path: tokenFile,
      written: true,
    });
    await call('credvault:settings.update', { tokenFiles: [tokenFile] });
    expect(await call('credvault:workspace.list', {})).toEqual({
      files: [{ path: tokenFile, present: true, error: null }],
    });
    expect(await call('credvault:workspace.reveal', { path: tokenFile })).toEqual({
      path: tokenFile,
      token,
    });
  });

  it('providers: add, list, link a bearer, refuse then force removal', async () => {
    const { call, failure, root } = await connectVault();
    const provider = await call('credvault:providers.add', {
      provider: {
        name: 'acme',
        tokenUrl: 'https://id.example.com/token',
        clientId: 'credvault',
        clientAuth: 'client_secret_post',
        scope: 'openid',
        extraParams: {},
        issuer: null,
        jwksUrl: null,
        pasetoPublicKeyHex: null,
        userinfoUrl: null,
      },
      clientSecret: markedSecret('client'),
    });
    expect(provider).toMatchObject({ name: 'acme', hasClientSecret: true, linkedBearers: [] });
    await call('credvault:bearers.put', { ref: { root, id: 'agent-a' }, record: record() });
    const ref = { root, id: 'agent-a' };
    expect(await call('credvault:bearers.link', { ref, provider: 'acme' })).toEqual({
      ref,
      provider: 'acme',
    });
    const [listed] = (await call('credvault:providers.list', {})).providers;
    expect(listed?.linkedBearers).toEqual([ref]);
    expect((await call('credvault:bearers.show', { ref })).provider).toBe('acme');

    const refused = await failure(call('credvault:providers.remove', { name: 'acme' }));
    expect(refused.kind).toBe('bad-input');
    expect(await call('credvault:providers.remove', { name: 'acme', force: true })).toEqual({
      name: 'acme',
      unlinked: [ref],
    });
    expect((await call('credvault:bearers.show', { ref })).provider).toBeNull();
  });

  it('inspects pasted text without echoing it', async () => {
    const { call } = await connectVault();
    const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    const claims = Buffer.from(JSON.stringify({ sub: 'ada', exp: nowUnix() + 60 })).toString(
      'base64url',
    );
    const token = `${header}.${claims}.${Buffer.from(markedSecret('sig')).toString('base64url')}`;
    const inspection = await call('credvault:inspect.run', {
      source: { kind: 'text', token },
      verify: false,
    });
    expect(inspection).toMatchObject({ kind: 'jwt', subject: 'ada' });
    expect(inspection.signature.state).toBe('not-checked');
    expect(JSON.stringify(inspection)).not.toContain(token.split('.')[2]);
  });

  it('answers app.info from the session and the host, and refuses what this host lacks', async () => {
    const { call, failure, home } = await connectVault();
    expect(await call('credvault:app.info', {})).toEqual({
      version: '0.0.0-test',
      home,
      mode: 'cli',
    });
    expect(await call('credvault:app.resume', {})).toEqual({});
    const copy = await failure(
      call('credvault:clipboard.copyBearer', {
        ref: { root: join(home, 'bearers'), id: 'agent-a' },
        as: 'token',
      }),
    );
    expect(copy.kind).toBe('unsupported');
  });

  it('a root that is a file: listed as a root error, written as an environment error', async () => {
    const { call, failure, home } = await connectVault();
    const file = join(home, 'not-a-folder');
    writeFileSync(file, 'x');
    const listed = await call('credvault:bearers.list', { roots: [file] });
    expect(listed.bearers).toEqual([]);
    expect(listed.rootErrors).toEqual([
      { root: file, error: expect.stringContaining(file), kind: 'environment' },
    ]);
    const error = await failure(
      call('credvault:bearers.put', { ref: { root: file, id: 'x' }, record: record() }),
    );
    expect(error.kind).toBe('environment');
  });
});

describe('the contract over a real vault and a real OAuth server', () => {
  let server: OidcTestServer;
  beforeAll(async () => {
    server = await startOidcTestServer();
  });
  afterAll(async () => {
    await server.close();
  });

  async function withProvider() {
    const vault = await connectVault();
    await vault.call('credvault:providers.add', {
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
    return vault;
  }

  it('refreshes a linked bearer and checks its session version', async () => {
    const { call, root } = await withProvider();
    const ref = { root, id: 'agent' };
    await call('credvault:bearers.put', {
      ref,
      record: {
        accessToken: markedSecret('old'),
        refreshToken: await server.issueRefreshToken('post'),
        expiresAtUnix: nowUnix() + 30,
      },
    });
    await call('credvault:bearers.link', { ref, provider: 'oidc' });
    const outcome = await call('credvault:bearers.refresh', { ref });
    expect(outcome).toMatchObject({ ref, provider: 'oidc', requested: true, rotated: true });
    expect(await call('credvault:bearers.checkSv', { ref })).toMatchObject({
      result: 'current',
      signature: 'verified',
    });
    const usable = await call('credvault:bearers.token', { ref });
    expect(usable).toMatchObject({ ref, refreshed: false, expiresAtUnix: outcome.expiresAtUnix });
  });

  it('gets a client-credentials token, returned or stored as a bearer', async () => {
    const { call, root } = await withProvider();
    const returned = await call('credvault:providers.token', { name: 'oidc' });
    expect(returned.accessToken).toEqual(expect.any(String));
    expect(returned.storedAs).toBeNull();

    const ref = { root, id: 'service' };
    const stored = await call('credvault:providers.token', { name: 'oidc', storeAs: ref });
    expect(stored).toMatchObject({ accessToken: null, storedAs: ref });
    expect(await call('credvault:bearers.show', { ref })).toMatchObject({
      provider: 'oidc',
      status: 'ok',
    });
    const inspection = await call('credvault:inspect.run', {
      source: { kind: 'bearer', ref },
    });
    expect(inspection.signature.state).toBe('verified');
  });
});
