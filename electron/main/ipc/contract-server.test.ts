import { describe, expect, it, vi } from 'vitest';
import {
  ContractError,
  type ChannelName,
  type CredvaultClient,
  type EventName,
  type ResultEnvelope,
} from '@shared/contract';
import { IPC_CALL_CHANNEL, IPC_EVENT_CHANNEL } from '@shared/ipc-channels';
import { assertNoLeak, markedSecret } from '../../../test-support/leak-marker';
import {
  serveContract,
  type FrameIdentity,
  type InvokeEvent,
  type WindowContents,
} from './contract-server';

const ORIGIN = 'app://credvault';
const ROOT = '/home/u/.config/credvault/bearers';

function fakeContents(url = `${ORIGIN}/index.html`) {
  const mainFrame: FrameIdentity = { processId: 4, routingId: 1, url };
  const sent: Array<{ channel: string; args: unknown[] }> = [];
  let destroyed = false;
  const contents: WindowContents & { destroy(): void; sent: typeof sent } = {
    mainFrame,
    sent,
    isDestroyed: () => destroyed,
    destroy: () => {
      destroyed = true;
    },
    send: (channel, ...args) => {
      sent.push({ channel, args });
    },
  };
  return contents;
}

function fakeClient(answer: (channel: ChannelName, request: unknown) => Promise<unknown>) {
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const call = vi.fn(answer);
  const client: CredvaultClient & { emit(event: EventName, payload: unknown): void } = {
    call: call as unknown as CredvaultClient['call'],
    subscribe(event, listener) {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      set.add(listener as (payload: unknown) => void);
      return () => set.delete(listener as (payload: unknown) => void);
    },
    emit(event, payload) {
      for (const listener of listeners.get(event) ?? []) listener(payload);
    },
  };
  return { client, call, listeners };
}

type Answer = (channel: ChannelName, request: unknown) => Promise<unknown>;

function setUp(answer: Answer = async () => ({ bearers: [], rootErrors: [] })) {
  let handler: ((event: InvokeEvent, message: unknown) => unknown) | undefined;
  const ipcMain = {
    handle: vi.fn((channel: string, listener: typeof handler) => {
      expect(channel).toBe(IPC_CALL_CHANNEL);
      handler = listener;
    }),
    removeHandler: vi.fn(),
  };
  const contents = fakeContents();
  let current: WindowContents | null = contents;
  const refused: string[] = [];
  const { client, call, listeners } = fakeClient(answer);
  const served = serveContract({
    ipcMain,
    contents: () => current,
    origin: ORIGIN,
    client,
    onRefused: (reason) => refused.push(reason),
  });
  const invoke = (event: InvokeEvent, message: unknown) =>
    handler!(event, message) as Promise<ResultEnvelope>;
  const fromOurPage = (): InvokeEvent => ({ sender: contents, senderFrame: contents.mainFrame });
  return {
    ipcMain,
    contents,
    setWindow: (next: WindowContents | null) => {
      current = next;
    },
    client,
    call,
    listeners,
    served,
    refused,
    invoke,
    fromOurPage,
  };
}

const listCall = { type: 'call', id: 7, channel: 'credvault:bearers.list', payload: {} };

function expectError(result: ResultEnvelope, kind: string, id = 7) {
  expect(result).toMatchObject({ type: 'result', id, ok: false, error: { kind } });
}

describe('serveContract: who may call', () => {
  it('forwards a call from our window’s main frame on the app origin', async () => {
    const t = setUp();
    const result = await t.invoke(t.fromOurPage(), listCall);
    expect(result).toEqual({
      type: 'result',
      id: 7,
      ok: true,
      value: { bearers: [], rootErrors: [] },
    });
    expect(t.call).toHaveBeenCalledWith('credvault:bearers.list', {});
    expect(t.refused).toEqual([]);
  });

  it('refuses another webContents, even one showing our page in its main frame', async () => {
    const t = setUp();
    const stranger = fakeContents();
    const result = await t.invoke({ sender: stranger, senderFrame: stranger.mainFrame }, listCall);
    expectError(result, 'forbidden');
    expect(t.call).not.toHaveBeenCalled();
    expect(t.refused).toEqual(['the sender is not our window']);
  });

  it('refuses a sub-frame of our window, even on the app origin', async () => {
    const t = setUp();
    const subFrame: FrameIdentity = { processId: 4, routingId: 9, url: `${ORIGIN}/index.html` };
    expectError(
      await t.invoke({ sender: t.contents, senderFrame: subFrame }, listCall),
      'forbidden',
    );
    const otherProcess: FrameIdentity = { processId: 5, routingId: 1, url: `${ORIGIN}/` };
    expectError(
      await t.invoke({ sender: t.contents, senderFrame: otherProcess }, listCall),
      'forbidden',
    );
    expect(t.call).not.toHaveBeenCalled();
  });

  it.each([
    'https://evil.example/',
    'http://127.0.0.1:8080/index.html',
    'file:///usr/share/credvault/index.html',
    'app://other/index.html',
    'data:text/html,<script>1</script>',
    'about:blank',
    'not a url',
  ])('refuses our main frame once it shows %s', async (url) => {
    const t = setUp();
    const frame: FrameIdentity = { ...t.contents.mainFrame, url };
    expectError(await t.invoke({ sender: t.contents, senderFrame: frame }, listCall), 'forbidden');
    expect(t.call).not.toHaveBeenCalled();
  });

  it('refuses a frame that is gone, and any call while there is no window', async () => {
    const t = setUp();
    expectError(await t.invoke({ sender: t.contents, senderFrame: null }, listCall), 'forbidden');
    const detached = { ...t.contents.mainFrame, detached: true };
    expectError(
      await t.invoke({ sender: t.contents, senderFrame: detached }, listCall),
      'forbidden',
    );
    const event = t.fromOurPage();
    t.setWindow(null);
    expectError(await t.invoke(event, listCall), 'forbidden');
    t.setWindow(t.contents);
    t.contents.destroy();
    expectError(await t.invoke(event, listCall), 'forbidden');
    expect(t.call).not.toHaveBeenCalled();
  });

  it('checks the sender before reading the message: a stranger’s junk is forbidden, not bad input', async () => {
    const t = setUp();
    const stranger = fakeContents();
    const result = await t.invoke({ sender: stranger, senderFrame: stranger.mainFrame }, 'junk');
    expect(result).toMatchObject({ ok: false, id: 0, error: { kind: 'forbidden' } });
  });

  it('survives a sender whose properties throw when read', async () => {
    const t = setUp();
    const hostile = {
      sender: t.contents,
      get senderFrame(): FrameIdentity {
        throw new Error('boom');
      },
    };
    expectError(await t.invoke(hostile, listCall), 'forbidden');
  });
});

describe('serveContract: what may be called', () => {
  it.each([
    ['not an envelope', 'credvault:bearers.list'],
    ['an envelope of the wrong type', { ...listCall, type: 'result' }],
    ['an unknown channel', { ...listCall, channel: 'credvault:shell.exec' }],
    ['an inherited name as channel', { ...listCall, channel: 'constructor' }],
    ['a payload its schema refuses', { ...listCall, payload: { roots: 'everything' } }],
    ['extra payload fields', { ...listCall, payload: { root: ROOT, extra: 1 } }],
    [
      'a bearer ref with an empty id',
      {
        ...listCall,
        channel: 'credvault:bearers.show',
        payload: { ref: { root: ROOT, id: '' } },
      },
    ],
  ])('answers bad-input for %s, and the vault never sees it', async (_what, message) => {
    const t = setUp();
    const result = await t.invoke(t.fromOurPage(), message);
    expect(result).toMatchObject({ type: 'result', ok: false, error: { kind: 'bad-input' } });
    expect(t.call).not.toHaveBeenCalled();
  });

  it('forwards the parsed request, defaults filled in', async () => {
    const t = setUp(async () => ({ ok: true }));
    const ref = { root: ROOT, id: 'agent-A' };
    await t.invoke(t.fromOurPage(), {
      type: 'call',
      id: 2,
      channel: 'credvault:bearers.refresh',
      payload: { ref },
    });
    expect(t.call).toHaveBeenCalledWith('credvault:bearers.refresh', { ref, force: false });
  });

  it('passes the vault’s own error on, and hides a bug’s message (which may quote a secret)', async () => {
    const secret = markedSecret('token');
    const t = setUp(async (channel) => {
      if (channel === 'credvault:bearers.list') {
        throw new ContractError({ kind: 'not-found', message: 'no such root', input: 'root' });
      }
      throw new Error(`failed near ${secret}`);
    });
    expect(await t.invoke(t.fromOurPage(), listCall)).toEqual({
      type: 'result',
      id: 7,
      ok: false,
      error: { kind: 'not-found', message: 'no such root', input: 'root' },
    });
    const hidden = await t.invoke(t.fromOurPage(), {
      ...listCall,
      channel: 'credvault:providers.list',
    });
    expectError(hidden, 'internal');
    assertNoLeak('the IPC answer', JSON.stringify(hidden));
  });
});

describe('serveContract: events', () => {
  it('pushes every vault event to the window as an event envelope', () => {
    const t = setUp();
    const payload = { root: ROOT, ids: ['agent-A'], origin: 'disk' };
    t.client.emit('credvault:bearers.changed', payload);
    expect(t.contents.sent).toEqual([
      {
        channel: IPC_EVENT_CHANNEL,
        args: [{ type: 'event', event: 'credvault:bearers.changed', payload }],
      },
    ]);
  });

  it('sends main’s own events (a notification clicked) the same way', () => {
    const t = setUp();
    t.served.sendEvent('credvault:bearers.open', { ref: { root: ROOT, id: 'agent-A' } });
    expect(t.contents.sent[0]?.args[0]).toEqual({
      type: 'event',
      event: 'credvault:bearers.open',
      payload: { ref: { root: ROOT, id: 'agent-A' } },
    });
  });

  it('drops events while there is no live window, without throwing', () => {
    const t = setUp();
    t.contents.destroy();
    expect(() => t.client.emit('credvault:providers.changed', {})).not.toThrow();
    t.setWindow(null);
    expect(() => t.client.emit('credvault:providers.changed', {})).not.toThrow();
    expect(t.contents.sent).toEqual([]);
  });

  it('stop() removes the handler and every subscription', () => {
    const t = setUp();
    t.served.stop();
    expect(t.ipcMain.removeHandler).toHaveBeenCalledWith(IPC_CALL_CHANNEL);
    t.client.emit('credvault:providers.changed', {});
    expect(t.contents.sent).toEqual([]);
  });
});
