/**
 * The built preload, loaded the way a sandboxed renderer loads it: a
 * CommonJS script in a fresh JavaScript context whose `require` knows only
 * `electron` (here: fake contextBridge and ipcRenderer). What it hands the
 * page must be exactly the contract's client.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import vm from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANNEL_NAMES } from '@shared/contract';
import { IPC_CALL_CHANNEL, IPC_EVENT_CHANNEL } from '@shared/ipc-channels';
import { buildPreload } from './build-electron.mjs';

let bundle = '';
let dir = '';

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'credvault-preload-'));
  bundle = readFileSync(await buildPreload(join(dir, 'index.cjs')), 'utf8');
}, 60_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Listener = (event: unknown, ...args: unknown[]) => void;

interface Loaded {
  exposed: Map<string, unknown>;
  invoked: Array<{ channel: string; args: unknown[] }>;
  required: string[];
  /** Delivers an IPC message to the preload's listeners on `channel`. */
  emit(channel: string, message: unknown): void;
  client(): {
    call(channel: string, request: unknown): Promise<unknown>;
    subscribe(event: string, listener: (payload: unknown) => void): () => void;
  };
}

function load(answer: (envelope: { id: number }) => unknown = () => undefined): Loaded {
  const exposed = new Map<string, unknown>();
  const invoked: Loaded['invoked'] = [];
  const required: string[] = [];
  const listeners = new Map<string, Listener[]>();
  const electron = {
    contextBridge: {
      exposeInMainWorld(key: string, value: unknown) {
        exposed.set(key, value);
      },
    },
    ipcRenderer: {
      async invoke(channel: string, ...args: unknown[]) {
        invoked.push({ channel, args });
        return answer(args[0] as { id: number });
      },
      on(channel: string, listener: Listener) {
        listeners.set(channel, [...(listeners.get(channel) ?? []), listener]);
      },
    },
  };
  const module = { exports: {} };
  const context = vm.createContext({
    module,
    exports: module.exports,
    require(name: string) {
      required.push(name);
      if (name === 'electron') return electron;
      throw new Error(`a sandboxed preload cannot require ${name}`);
    },
  });
  vm.runInContext(bundle, context, { filename: 'preload/index.cjs' });
  return {
    exposed,
    invoked,
    required,
    emit(channel, message) {
      for (const listener of listeners.get(channel) ?? []) listener({ sender: 'main' }, message);
    },
    client: () => exposed.get('credvault') as ReturnType<Loaded['client']>,
  };
}

describe('the built preload', () => {
  it('is CommonJS that requires nothing but electron', () => {
    expect(bundle).not.toMatch(/^\s*(import|export)\s/m);
    const loaded = load();
    expect(new Set(loaded.required)).toEqual(new Set(['electron']));
  });

  it('exposes exactly one object, credvault, holding only call and subscribe', () => {
    const { exposed, client } = load();
    expect([...exposed.keys()]).toEqual(['credvault']);
    expect(Object.keys(client()).sort()).toEqual(['call', 'subscribe']);
    expect(typeof client().call).toBe('function');
    expect(typeof client().subscribe).toBe('function');
    expect(Object.isFrozen(client())).toBe(true);
  });

  it('refuses a channel the contract does not know, without sending anything', async () => {
    const loaded = load();
    for (const channel of ['credvault:shell.exec', 'constructor', '__proto__', 42]) {
      await expect(loaded.client().call(channel as string, {})).rejects.toMatchObject({
        kind: 'bad-input',
      });
    }
    expect(loaded.invoked).toEqual([]);
  });

  it('sends each contract channel as a call envelope on the one call channel', async () => {
    const loaded = load((envelope) => ({ type: 'result', id: envelope.id, ok: true, value: {} }));
    for (const channel of CHANNEL_NAMES) await loaded.client().call(channel, {});
    expect(loaded.invoked.map((sent) => sent.channel)).toEqual(
      CHANNEL_NAMES.map(() => IPC_CALL_CHANNEL),
    );
    expect(loaded.invoked[0]?.args).toEqual([
      { type: 'call', id: 1, channel: CHANNEL_NAMES[0], payload: {} },
    ]);
  });

  it('resolves with the value, and rejects with the error shape as plain data', async () => {
    const error = { kind: 'not-found', message: 'no bearer agent-A', input: 'agent-A' };
    let fail = false;
    const loaded = load((envelope) =>
      fail
        ? { type: 'result', id: envelope.id, ok: false, error }
        : { type: 'result', id: envelope.id, ok: true, value: { providers: [] } },
    );
    await expect(loaded.client().call('credvault:providers.list', {})).resolves.toEqual({
      providers: [],
    });
    fail = true;
    const rejection = await loaded
      .client()
      .call('credvault:providers.list', {})
      .catch((reason: unknown) => reason);
    // Plain data: contextBridge would strip kind and input from an Error.
    expect(JSON.parse(JSON.stringify(rejection))).toEqual(error);
  });

  it('rejects an answer it cannot read (or one for another call)', async () => {
    const answers: unknown[] = [
      'junk',
      { type: 'result', id: 99, ok: true, value: {} },
      { type: 'result', id: 3, ok: false, error: { kind: 'nonsense' } },
    ];
    const loaded = load(() => answers.shift());
    for (let i = 0; i < 3; i++) {
      await expect(loaded.client().call('credvault:providers.list', {})).rejects.toMatchObject({
        kind: 'internal',
      });
    }
  });

  it('hands events to subscribers, checked against their schemas, until unsubscribed', () => {
    const loaded = load();
    const heard: unknown[] = [];
    const stop = loaded.client().subscribe('credvault:providers.changed', (payload: unknown) => {
      heard.push(payload);
    });
    const event = { type: 'event', event: 'credvault:providers.changed', payload: {} };
    loaded.emit(IPC_EVENT_CHANNEL, event);
    loaded.emit(IPC_EVENT_CHANNEL, { ...event, payload: { injected: true } });
    loaded.emit(IPC_EVENT_CHANNEL, { ...event, event: 'credvault:nonsense' });
    expect(heard).toEqual([{}]);
    stop();
    loaded.emit(IPC_EVENT_CHANNEL, event);
    expect(heard).toEqual([{}]);
  });

  it('refuses to subscribe to an event the contract does not know', () => {
    const loaded = load();
    expect(() => loaded.client().subscribe('credvault:nonsense', () => {})).toThrow(
      /unknown event/,
    );
  });
});
