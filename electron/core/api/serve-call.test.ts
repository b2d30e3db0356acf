/**
 * serveCall takes anything a transport hands it and answers with a result
 * envelope: never a throw, never a crash, never a payload value or a foreign
 * error message in the answer (either might hold a secret).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CHANNEL_NAMES,
  ContractError,
  resultEnvelopeSchema,
  type ChannelName,
  type ResultEnvelope,
} from '@shared/contract';
import { REQUESTS, fakeHostPorts, fakeSession } from '../../../test-support/contract-fixtures';
import { LEAK_MARKER, markedSecret } from '../../../test-support/leak-marker';
import { VaultError } from '../errors';
import { createHandlerTable, type HandlerTable } from './handler-table';
import { serveCall } from './serve-call';

const CALLER = { transport: 'ipc' } as const;

function setup() {
  const fake = fakeSession();
  return { ...fake, table: createHandlerTable(fake.session, fakeHostPorts()) };
}

function errorOf(result: ResultEnvelope) {
  if (result.ok) throw new Error(`expected an error, got ${JSON.stringify(result.value)}`);
  return result.error;
}

async function serve(table: HandlerTable, channel: string, payload: unknown, id = 5) {
  return serveCall(table, { type: 'call', id, channel, payload }, CALLER);
}

describe('serveCall: the envelope', () => {
  it.each([
    ['null', null, 0],
    ['a string', 'credvault:bearers.list', 0],
    ['a list', [], 0],
    ['no type', { id: 3, channel: 'credvault:bearers.list', payload: {} }, 3],
    ['a result, not a call', { type: 'result', id: 4, ok: true, value: 1 }, 4],
    ['a negative id', { type: 'call', id: -1, channel: 'x', payload: {} }, 0],
    ['a fractional id', { type: 'call', id: 1.5, channel: 'x', payload: {} }, 0],
    ['a channel that is not a string', { type: 'call', id: 7, channel: 5, payload: {} }, 7],
    ['an extra field', { type: 'call', id: 8, channel: 'x', payload: {}, sender: 'me' }, 8],
  ])('%s is bad input, answered under the id it carries if any', async (_label, message, id) => {
    const { table, calls } = setup();
    const result = await serveCall(table, message, CALLER);
    expect(resultEnvelopeSchema.parse(result)).toEqual(result);
    expect(result.id).toBe(id);
    expect(errorOf(result)).toMatchObject({ kind: 'bad-input' });
    expect(errorOf(result).message).toMatch(/^malformed call: /);
    expect(calls).toEqual([]);
  });

  it('an unknown channel is bad input naming it, quoted and cut short', async () => {
    const { table } = setup();
    expect(errorOf(await serve(table, 'credvault:bearers.nuke', {}))).toEqual({
      kind: 'bad-input',
      message: 'unknown channel "credvault:bearers.nuke"',
      input: 'channel',
    });
    const hostile = `credvault:\u001b[2J\nfake prompt ${'x'.repeat(100)}`;
    const { message } = errorOf(await serve(table, hostile, {}));
    expect(message).not.toMatch(/\p{Cc}/u);
    expect(message).toContain('\\u001b[2J\\nfake prompt');
    // Cut at 64 characters before escaping: the tail never shows.
    expect(message).toMatch(/x…"$/);
    expect(message).not.toContain('x'.repeat(60));
  });

  it('an inherited name is no channel', async () => {
    const { table } = setup();
    for (const name of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
      expect(errorOf(await serve(table, name, {}))).toMatchObject({
        kind: 'bad-input',
        input: 'channel',
      });
    }
  });
});

describe('serveCall: the payload', () => {
  it.each(CHANNEL_NAMES)(
    '%s refuses a payload that is not its request, before any handler',
    async (channel) => {
      const { table, calls, host } = { ...setup(), host: null };
      void host;
      for (const payload of [null, 'x', 42, [], [REQUESTS[channel]]]) {
        expect(errorOf(await serve(table, channel, payload))).toEqual({
          kind: 'bad-input',
          message: `bad request to ${channel}: the request must be an object`,
          input: null,
        });
      }
      expect(errorOf(await serve(table, channel, { ...REQUESTS[channel], unexpected: 1 }))).toEqual(
        {
          kind: 'bad-input',
          message: `bad request to ${channel}: the request has a field it does not take: "unexpected"`,
          input: null,
        },
      );
      expect(calls).toEqual([]);
    },
  );

  it.each([
    [
      'a missing field',
      'credvault:bearers.show',
      { ref: { root: '/r' } },
      'ref.id is missing',
      'ref.id',
    ],
    [
      'a wrong type',
      'credvault:bearers.show',
      { ref: { root: '/r', id: 7 } },
      'ref.id must be a string',
      'ref.id',
    ],
    [
      'a number out of range',
      'credvault:bearers.list',
      { windowS: -1 },
      'windowS is too small (at least 0)',
      'windowS',
    ],
    [
      'a fraction',
      'credvault:bearers.list',
      { windowS: 1.5 },
      'windowS must be a whole number',
      'windowS',
    ],
    [
      'an item in a list',
      'credvault:bearers.list',
      { roots: ['/a', ''] },
      'roots[1] is too short (at least 1 character)',
      'roots[1]',
    ],
    [
      'a wrong format',
      'credvault:keys.revoke',
      { hashPrefix: 'xyz' },
      'hashPrefix has the wrong format',
      'hashPrefix',
    ],
    [
      'no form at all',
      'credvault:keys.revoke',
      { nme: 'ci' },
      'the request matches none of the forms it may take (closest: name is missing)',
      null,
    ],
  ] as const)('%s is named by its path and why', async (_label, channel, payload, text, input) => {
    const { table } = setup();
    expect(errorOf(await serve(table, channel, payload))).toEqual({
      kind: 'bad-input',
      message: `bad request to ${channel}: ${text}`,
      input,
    });
  });

  it('says what an enum takes, never what was sent', async () => {
    const { table } = setup();
    const secret = markedSecret('token');
    const error = errorOf(
      await serve(table, 'credvault:clipboard.copyBearer', {
        ref: { root: '/r', id: 'a' },
        as: secret,
      }),
    );
    expect(error.message).toBe(
      'bad request to credvault:clipboard.copyBearer: as must be "token" or "header"',
    );
  });

  it.each([
    [
      'an enum',
      'credvault:clipboard.copyBearer',
      (s: string) => ({ ref: { root: '/r', id: 'a' }, as: s }),
    ],
    [
      'a discriminator',
      'credvault:inspect.run',
      (s: string) => ({ source: { kind: s, token: s } }),
    ],
    ['a literal', 'credvault:settings.update', (s: string) => ({ theme: s })],
    [
      'a too-long secret',
      'credvault:workspace.set',
      (s: string) => ({ path: '/t', token: s.repeat(5000) }),
    ],
    [
      'an unknown key',
      'credvault:bearers.show',
      (s: string) => ({ ref: { root: '/r', id: 'a' }, [s]: 1 }),
    ],
    [
      'a record key',
      'credvault:providers.add',
      (s: string) => ({
        provider: {
          ...REQUESTS['credvault:providers.add'].provider,
          extraParams: { [s.repeat(5)]: 'v' },
        },
      }),
    ],
    ['a secret as a number', 'credvault:bearers.list', (s: string) => ({ windowS: s })],
    ['a secret as an object', 'credvault:keys.validate', (s: string) => ({ key: { s } })],
  ] as const)('never quotes the payload: %s', async (_label, channel, payloadOf) => {
    const { table } = setup();
    const error = errorOf(await serve(table, channel, payloadOf(markedSecret('token'))));
    expect(error.kind).toBe('bad-input');
    expect(JSON.stringify(error)).not.toContain(LEAK_MARKER);
  });

  it('tells at most three problems, and counts the rest', async () => {
    const { table } = setup();
    const { message } = errorOf(
      await serve(table, 'credvault:settings.update', {
        keyFiles: 1,
        tokenFiles: 2,
        theme: 3,
        notifications: 4,
        clipboard: 5,
      }),
    );
    expect(message.split('; ')).toHaveLength(4);
    expect(message).toMatch(/; and 2 more$/);
  });
});

describe('serveCall: errors a handler throws', () => {
  function failingTable(error: () => unknown): HandlerTable {
    const { table } = setup();
    return {
      ...table,
      'credvault:bearers.show': async () => {
        throw error();
      },
    };
  }

  it('a VaultError keeps its kind and words', async () => {
    const table = failingTable(() => new VaultError('not-found', 'no bearer "agent-z" in /r'));
    expect(
      errorOf(await serve(table, 'credvault:bearers.show', REQUESTS['credvault:bearers.show'])),
    ).toEqual({
      kind: 'not-found',
      message: 'no bearer "agent-z" in /r',
      input: null,
    });
  });

  it('a ContractError keeps its shape', async () => {
    const shape = { kind: 'locked', message: 'the keychain is locked', input: 'agent-a' } as const;
    const table = failingTable(() => new ContractError(shape));
    expect(
      errorOf(await serve(table, 'credvault:bearers.show', REQUESTS['credvault:bearers.show'])),
    ).toEqual(shape);
  });

  it.each([
    ['an Error quoting a secret', () => new Error(`bad token ${markedSecret()}`)],
    ['a TypeError', () => new TypeError(`cannot read ${markedSecret()}`)],
    ['a thrown string', () => `oops ${markedSecret()}`],
    ['a thrown object', () => ({ message: markedSecret(), kind: 'not-found' })],
    ['undefined', () => undefined],
  ])('%s is internal, with no details', async (_label, error) => {
    const table = failingTable(error);
    const result = await serve(
      table,
      'credvault:bearers.show',
      REQUESTS['credvault:bearers.show'],
      11,
    );
    expect(result).toEqual({
      type: 'result',
      id: 11,
      ok: false,
      error: { kind: 'internal', message: 'unexpected internal error', input: null },
    });
    expect(JSON.stringify(result)).not.toContain(LEAK_MARKER);
  });

  it('a handler that throws before returning its promise is caught too', async () => {
    const { table } = setup();
    const throwing = {
      ...table,
      'credvault:bearers.show': () => {
        throw new Error(markedSecret());
      },
    } as HandlerTable;
    expect(
      errorOf(await serve(throwing, 'credvault:bearers.show', REQUESTS['credvault:bearers.show'])),
    ).toMatchObject({
      kind: 'internal',
    });
  });
});

/** Strings that carry the marker, so a quoted value shows in the answer. */
const markedString = fc.string({ maxLength: 12 }).map((s) => `${s}-${LEAK_MARKER}-${s}`);
const leaf = fc.oneof(
  markedString,
  fc.string({ maxLength: 8 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom('token', 'header', 'bearer', 'text', 'dark', '/r', 'agent-a'),
);
const markedValue = fc.anything({
  key: fc.oneof(
    markedString,
    fc.string({ maxLength: 8 }),
    fc.constantFrom('ref', 'id', 'root', 'kind'),
  ),
  values: [leaf],
  maxDepth: 3,
  maxKeys: 4,
  withBoxedValues: true,
  withMap: true,
  withSet: true,
  withDate: true,
  withNullPrototype: true,
  withSparseArray: true,
  withTypedArray: true,
  withBigInt: true,
});

/** Every path into a JSON value (objects and arrays), the root included. */
function pathsOf(
  value: unknown,
  prefix: Array<string | number> = [],
): Array<Array<string | number>> {
  const paths = [prefix];
  if (Array.isArray(value))
    value.forEach((item, i) => paths.push(...pathsOf(item, [...prefix, i])));
  else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) paths.push(...pathsOf(item, [...prefix, key]));
  }
  return paths;
}

function replaceAt(
  value: unknown,
  path: ReadonlyArray<string | number>,
  replacement: unknown,
): unknown {
  if (path.length === 0) return replacement;
  const [head, ...rest] = path;
  const copy = (Array.isArray(value) ? [...value] : { ...(value as object) }) as Record<
    string | number,
    unknown
  >;
  copy[head!] = replaceAt(copy[head!], rest, replacement);
  return copy;
}

/** A channel's valid request with one spot (any depth) replaced by something arbitrary. */
const nearMiss = fc.constantFrom(...CHANNEL_NAMES).chain((channel) =>
  fc.record({
    channel: fc.constant<ChannelName>(channel),
    payload: fc
      .tuple(fc.constantFrom(...pathsOf(REQUESTS[channel])), markedValue)
      .map(([path, replacement]) => replaceAt(REQUESTS[channel], path, replacement)),
  }),
);

function checkAnswer(result: ResultEnvelope, id: number) {
  expect(resultEnvelopeSchema.safeParse(result).success).toBe(true);
  expect(result.id).toBe(id);
  if (!result.ok) {
    expect(result.error.kind).not.toBe('internal');
    expect(JSON.stringify(result.error)).not.toContain(LEAK_MARKER);
  }
}

describe('serveCall: fuzzed', () => {
  it('answers any JSON value with a result envelope', async () => {
    const { table } = setup();
    await fc.assert(
      fc.asyncProperty(fc.jsonValue(), async (message) => {
        const result = await serveCall(table, message, CALLER);
        expect(resultEnvelopeSchema.safeParse(result).success).toBe(true);
        expect(result.ok).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it("answers any value as any channel's payload, never quoting it", async () => {
    const { table } = setup();
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...CHANNEL_NAMES), markedValue, async (channel, payload) => {
        checkAnswer(await serve(table, channel, payload, 9), 9);
      }),
      { numRuns: 500 },
    );
  });

  it('answers a valid request with one spot spoiled, never quoting it', async () => {
    const { table } = setup();
    await fc.assert(
      fc.asyncProperty(nearMiss, async ({ channel, payload }) => {
        checkAnswer(await serve(table, channel, payload, 10), 10);
      }),
      { numRuns: 1500 },
    );
  });
});
