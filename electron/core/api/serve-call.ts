/**
 * One call, served: the transport-neutral half of every transport (the
 * worker's MessagePort, Electron IPC, the browser bridge). It takes whatever
 * arrived, as it arrived, and always answers with a result envelope: it
 * never throws and never trusts the message's shape.
 *
 * Order of checks: the envelope, the channel's name, the payload against the
 * channel's request schema, then the handler. Who may call at all is decided
 * before this, in the transport (an IPC sender's frame and origin, the
 * browser's session secret); a transport that refuses a caller answers with
 * `errorResult(readCallId(message), { kind: 'forbidden', ... })`.
 */
import {
  CHANNELS,
  callEnvelopeSchema,
  isChannelName,
  type ChannelName,
  type ErrorShape,
  type ParsedRequest,
  type ResultEnvelope,
} from '@shared/contract';
import { quoteForMessage } from '../text/quote-for-message';
import { describeIssues } from './describe-issues';
import { toErrorShape } from './error-shape';
import type { CallerInfo, HandlerTable } from './handler-table';

/**
 * The id a result carries when the call's own id could not be read. Clients
 * number their calls from 1, so such a result matches no call.
 */
export const UNREADABLE_CALL_ID = 0;

/** The call's id when it is a usable one, else UNREADABLE_CALL_ID. */
export function readCallId(message: unknown): number {
  if (message === null || typeof message !== 'object' || !Object.hasOwn(message, 'id')) {
    return UNREADABLE_CALL_ID;
  }
  const { id } = message as { id: unknown };
  return Number.isSafeInteger(id) && (id as number) >= 0 ? (id as number) : UNREADABLE_CALL_ID;
}

export function errorResult(id: number, error: ErrorShape): ResultEnvelope {
  return { type: 'result', id, ok: false, error };
}

function badInput(message: string, input: string | null): ErrorShape {
  return { kind: 'bad-input', message, input };
}

async function dispatch<C extends ChannelName>(
  table: HandlerTable,
  channel: C,
  payload: unknown,
  caller: CallerInfo,
): Promise<{ ok: true; value: unknown } | { ok: false; error: ErrorShape }> {
  const request = CHANNELS[channel].request.safeParse(payload);
  if (!request.success) {
    const problem = describeIssues(request.error.issues, payload);
    return {
      ok: false,
      error: badInput(`bad request to ${channel}: ${problem.text}`, problem.input),
    };
  }
  const handler = table[channel];
  // TypeScript cannot follow `C` through CHANNELS[C].request; the schema is the channel's own.
  return { ok: true, value: await handler(request.data as ParsedRequest<C>, caller) };
}

export async function serveCall(
  table: HandlerTable,
  message: unknown,
  caller: CallerInfo,
): Promise<ResultEnvelope> {
  let id = UNREADABLE_CALL_ID;
  try {
    id = readCallId(message);
    const envelope = callEnvelopeSchema.safeParse(message);
    if (!envelope.success) {
      const problem = describeIssues(envelope.error.issues, message);
      return errorResult(id, badInput(`malformed call: ${problem.text}`, problem.input));
    }
    const { channel, payload } = envelope.data;
    if (!isChannelName(channel)) {
      return errorResult(
        id,
        badInput(`unknown channel ${quoteForMessage(channel, 64)}`, 'channel'),
      );
    }
    const outcome = await dispatch(table, channel, payload, caller);
    return outcome.ok
      ? { type: 'result', id, ok: true, value: outcome.value }
      : errorResult(id, outcome.error);
  } catch (error) {
    return errorResult(id, toErrorShape(error));
  }
}
