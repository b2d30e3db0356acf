/**
 * The contract served over a vault session: one handler per channel. The
 * table's type is a mapped type over every channel name, so a channel added
 * to shared/contract.ts without a handler here is a compile error. Handlers
 * receive requests already parsed by their channel's schema (serve-call.ts)
 * and hold no logic of their own beyond choosing the session call or the
 * host port that serves them.
 */
import {
  ContractError,
  type ChannelName,
  type ChannelResponse,
  type ParsedRequest,
} from '@shared/contract';
import { bearerAuthorizationLine } from '../oauth/authorization-header';
import type { VaultSession } from '../session/session-api';
import type { HostPorts } from './host-ports';
import { gateAddedPaths } from './path-approval';
import { confinePaths } from './path-policy';

/**
 * What the transport knows about who is calling. Sender checks (an IPC
 * frame's origin, the browser bridge's session secret) happen in the
 * transport before a call is served; what they established is recorded here
 * for handlers that serve some transports differently.
 */
export interface CallerInfo {
  readonly transport: 'ipc' | 'web' | 'worker' | 'cli';
}

export type Handler<C extends ChannelName> = (
  request: ParsedRequest<C>,
  caller: CallerInfo,
) => Promise<ChannelResponse<C>>;

export type HandlerTable = { readonly [C in ChannelName]: Handler<C> };

export const UNSUPPORTED = {
  tray: 'the tray is not available in this build yet',
  clipboard:
    'copying from the vault needs the desktop app; in a browser the page copies after Reveal',
} as const;

function required<Port>(port: Port | undefined, message: string): Port {
  if (port === undefined) throw new ContractError({ kind: 'unsupported', message, input: null });
  return port;
}

/**
 * The table for `session`. A renderer's calls may name only configured paths
 * (path-policy.ts), and add one only with the user's approval asked by the
 * host (path-approval.ts); the CLI's may name and add any.
 */
export function createHandlerTable(session: VaultSession, host: HostPorts): HandlerTable {
  return confinePaths(gateAddedPaths(handlersFor(session, host), session, host.confirm), session);
}

function handlersFor(session: VaultSession, host: HostPorts): HandlerTable {
  return {
    'credvault:bearers.list': (request) => session.listBearers(request),
    'credvault:bearers.show': (request) => session.showBearer(request),
    'credvault:bearers.reveal': (request) => session.revealBearer(request),
    'credvault:bearers.token': (request) => session.bearerToken(request),
    'credvault:bearers.put': (request) => session.putBearer(request),
    'credvault:bearers.remove': (request) => session.removeBearer(request),
    'credvault:bearers.link': (request) => session.linkBearer(request),
    'credvault:bearers.refresh': (request) => session.refreshBearer(request),
    'credvault:bearers.checkSv': (request) => session.checkSv(request),
    'credvault:bearers.setKeepFresh': (request) => session.setKeepFresh(request),

    'credvault:inspect.run': (request) => session.inspect(request),

    'credvault:keys.list': (request) => session.listKeys(request),
    'credvault:keys.mint': (request) => session.mintKey(request),
    'credvault:keys.validate': (request) => session.validateKey(request),
    'credvault:keys.revoke': (request) => session.revokeKeys(request),

    'credvault:workspace.list': (request) => session.listTokenFiles(request),
    'credvault:workspace.reveal': (request) => session.revealTokenFile(request),
    'credvault:workspace.set': (request) => session.setTokenFile(request),

    'credvault:providers.list': (request) => session.listProviders(request),
    'credvault:providers.add': (request) => session.addProvider(request),
    'credvault:providers.edit': (request) => session.editProvider(request),
    'credvault:providers.remove': (request) => session.removeProvider(request),
    'credvault:providers.token': (request) => session.clientCredentialsToken(request),

    'credvault:settings.get': (request) => session.getSettings(request),
    'credvault:settings.update': (request) => session.updateSettings(request),
    'credvault:settings.addRoot': (request) => session.addRoot(request),
    'credvault:settings.updateRoot': (request) => session.updateRoot(request),
    'credvault:settings.removeRoot': (request) => session.removeRoot(request),

    'credvault:keychain.status': (request) => session.keychainStatus(request),
    'credvault:keychain.enable': (request) => session.enableKeychain(request),
    'credvault:keychain.disable': (request) => session.disableKeychain(request),
    'credvault:keychain.retry': (request) => session.retryKeychain(request),

    'credvault:tray.get': async () => required(host.tray, UNSUPPORTED.tray).model(),

    'credvault:app.resume': async () => {
      session.resume();
      return {};
    },
    'credvault:app.info': async () => ({
      version: host.version,
      home: session.home,
      mode: host.mode,
    }),

    'credvault:clipboard.copyBearer': async ({ ref, as }) => {
      const clipboard = required(host.clipboard, UNSUPPORTED.clipboard);
      // The usable token, refreshed first when due: what the user means to paste.
      const { accessToken } = await session.bearerToken({ ref });
      const text = as === 'header' ? bearerAuthorizationLine(ref.id, accessToken) : accessToken;
      const { clearAfterS } = (await session.getSettings({})).clipboard;
      const clearsAfterS = clearAfterS === 0 ? null : clearAfterS;
      await clipboard.copySecret(text, clearsAfterS);
      return { clearsAfterS };
    },
  };
}
