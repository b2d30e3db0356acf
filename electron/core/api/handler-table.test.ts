/**
 * The handler table over a fake session: every channel round-trips through
 * serveCall with a response its schema accepts, reaches the session call it
 * is named for with the request as parsed (defaults filled in), and the
 * channels of later work answer `unsupported` in plain words when the host
 * lacks their port.
 */
import { describe, expect, it } from 'vitest';
import { CHANNELS, CHANNEL_NAMES, type ChannelName, type ResultEnvelope } from '@shared/contract';
import {
  HOME,
  REQUESTS,
  fakeHostPorts,
  fakeSession,
} from '../../../test-support/contract-fixtures';
import { LEAK_MARKER } from '../../../test-support/leak-marker';
import type { VaultSession } from '../session/session-api';
import { createHandlerTable, UNSUPPORTED, type HandlerTable } from './handler-table';
import type { HostPorts } from './host-ports';
import { serveCall } from './serve-call';

/** The session call each channel must reach; `host` for those served by the host or the table. */
const SESSION_METHOD: { [C in ChannelName]: keyof VaultSession | 'host' } = {
  'credvault:bearers.list': 'listBearers',
  'credvault:bearers.show': 'showBearer',
  'credvault:bearers.reveal': 'revealBearer',
  'credvault:bearers.token': 'bearerToken',
  'credvault:bearers.put': 'putBearer',
  'credvault:bearers.remove': 'removeBearer',
  'credvault:bearers.link': 'linkBearer',
  'credvault:bearers.refresh': 'refreshBearer',
  'credvault:bearers.checkSv': 'checkSv',
  'credvault:bearers.setKeepFresh': 'setKeepFresh',
  'credvault:inspect.run': 'inspect',
  'credvault:keys.list': 'listKeys',
  'credvault:keys.mint': 'mintKey',
  'credvault:keys.validate': 'validateKey',
  'credvault:keys.revoke': 'revokeKeys',
  'credvault:workspace.list': 'listTokenFiles',
  'credvault:workspace.reveal': 'revealTokenFile',
  'credvault:workspace.set': 'setTokenFile',
  'credvault:providers.list': 'listProviders',
  'credvault:providers.add': 'addProvider',
  'credvault:providers.edit': 'editProvider',
  'credvault:providers.remove': 'removeProvider',
  'credvault:providers.token': 'clientCredentialsToken',
  'credvault:settings.get': 'getSettings',
  'credvault:settings.update': 'updateSettings',
  'credvault:settings.addRoot': 'addRoot',
  'credvault:settings.updateRoot': 'updateRoot',
  'credvault:settings.removeRoot': 'removeRoot',
  'credvault:keychain.status': 'keychainStatus',
  'credvault:keychain.enable': 'enableKeychain',
  'credvault:keychain.disable': 'disableKeychain',
  'credvault:keychain.retry': 'retryKeychain',
  'credvault:tray.get': 'host',
  'credvault:app.resume': 'host',
  'credvault:app.info': 'host',
  'credvault:clipboard.copyBearer': 'host',
};

const CALLER = { transport: 'worker' } as const;
let nextId = 1;

async function call(table: HandlerTable, channel: string, payload: unknown) {
  const id = nextId++;
  const result = await serveCall(table, { type: 'call', id, channel, payload }, CALLER);
  expect(result.id).toBe(id);
  return result;
}

function errorOf(result: ResultEnvelope) {
  if (result.ok) throw new Error(`expected an error, got ${JSON.stringify(result.value)}`);
  return result.error;
}

function setup(ports: Partial<HostPorts> = {}) {
  const fake = fakeSession();
  const host = fakeHostPorts(ports);
  return { ...fake, host, table: createHandlerTable(fake.session, host) };
}

describe('handler table', () => {
  it.each(CHANNEL_NAMES)(
    '%s answers with a response its schema accepts, from the call it is named for',
    async (channel) => {
      const { table, calls } = setup();
      const result = await call(table, channel, REQUESTS[channel]);
      if (!result.ok) throw new Error(`${channel} failed: ${result.error.message}`);
      expect(CHANNELS[channel].response.safeParse(result.value).success).toBe(true);

      const method = SESSION_METHOD[channel];
      if (method === 'host') return;
      expect(calls.map((c) => c.method)).toEqual([method]);
      // The handler gets the request as its schema parsed it: defaults filled in.
      expect(calls[0]!.request).toEqual(CHANNELS[channel].request.parse(REQUESTS[channel]));
    },
  );

  it('hands a session call its request as parsed, defaults included', async () => {
    const { table, calls } = setup();
    await call(table, 'credvault:bearers.put', REQUESTS['credvault:bearers.put']);
    await call(table, 'credvault:inspect.run', REQUESTS['credvault:inspect.run']);
    expect(calls[0]!.request).toMatchObject({ force: false });
    expect(calls[1]!.request).toMatchObject({ verify: true });
  });

  it('app.info names the version, the vault home and the mode; app.resume resumes the session', async () => {
    const { table, resumed } = setup({ mode: 'browser', version: '9.9.9' });
    const info = await call(table, 'credvault:app.info', {});
    expect(info).toMatchObject({
      ok: true,
      value: { version: '9.9.9', home: HOME, mode: 'browser' },
    });
    expect(resumed()).toBe(0);
    expect(await call(table, 'credvault:app.resume', {})).toMatchObject({ ok: true, value: {} });
    expect(resumed()).toBe(1);
  });

  it.each([
    ['credvault:tray.get', { tray: undefined }, UNSUPPORTED.tray],
    ['credvault:clipboard.copyBearer', { clipboard: undefined }, UNSUPPORTED.clipboard],
  ] as const)(
    '%s without its host port is unsupported, in plain words',
    async (channel, ports, message) => {
      const { table, calls } = setup(ports);
      const error = errorOf(await call(table, channel, REQUESTS[channel]));
      expect(error).toEqual({ kind: 'unsupported', message, input: null });
      expect(calls).toEqual([]);
    },
  );

  describe('clipboard.copyBearer', () => {
    it('copies the usable token as a header line, clears after the configured time, and answers without it', async () => {
      const { table, host, responses, calls } = setup();
      const token = responses['credvault:bearers.token'].accessToken;
      const result = await call(table, 'credvault:clipboard.copyBearer', {
        ref: { root: '/r', id: 'agent-a' },
        as: 'header',
      });
      expect(result).toEqual({
        type: 'result',
        id: result.id,
        ok: true,
        value: { clearsAfterS: 30 },
      });
      expect(host.copied).toEqual([{ text: `Authorization: Bearer ${token}`, clearAfterS: 30 }]);
      expect(calls[0]).toEqual({
        method: 'bearerToken',
        request: { ref: { root: '/r', id: 'agent-a' } },
      });
      expect(JSON.stringify(result)).not.toContain(LEAK_MARKER);
    });

    it('copies the bare token, and says it never clears when the setting is 0', async () => {
      const { table, host, session, responses } = setup();
      const settings = responses['credvault:settings.get'];
      session.getSettings = async () => ({ ...settings, clipboard: { clearAfterS: 0 } });
      const result = await call(table, 'credvault:clipboard.copyBearer', {
        ref: { root: '/r', id: 'agent-a' },
        as: 'token',
      });
      expect(result).toMatchObject({ ok: true, value: { clearsAfterS: null } });
      expect(host.copied).toEqual([
        { text: responses['credvault:bearers.token'].accessToken, clearAfterS: null },
      ]);
    });

    it('refuses a token that cannot be a header line, and copies nothing', async () => {
      const { table, host, session, responses } = setup();
      const usable = responses['credvault:bearers.token'];
      session.bearerToken = async () => ({
        ...usable,
        accessToken: `${usable.accessToken}\r\nX-Evil: 1`,
      });
      const error = errorOf(
        await call(table, 'credvault:clipboard.copyBearer', {
          ref: { root: '/r', id: 'agent-a' },
          as: 'header',
        }),
      );
      expect(error.kind).toBe('bad-input');
      expect(error.message).toContain('"agent-a"');
      expect(error.message).not.toContain(LEAK_MARKER);
      expect(host.copied).toEqual([]);
    });
  });

  it('is complete: a table missing one channel does not compile', () => {
    const { table } = setup();
    const { 'credvault:app.info': omitted, ...incomplete } = table;
    // @ts-expect-error -- 'credvault:app.info' is missing: every channel needs its handler.
    const broken: HandlerTable = incomplete;
    expect(Object.keys(broken)).toHaveLength(CHANNEL_NAMES.length - 1);
    expect(typeof omitted).toBe('function');
    expect(Object.keys(table).sort()).toEqual([...CHANNEL_NAMES].sort());
  });
});
