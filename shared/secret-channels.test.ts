/**
 * SECRET_CHANNELS is honest both ways: no response outside it has a field
 * named like a secret that can hold free text, at any depth, and every
 * channel in it has one (so nothing is listed for no reason, and a channel
 * that starts returning a secret has to be listed, and named for it). Events
 * go to every subscriber, so none may carry one either.
 */
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import {
  CHANNELS,
  CHANNEL_NAMES,
  EVENTS,
  EVENT_NAMES,
  SECRET_CHANNELS,
  type ChannelName,
} from './contract';

/** Field names that hold a secret: `key`, `token`, `secret`, or ending in Token/Secret/Key. */
const SECRET_NAME = /^(key|token|secret)$|(Token|Secret|Key)$/;

interface Field {
  path: string;
  name: string;
  /** The field's schema, with optional/nullable/default wrappers taken off. */
  type: string;
}

/** The schema's own kind under any optional, nullable, default or readonly wrapper. */
function unwrapped(schema: z.core.$ZodType): z.core.$ZodType {
  let current = schema;
  for (let depth = 0; depth < 20; depth++) {
    const { def } = current._zod;
    if (
      def.type === 'optional' ||
      def.type === 'nullable' ||
      def.type === 'default' ||
      def.type === 'prefault' ||
      def.type === 'readonly' ||
      def.type === 'nonoptional' ||
      def.type === 'catch'
    ) {
      current = (def as unknown as { innerType: z.core.$ZodType }).innerType;
    } else {
      return current;
    }
  }
  throw new Error('schema wrapped too deep');
}

/** Every object field reachable in a schema, at any depth. */
function fieldsOf(schema: z.core.$ZodType, path = ''): Field[] {
  const inner = unwrapped(schema);
  const def = inner._zod.def as unknown as Record<string, unknown> & { type: string };
  switch (def.type) {
    case 'object': {
      const shape = def.shape as Record<string, z.core.$ZodType>;
      return Object.entries(shape).flatMap(([name, field]) => [
        { path: `${path}.${name}`, name, type: unwrapped(field)._zod.def.type },
        ...fieldsOf(field, `${path}.${name}`),
      ]);
    }
    case 'array':
      return fieldsOf(def.element as z.core.$ZodType, `${path}[]`);
    case 'union':
      return (def.options as z.core.$ZodType[]).flatMap((option, i) =>
        fieldsOf(option, `${path}|${i}`),
      );
    case 'record':
      return fieldsOf(def.valueType as z.core.$ZodType, `${path}{}`);
    case 'intersection':
      return [
        ...fieldsOf(def.left as z.core.$ZodType, path),
        ...fieldsOf(def.right as z.core.$ZodType, path),
      ];
    case 'pipe':
      return fieldsOf(def.out as z.core.$ZodType, path);
    case 'string':
    case 'number':
    case 'int':
    case 'boolean':
    case 'enum':
    case 'literal':
    case 'null':
    case 'unknown':
      return [];
    default:
      // A kind this walk does not know could hide fields: teach it, do not skip it.
      throw new Error(`fieldsOf: unknown schema kind ${def.type} at ${path || 'the root'}`);
  }
}

/** Free-text fields named like a secret (a boolean `hasClientSecret` or an enum `masterKey` is not one). */
function secretFields(schema: z.core.$ZodType): string[] {
  return fieldsOf(schema)
    .filter((field) => SECRET_NAME.test(field.name) && field.type === 'string')
    .map((field) => field.path);
}

/** Fields named like a secret that are not one, each with the reason. */
const NOT_SECRETS: Record<string, string> = {
  'credvault:notification .key':
    "the notification's dedupe key, built from (root, id, state, expiry)",
};

const isSecretChannel = (channel: ChannelName) =>
  (SECRET_CHANNELS as readonly ChannelName[]).includes(channel);

describe('SECRET_CHANNELS', () => {
  it.each(CHANNEL_NAMES.filter((c) => !isSecretChannel(c)))(
    '%s answers without a secret field at any depth',
    (channel) => {
      expect(secretFields(CHANNELS[channel].response)).toEqual([]);
    },
  );

  it.each(SECRET_CHANNELS)('%s is listed because its answer holds a secret', (channel) => {
    expect(secretFields(CHANNELS[channel].response)).not.toEqual([]);
  });

  it.each(EVENT_NAMES)('event %s carries no secret field', (event) => {
    const fields = secretFields(EVENTS[event]).filter(
      (path) => NOT_SECRETS[`${event} ${path}`] === undefined,
    );
    expect(fields).toEqual([]);
  });

  it('lists only exceptions that exist', () => {
    for (const entry of Object.keys(NOT_SECRETS)) {
      const [event, path] = entry.split(' ') as [keyof typeof EVENTS, string];
      expect(secretFields(EVENTS[event])).toContain(path);
    }
  });

  it('walks the contract: the fields it finds include the deep ones', () => {
    const found = fieldsOf(CHANNELS['credvault:bearers.list'].response).map((f) => f.path);
    expect(found).toContain('.bearers[].lastRefresh.message');
    const revealed = secretFields(CHANNELS['credvault:bearers.reveal'].response);
    expect(revealed).toEqual(['.accessToken', '.refreshToken']);
    expect(secretFields(CHANNELS['credvault:providers.token'].response)).toEqual(['.accessToken']);
    // A secret that travels inwards only is seen too, so the walk would catch it on the way out.
    expect(secretFields(CHANNELS['credvault:inspect.run'].request)).toEqual(['.source|1.token']);
  });
});
