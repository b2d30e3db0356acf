/**
 * The vault worker host over a real worker thread and a real session on a
 * temp home: every channel and event of the contract crosses it, each port
 * keeps the caller it was opened with, a dying worker fails the calls
 * waiting on it without taking this process along, and close() ends it all.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { join, resolve } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import {
  CHANNELS,
  ContractError,
  EVENT_NAMES,
  SECRET_CHANNELS,
  type ChannelName,
  type ChannelRequest,
  type ErrorKind,
  type EventName,
} from '@shared/contract';
import { EVENT_FIXTURES } from '../../../test-support/contract-fixtures';
import { LEAK_MARKER, markedSecret } from '../../../test-support/leak-marker';
import { makeTempDir } from '../../../test-support/temp-dir';
import type { EnvelopeClient } from '../api/envelope-client';
import { bearerAuthorizationLine } from '../oauth/authorization-header';
import { clipboardHandlers } from './host-side-handlers';
import { startVaultWorker, type VaultWorkerOptions } from './worker-host';

const REPO = resolve(import.meta.dirname, '..', '..', '..');
const CHILDREN = join(REPO, 'test-support', 'children');
const WORKER_UNDER_TEST = join(CHILDREN, 'vault-worker-under-test.ts');
const FAR_FUTURE = 4102444800;

function withoutDbus(env: NodeJS.ProcessEnv): Record<string, string | undefined> {
  const rest: Record<string, string | undefined> = { ...env };
  delete rest.DBUS_SESSION_BUS_ADDRESS;
  delete rest.DISPLAY;
  return rest;
}

async function startHost(options: Partial<VaultWorkerOptions> = {}) {
  const home = options.home ?? makeTempDir('credvault-host-');
  const host = await startVaultWorker({
    home,
    mode: 'desktop',
    version: '0.0.0-test',
    ...options,
  });
  onTestFinished(async () => {
    await host.close();
  });
  const connect = (transport: 'ipc' | 'web' | 'worker' | 'cli'): EnvelopeClient => {
    const client = host.connect({ transport });
    onTestFinished(() => client.close());
    return client;
  };
  return { host, home, root: join(home, 'bearers'), connect };
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

/** A server that accepts connections and never answers: a call to it stays in flight. */
async function silentServer(): Promise<string> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
  });
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  onTestFinished(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((done) => server.close(done));
  });
  const { port } = server.address() as { port: number };
  return `http://127.0.0.1:${port}/token`;
}

function provider(name: string, tokenUrl: string) {
  return {
    provider: {
      name,
      tokenUrl,
      clientId: 'credvault',
      clientAuth: 'client_secret_post' as const,
      scope: null,
      extraParams: {},
      issuer: null,
      jwksUrl: null,
      pasetoPublicKeyHex: null,
      userinfoUrl: null,
    },
    clientSecret: markedSecret('client'),
  };
}

/**
 * One call per channel, in an order that builds the state the next ones
 * need, with what it must answer: a value its schema accepts, or an error
 * of the kind named. A mapped type: a channel added to the contract without
 * a call here is a compile error.
 */
type Step<C extends ChannelName> = { request: ChannelRequest<C>; answer: 'value' | ErrorKind };
function everyChannel(home: string): { [C in ChannelName]: Step<C> } {
  const root = join(home, 'bearers');
  const other = join(home, 'other');
  const ref = { root, id: 'agent-a' };
  const tokenFile = join(home, 'project', '.auth_token');
  return {
    'credvault:settings.get': { request: {}, answer: 'value' },
    'credvault:settings.update': {
      request: { theme: 'dark', tokenFiles: [tokenFile] },
      answer: 'value',
    },
    'credvault:settings.addRoot': { request: { path: other }, answer: 'value' },
    'credvault:settings.updateRoot': { request: { path: root, windowS: 600 }, answer: 'value' },
    'credvault:settings.removeRoot': { request: { path: other }, answer: 'value' },
    'credvault:bearers.put': {
      request: {
        ref,
        record: {
          accessToken: markedSecret('access'),
          refreshToken: markedSecret('refresh'),
          expiresAtUnix: FAR_FUTURE,
        },
      },
      answer: 'value',
    },
    'credvault:bearers.list': { request: {}, answer: 'value' },
    'credvault:bearers.show': { request: { ref }, answer: 'value' },
    'credvault:bearers.reveal': { request: { ref }, answer: 'value' },
    'credvault:bearers.token': { request: { ref }, answer: 'value' },
    'credvault:providers.add': {
      // Nothing listens on port 9: a token request fails at once.
      request: provider('acme', 'http://127.0.0.1:9/token'),
      answer: 'value',
    },
    'credvault:providers.edit': {
      request: { name: 'acme', changes: { scope: 'openid' } },
      answer: 'value',
    },
    'credvault:providers.list': { request: {}, answer: 'value' },
    'credvault:bearers.link': { request: { ref, provider: 'acme' }, answer: 'value' },
    'credvault:bearers.setKeepFresh': { request: { ref, enabled: true }, answer: 'value' },
    'credvault:bearers.refresh': { request: { ref }, answer: 'value' },
    'credvault:bearers.checkSv': { request: { ref }, answer: 'value' },
    'credvault:providers.token': { request: { name: 'acme' }, answer: 'network' },
    'credvault:providers.remove': { request: { name: 'acme', force: true }, answer: 'value' },
    'credvault:inspect.run': {
      request: { source: { kind: 'bearer', ref }, verify: false },
      answer: 'value',
    },
    'credvault:bearers.remove': { request: { ref }, answer: 'value' },
    'credvault:keys.mint': { request: { name: 'ci' }, answer: 'value' },
    'credvault:keys.list': { request: {}, answer: 'value' },
    'credvault:keys.validate': { request: { key: 'cv_not-a-key' }, answer: 'value' },
    'credvault:keys.revoke': { request: { name: 'ci' }, answer: 'value' },
    'credvault:workspace.set': {
      request: { path: tokenFile, token: markedSecret('workspace') },
      answer: 'value',
    },
    'credvault:workspace.list': { request: {}, answer: 'value' },
    'credvault:workspace.reveal': { request: { path: tokenFile }, answer: 'value' },
    // No keychain reachable (the host runs without D-Bus): the posture says
    // why, and turning encryption on is refused in the core's words.
    'credvault:keychain.status': { request: {}, answer: 'value' },
    'credvault:keychain.enable': { request: { root }, answer: 'environment' },
    'credvault:keychain.disable': { request: { root }, answer: 'value' },
    'credvault:keychain.retry': { request: {}, answer: 'value' },
    'credvault:tray.get': { request: {}, answer: 'value' },
    // The clipboard lives in the host process: without a host-side handler, none.
    'credvault:clipboard.copyBearer': { request: { ref, as: 'token' }, answer: 'unsupported' },
    'credvault:app.resume': { request: {}, answer: 'value' },
    'credvault:app.info': { request: {}, answer: 'value' },
  };
}

describe('the vault worker host', () => {
  it('serves every channel of the contract from the worker’s session', async () => {
    // Never the developer's own keyring: no D-Bus session, so no keychain at all.
    const { connect, home } = await startHost({ env: withoutDbus(process.env) });
    mkdirSync(join(home, 'project'));
    const client = connect('worker');
    const answers: Record<string, unknown> = {};
    for (const [channel, step] of Object.entries(everyChannel(home)) as Array<
      [ChannelName, Step<ChannelName>]
    >) {
      const outcome = await client.call(channel, step.request as never).then(
        (value) => ({ value }),
        (error: unknown) => ({ error }),
      );
      if ('value' in outcome) {
        expect({ channel, answer: 'value' }).toEqual({ channel, answer: step.answer });
        // Strict: a field the contract does not name fails.
        expect(CHANNELS[channel].response.parse(outcome.value)).toEqual(outcome.value);
        if (!(SECRET_CHANNELS as readonly ChannelName[]).includes(channel)) {
          expect(JSON.stringify(outcome.value)).not.toContain(LEAK_MARKER);
        }
        answers[channel] = outcome.value;
      } else {
        expect(outcome.error).toBeInstanceOf(ContractError);
        const { kind, message } = outcome.error as ContractError;
        expect({ channel, answer: kind }).toEqual({ channel, answer: step.answer });
        expect(message).not.toContain(LEAK_MARKER);
      }
    }
    // The answers are the session's own, not placeholders.
    expect(answers['credvault:app.info']).toEqual({
      version: '0.0.0-test',
      home,
      mode: 'desktop',
    });
    expect(answers['credvault:bearers.list']).toMatchObject({
      bearers: [{ root: join(home, 'bearers'), id: 'agent-a', status: 'ok' }],
    });
    // The tray as the core builds it, from the same bearers.
    expect(answers['credvault:tray.get']).toMatchObject({
      state: 'ok',
      counts: { expired: 0, nearExpiry: 0, attention: 0 },
    });
    expect(answers['credvault:workspace.list']).toEqual({
      files: [{ path: join(home, 'project', '.auth_token'), present: true, error: null }],
    });
  });

  it('forwards the session’s events: a change on disk reaches a page’s client', async () => {
    const { connect, root } = await startHost({ watch: true });
    const own = connect('worker');
    const page = connect('ipc');
    const changes: unknown[] = [];
    page.subscribe('credvault:bearers.changed', (event) => changes.push(event));
    await own.call('credvault:bearers.put', {
      ref: { root, id: 'agent-a' },
      record: { accessToken: markedSecret(), refreshToken: '', expiresAtUnix: FAR_FUTURE },
    });
    const fromDisk = new Promise((heard) => {
      page.subscribe('credvault:bearers.changed', (event) => {
        if (event.origin === 'disk') heard(event);
      });
    });
    // What another program's refresh does last: rewrite the expiry.
    writeFileSync(join(root, 'agent-a', 'expires_at.json'), JSON.stringify(String(FAR_FUTURE + 1)));
    expect(await fromDisk).toEqual({ root, ids: ['agent-a'], origin: 'disk' });
    expect(changes[0]).toEqual({ root, ids: ['agent-a'], origin: 'session' });
    expect(
      (await page.call('credvault:bearers.show', { ref: { root, id: 'agent-a' } })).expiresAtUnix,
    ).toBe(FAR_FUTURE + 1);
  });

  it('forwards every event of the contract to every connected client', async () => {
    const { connect } = await startHost({ entry: WORKER_UNDER_TEST });
    const clients = [connect('worker'), connect('web')];
    const heard = clients.map((client) => {
      const events = new Map<EventName, unknown>();
      for (const event of EVENT_NAMES)
        client.subscribe(event, (payload) => events.set(event, payload));
      return events;
    });
    // Events are posted before the call's answer (an unknown channel).
    await failure(clients[0]!.call('test:emit-every-event' as ChannelName, {} as never));
    await failure(clients[1]!.call('test:emit-every-event' as ChannelName, {} as never));
    for (const events of heard) expect(Object.fromEntries(events)).toEqual(EVENT_FIXTURES);
  });
});

describe('who is calling is fixed when a port is opened', () => {
  it('a page may name only configured paths, whatever its call says; the host’s own port may name any', async () => {
    const { connect, host, home } = await startHost();
    const outside = makeTempDir('credvault-outside-');
    for (const transport of ['web', 'ipc'] as const) {
      const page = connect(transport);
      const refused = await failure(page.call('credvault:bearers.list', { roots: [outside] }));
      expect(refused.kind).toBe('forbidden');
      // A payload that claims another caller is no call at all.
      const claimed = await failure(
        page.call('credvault:bearers.list', {
          roots: [outside],
          transport: 'worker',
        } as ChannelRequest<'credvault:bearers.list'>),
      );
      expect(claimed.kind).toBe('bad-input');
      // The page's configured root is fine.
      expect(await page.call('credvault:bearers.list', { roots: [join(home, 'bearers')] })).toEqual(
        { bearers: [], rootErrors: [] },
      );
    }

    // An envelope that names a caller of its own is refused, not believed.
    const raw = host.openPort({ transport: 'web' });
    onTestFinished(() => raw.close());
    const answers = new Promise<Array<{ id: number }>>((done) => {
      const seen: Array<{ id: number }> = [];
      raw.onMessage((message) => {
        seen.push(message as { id: number });
        if (seen.length === 2) done(seen.sort((a, b) => a.id - b.id));
      });
    });
    raw.post({
      type: 'call',
      id: 7,
      channel: 'credvault:bearers.list',
      payload: { roots: [outside] },
      caller: { transport: 'worker' },
    });
    raw.post({
      type: 'call',
      id: 8,
      channel: 'credvault:bearers.list',
      payload: { roots: [outside] },
    });
    expect(await answers).toEqual([
      expect.objectContaining({
        id: 7,
        ok: false,
        error: expect.objectContaining({ kind: 'bad-input' }),
      }),
      expect.objectContaining({
        id: 8,
        ok: false,
        error: expect.objectContaining({ kind: 'forbidden' }),
      }),
    ]);

    const own = connect('worker');
    expect(await own.call('credvault:bearers.list', { roots: [outside] })).toEqual({
      bearers: [],
      rootErrors: [],
    });
    expect(() => host.connect({ transport: 'root' } as never)).toThrow(ContractError);
  });

  it('the host-side clipboard copies a bearer a page may name, and refuses one it may not', async () => {
    const copied: Array<{ text: string; clearAfterS: number | null }> = [];
    const { connect, root } = await startHost({
      hostSide: clipboardHandlers({
        copySecret: async (text, clearAfterS) => {
          copied.push({ text, clearAfterS });
        },
      }),
    });
    const own = connect('worker');
    const accessToken = markedSecret('access');
    const outside = makeTempDir('credvault-outside-');
    for (const where of [root, outside]) {
      await own.call('credvault:bearers.put', {
        ref: { root: where, id: 'agent-a' },
        record: { accessToken, refreshToken: '', expiresAtUnix: FAR_FUTURE },
      });
    }
    await own.call('credvault:settings.update', { clipboard: { clearAfterS: 15 } });
    const page = connect('ipc');
    expect(
      await page.call('credvault:clipboard.copyBearer', {
        ref: { root, id: 'agent-a' },
        as: 'header',
      }),
    ).toEqual({ clearsAfterS: 15 });
    expect(copied).toEqual([
      { text: bearerAuthorizationLine('agent-a', accessToken), clearAfterS: 15 },
    ]);

    const refused = await failure(
      page.call('credvault:clipboard.copyBearer', {
        ref: { root: outside, id: 'agent-a' },
        as: 'token',
      }),
    );
    expect(refused.kind).toBe('forbidden');
    // Checked by the same schema as in the worker.
    const bad = await failure(
      page.call('credvault:clipboard.copyBearer', { ref: { root, id: '../x' }, as: 'token' }),
    );
    expect(bad.kind).toBe('bad-input');
    expect(copied).toHaveLength(1);
    // The host's own port may copy from anywhere, as it may reveal anything.
    await own.call('credvault:clipboard.copyBearer', {
      ref: { root: outside, id: 'agent-a' },
      as: 'token',
    });
    expect(copied[1]).toEqual({ text: accessToken, clearAfterS: 15 });
  });
});

describe('a worker that dies', () => {
  for (const how of ['exit', 'throw'] as const) {
    it(`(${how}) fails the calls waiting on it with a clear error, and this process carries on`, async () => {
      const { connect, host } = await startHost({ entry: WORKER_UNDER_TEST });
      const own = connect('worker');
      const page = connect('web');
      const crashes: ContractError[] = [];
      host.onCrash((error) => crashes.push(error));
      // A call in flight on another port: a token request to a server that never answers.
      await own.call('credvault:providers.add', provider('silent', await silentServer()));
      const inFlight = own.call('credvault:providers.token', { name: 'silent' });

      const crashing = failure(page.call(`test:crash-${how}` as ChannelName, {} as never));
      for (const error of [await crashing, await failure(inFlight)]) {
        expect(error.kind).toBe('internal');
        expect(error.message).toMatch(
          /^the vault stopped unexpectedly \(its worker exited with code \d+\)/,
        );
      }
      expect(crashes).toHaveLength(1);
      // Later calls fail at once, on old and new clients alike.
      expect((await failure(own.call('credvault:app.info', {}))).kind).toBe('internal');
      expect((await failure(connect('worker').call('credvault:app.info', {}))).kind).toBe(
        'internal',
      );
      await expect(host.loopCount()).rejects.toBeInstanceOf(ContractError);
      expect(await host.close()).toBe('crashed');

      // A new worker starts as before.
      const again = await startHost();
      expect(await again.connect('worker').call('credvault:app.resume', {})).toEqual({});
    });
  }
});

describe('starting', () => {
  it('a session that cannot open its watches: start fails with the session’s own reason', async () => {
    const home = makeTempDir('credvault-host-');
    writeFileSync(join(home, 'settings.json'), '{}', { mode: 0o644 });
    const error = await failure(
      startVaultWorker({ home, watch: true, mode: 'desktop', version: '0.0.0-test' }),
    );
    expect(error.kind).toBe('bad-input');
    expect(error.message).toContain(join(home, 'settings.json'));
  });
});

describe('closing', () => {
  it('closes the session and ends the worker; later calls fail with a clear error', async () => {
    const { connect, host } = await startHost({ watch: true });
    const own = connect('worker');
    await own.call('credvault:bearers.list', {});
    expect(await host.close()).toBe('closed');
    const after = await failure(own.call('credvault:app.info', {}));
    expect(after).toMatchObject({
      kind: 'environment',
      message: 'the vault closed before the call was answered',
    });
    expect(await host.close()).toBe('closed');
  });

  it('leaves nothing running: a process that closes its host exits by itself', () => {
    const home = makeTempDir('credvault-host-exit-');
    const child = spawnSync(
      process.execPath,
      ['--import', 'tsx', join(CHILDREN, 'worker-host-exits.ts'), home],
      { cwd: REPO, encoding: 'utf8', timeout: 15_000 },
    );
    expect(child.stderr).toBe('');
    expect({ status: child.status, stdout: child.stdout }).toEqual({
      status: 0,
      stdout: 'closed\n',
    });
  });

  it('starts from the bundle the build makes (dist/cli/vault-worker.mjs)', async () => {
    const { connect } = await startHost({ entry: join(REPO, 'dist', 'cli', 'vault-worker.mjs') });
    expect(await connect('worker').call('credvault:app.info', {})).toMatchObject({
      mode: 'desktop',
    });
  });
});
