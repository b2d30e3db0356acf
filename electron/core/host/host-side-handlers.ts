/**
 * Channels the host process answers itself, before a call reaches the
 * worker: those that need the host's own resources. In the desktop app that
 * is the clipboard, which only Electron's main process can drive; the worker
 * answers such a channel `unsupported` when the host does not take it.
 *
 * A host-side handler can do no more than its caller could: it reaches the
 * vault through a port of its own that the worker serves as the same caller,
 * so a page's copy of a bearer in a root it may not name is refused by the
 * same path policy as a page's reveal.
 */
import {
  CHANNEL_NAMES,
  ContractError,
  isChannelName,
  type ChannelName,
  type ChannelResponse,
  type CredvaultClient,
  type ParsedRequest,
  type ResultEnvelope,
} from '@shared/contract';
import type { CallerInfo, HandlerTable } from '../api/handler-table';
import type { ClipboardPort } from '../api/host-ports';
import { serveCall } from '../api/serve-call';
import { bearerAuthorizationLine } from '../oauth/authorization-header';
import { typeOf } from './worker-protocol';

export interface HostSideContext {
  readonly caller: CallerInfo;
  /** The vault, as this caller: the worker applies the caller's path policy. */
  readonly vault: CredvaultClient;
}

export type HostSideHandler<C extends ChannelName> = (
  request: ParsedRequest<C>,
  context: HostSideContext,
) => Promise<ChannelResponse<C>>;

export type HostSideHandlers = { readonly [C in ChannelName]?: HostSideHandler<C> };

/** Copying a bearer's token, in the process that owns the clipboard. */
export function clipboardHandlers(clipboard: ClipboardPort): HostSideHandlers {
  return {
    'credvault:clipboard.copyBearer': async ({ ref, as }, { vault }) => {
      // The usable token, refreshed first when due: what the user means to paste.
      const { accessToken } = await vault.call('credvault:bearers.token', { ref });
      const text = as === 'header' ? bearerAuthorizationLine(ref.id, accessToken) : accessToken;
      const { clearAfterS } = (await vault.call('credvault:settings.get', {})).clipboard;
      const clearsAfterS = clearAfterS === 0 ? null : clearAfterS;
      await clipboard.copySecret(text, clearsAfterS);
      return { clearsAfterS };
    },
  };
}

function channelOf(message: unknown): unknown {
  return typeOf(message) === 'call' && Object.hasOwn(message as object, 'channel')
    ? (message as { channel: unknown }).channel
    : undefined;
}

const NOT_HERE = (): Promise<never> =>
  Promise.reject(
    new ContractError({ kind: 'internal', message: 'not a host-side channel', input: null }),
  );

/** Answers one caller's calls to the host-side channels. */
export interface HostSideServer {
  /** The call's result when its channel is served here; null when it is the worker's. */
  serve(message: unknown): Promise<ResultEnvelope> | null;
  close(): void;
}

/**
 * A server for `caller`'s host-side calls: each is parsed and checked by
 * serveCall exactly as the worker would. `openVault` (a port to the worker
 * as the same caller) is called on first use and closed with the server.
 */
export function hostSideServer(
  handlers: HostSideHandlers,
  caller: CallerInfo,
  openVault: () => CredvaultClient & { close(): void },
): HostSideServer {
  let vault: (CredvaultClient & { close(): void }) | null = null;
  const context: HostSideContext = {
    caller,
    get vault() {
      vault ??= openVault();
      return vault;
    },
  };
  const table: Record<string, unknown> = {};
  for (const channel of CHANNEL_NAMES) {
    const handler = handlers[channel] as HostSideHandler<typeof channel> | undefined;
    table[channel] =
      handler === undefined
        ? NOT_HERE
        : (request: ParsedRequest<typeof channel>) => handler(request, context);
  }
  return {
    serve(message) {
      const channel = channelOf(message);
      const ours =
        isChannelName(channel) &&
        Object.hasOwn(handlers, channel) &&
        handlers[channel] !== undefined;
      return ours ? serveCall(table as unknown as HandlerTable, message, caller) : null;
    },
    close() {
      vault?.close();
    },
  };
}
