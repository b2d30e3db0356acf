/**
 * A SessionContext over a temp vault home, for testing one group of session
 * calls on its own: the real vault (stores, providers, links, HTTP), a clock
 * the test can move forward, an event hub that records what it emits, and
 * plain in-memory settings and bearer sources (the real ones are
 * settings-file.ts and bearer-sources.ts, tested with open-vault.ts).
 */
import { join, resolve } from 'node:path';
import { settingsSchema, type Settings } from '@shared/schemas/settings';
import {
  CHANNELS,
  type ChannelName,
  type ChannelRequest,
  type ChannelResponse,
  type EventName,
  type EventPayload,
  type ParsedRequest,
} from '@shared/contract';
import type { BearerStore } from '../electron/core/bearers/bearer-store';
import { createVault } from '../electron/core/create-vault';
import type { Clock } from '../electron/core/ports/clock';
import { EventHub } from '../electron/core/session/event-hub';
import type { SessionContext } from '../electron/core/session/session-context';
import { makeTempDir } from './temp-dir';

/** Real time, plus whatever the test moved it forward by. */
export interface TestClock extends Clock {
  advance(ms: number): void;
}

export function testClock(): TestClock {
  let offsetMs = 0;
  return {
    nowMs: () => Date.now() + offsetMs,
    advance: (ms) => {
      offsetMs += ms;
    },
  };
}

export interface SessionContextFixture {
  context: SessionContext;
  clock: TestClock;
  /** The default root (`<home>/bearers`). */
  root: string;
  /** Every event emitted, in order. */
  emitted: Array<{ event: EventName; payload: unknown }>;
  eventsOf<E extends EventName>(event: E): Array<EventPayload<E>>;
}

export function sessionContextFixture(): SessionContextFixture {
  const home = makeTempDir('credvault-session-');
  const clock = testClock();
  const vault = createVault({ home, clock });
  const root = vault.paths.defaultBearerRoot;
  const events = new EventHub();
  const emitted: SessionContextFixture['emitted'] = [];
  const emit = events.emit.bind(events);
  events.emit = (event, payload) => {
    emitted.push({ event, payload });
    emit(event, payload);
  };

  let settings: Settings = settingsSchema.parse({ roots: [{ path: root }] });
  const stores = new Map<string, BearerStore>();
  const context: SessionContext = {
    home,
    vault,
    clock,
    events,
    settings: {
      read: async () => settings,
      update: async (change) => {
        settings = settingsSchema.parse(change(settings));
        return settings;
      },
    },
    sources: {
      defaultRoot: root,
      roots: async () => settings.roots,
      storeFor: async (path) => {
        const key = resolve(path);
        let store = stores.get(key);
        if (store === undefined) {
          store = vault.bearerStore({ root: key });
          stores.set(key, store);
        }
        return store;
      },
    },
  };
  return {
    context,
    clock,
    root,
    emitted,
    eventsOf: <E extends EventName>(event: E) =>
      emitted.filter((entry) => entry.event === event).map((entry) => entry.payload) as Array<
        EventPayload<E>
      >,
  };
}

/** A path inside the fixture's home (for key files and token files). */
export function homePath(fixture: SessionContextFixture, ...parts: string[]): string {
  return join(fixture.context.home, ...parts);
}

/**
 * Calls `call` as a transport would: the request parsed by its channel's
 * schema (defaults filled in), the response checked against the channel's
 * response schema (strict: a field the contract does not name fails).
 */
export async function callAs<C extends ChannelName>(
  channel: C,
  call: (request: ParsedRequest<C>) => Promise<ChannelResponse<C>>,
  request: ChannelRequest<C>,
): Promise<ChannelResponse<C>> {
  const parsed = CHANNELS[channel].request.parse(request) as ParsedRequest<C>;
  const response = await call(parsed);
  CHANNELS[channel].response.parse(response);
  return response;
}
