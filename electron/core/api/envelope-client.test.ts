/**
 * The envelope client and forwardEvents over a real node:worker_threads
 * MessageChannel, with serveCall on the other end: every channel round-trips,
 * errors arrive as ContractError, every session event reaches subscribers,
 * and nothing a port delivers (late, foreign or malformed) is thrown back
 * into it.
 */
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import {
  CHANNEL_NAMES,
  ContractError,
  EVENT_NAMES,
  type ChannelName,
  type EventName,
} from '@shared/contract';
import {
  EVENT_FIXTURES,
  REQUESTS,
  fakeHostPorts,
  fakeSession,
} from '../../../test-support/contract-fixtures';
import { LEAK_MARKER, markedSecret } from '../../../test-support/leak-marker';
import { VaultError } from '../errors';
import { createEnvelopeClient } from './envelope-client';
import { forwardEvents } from './forward-events';
import { createHandlerTable, type HandlerTable } from './handler-table';
import { serveCall } from './serve-call';
import { fromWorkerPort } from './worker-port';

const opened: MessagePort[] = [];
afterEach(() => {
  for (const port of opened.splice(0)) port.close();
});

/** A server (serveCall + forwardEvents) on one end of a MessageChannel, the client on the other. */
function connect(adjust: (table: HandlerTable) => HandlerTable = (table) => table) {
  const fake = fakeSession();
  const table = adjust(createHandlerTable(fake.session, fakeHostPorts()));
  const { port1: server, port2: clientEnd } = new MessageChannel();
  opened.push(server, clientEnd);
  server.on('message', (message: unknown) => {
    void serveCall(table, message, { transport: 'worker' }).then((result) =>
      server.postMessage(result),
    );
  });
  const stopForwarding = forwardEvents(fake.session, (envelope) => server.postMessage(envelope));
  const client = createEnvelopeClient(fromWorkerPort(clientEnd));
  return { ...fake, server, client, stopForwarding };
}

/**
 * Resolves once the client has received everything the server posted before:
 * the answer to a call travels the same ordered channel, behind them.
 */
async function drained(client: ReturnType<typeof connect>['client']) {
  await client.call('credvault:app.resume', {});
}

describe('envelope client over a MessageChannel', () => {
  it.each(CHANNEL_NAMES)('%s round-trips', async (channel) => {
    const { client, responses } = connect();
    const value = await client.call(channel as ChannelName, REQUESTS[channel] as never);
    const expected =
      channel === 'credvault:app.info'
        ? { version: '0.1.0', home: '/home/ada/.credvault', mode: 'desktop' }
        : channel === 'credvault:app.resume'
          ? {}
          : responses[channel];
    expect(value).toEqual(expected);
  });

  it('runs calls side by side and matches each answer to its call', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const { client } = connect((table) => ({
      ...table,
      // The first call answers last.
      'credvault:bearers.show': async (request, caller) => {
        await gate;
        return table['credvault:bearers.show'](request, caller);
      },
    }));
    const show = client.call('credvault:bearers.show', REQUESTS['credvault:bearers.show']);
    const [list, info] = await Promise.all([
      client.call('credvault:bearers.list', {}),
      client.call('credvault:app.info', {}),
    ]);
    release();
    expect((await show).id).toBe('agent-a');
    expect(list.bearers).toHaveLength(1);
    expect(info.mode).toBe('desktop');
  });

  it('rejects with a ContractError carrying the error shape', async () => {
    const { client } = connect((table) => ({
      ...table,
      'credvault:bearers.show': async () => {
        throw new VaultError('not-found', 'no bearer "agent-z"');
      },
    }));
    const error = await client
      .call('credvault:bearers.show', { ref: { root: '/r', id: 'agent-z' } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ContractError);
    expect((error as ContractError).toShape()).toEqual({
      kind: 'not-found',
      message: 'no bearer "agent-z"',
      input: null,
    });

    const bad = await client
      .call('credvault:bearers.show', { ref: { root: '/r' } } as never)
      .catch((e: unknown) => e as ContractError);
    expect(bad).toMatchObject({ kind: 'bad-input', input: 'ref.id' });
  });

  it('forwards every session event to its subscribers, and stops when told', async () => {
    const { client, hub, stopForwarding } = connect();
    const heard: Array<{ event: EventName; payload: unknown }> = [];
    for (const event of EVENT_NAMES) {
      client.subscribe(event, (payload) => heard.push({ event, payload }));
    }
    for (const event of EVENT_NAMES) hub.emit(event, EVENT_FIXTURES[event] as never);
    await drained(client);
    expect(heard).toEqual(EVENT_NAMES.map((event) => ({ event, payload: EVENT_FIXTURES[event] })));

    stopForwarding();
    for (const event of EVENT_NAMES) expect(hub.count(event)).toBe(0);
  });

  it('unsubscribes one listener, and a throwing listener never stops the others', async () => {
    const { client, hub } = connect();
    const heard: string[] = [];
    const stop = client.subscribe('credvault:keys.changed', () => heard.push('first'));
    client.subscribe('credvault:keys.changed', () => {
      throw new Error('a closed window');
    });
    client.subscribe('credvault:keys.changed', () => heard.push('third'));
    hub.emit('credvault:keys.changed', { file: '/k' });
    await drained(client);
    stop();
    hub.emit('credvault:keys.changed', { file: '/k' });
    await drained(client);
    expect(heard).toEqual(['first', 'third', 'third']);
  });

  it('drops a malformed event, an unknown one and a stray result, and keeps serving', async () => {
    const { client, server } = connect();
    const heard: unknown[] = [];
    client.subscribe('credvault:bearers.changed', (payload) => heard.push(payload));
    for (const junk of [
      null,
      42,
      'event',
      { type: 'event' },
      { type: 'event', event: 'credvault:bearers.changed', payload: { root: '/r' } },
      {
        type: 'event',
        event: 'credvault:bearers.changed',
        payload: { root: '/r', ids: [1], origin: 'disk' },
      },
      { type: 'event', event: 'credvault:nope', payload: {} },
      { type: 'event', event: 'toString', payload: {} },
      { type: 'result', id: 999, ok: true, value: 1 },
      { type: 'result', id: 0, ok: false, error: { kind: 'bad-input', message: 'x', input: null } },
      { type: 'call', id: 1, channel: 'credvault:app.info', payload: {} },
    ]) {
      server.postMessage(junk);
    }
    const good = { root: '/r', ids: ['a'], origin: 'disk' as const };
    server.postMessage({ type: 'event', event: 'credvault:bearers.changed', payload: good });
    await drained(client);
    expect(heard).toEqual([good]);
  });

  it('fails a waiting call whose answer is malformed', async () => {
    const { port1: server, port2: clientEnd } = new MessageChannel();
    opened.push(server, clientEnd);
    server.on('message', (message: { id: number }) => {
      server.postMessage({ type: 'result', id: message.id, ok: true }); // no value
    });
    const client = createEnvelopeClient(fromWorkerPort(clientEnd));
    const error = await client.call('credvault:app.info', {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ContractError);
    expect(error).toMatchObject({ kind: 'internal' });
  });

  it('close() fails every waiting call, and later calls at once', async () => {
    const { port1: server, port2: clientEnd } = new MessageChannel();
    opened.push(server, clientEnd);
    const client = createEnvelopeClient(fromWorkerPort(clientEnd)); // nobody answers
    const waiting = [
      client.call('credvault:bearers.list', {}).catch((e: unknown) => e),
      client.call('credvault:app.info', {}).catch((e: unknown) => e),
    ];
    client.close();
    for (const error of await Promise.all(waiting)) {
      expect(error).toBeInstanceOf(ContractError);
      expect(error).toMatchObject({ kind: 'environment' });
    }
    await expect(client.call('credvault:app.info', {})).rejects.toMatchObject({
      kind: 'environment',
    });
  });

  it('a request that cannot be sent fails without quoting the transport error', async () => {
    const secret = markedSecret();
    const client = createEnvelopeClient({
      post: () => {
        // Structured clone names the value it could not clone.
        throw new Error(`${secret} could not be cloned`);
      },
      onMessage: () => () => {},
    });
    const error = await client.call('credvault:app.info', {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ContractError);
    expect((error as ContractError).message).not.toContain(LEAK_MARKER);
  });
});
