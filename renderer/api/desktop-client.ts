/**
 * The Electron preload's client as the page receives it through
 * contextBridge. A failed call there rejects with the contract's error shape
 * as plain data, because an Error crossing the bridge keeps only its message
 * (electron/preload/preload-client.ts); here it becomes a ContractError
 * again, so the stores can tell 'not-found' from 'unsupported' as they do
 * in browser mode.
 */
import {
  ContractError,
  errorShapeSchema,
  type ChannelName,
  type ChannelRequest,
  type ChannelResponse,
  type CredvaultClient,
} from '@shared/contract';

function asContractError(reason: unknown): unknown {
  const shape = errorShapeSchema.safeParse(reason);
  return shape.success ? new ContractError(shape.data) : reason;
}

export function fromPreload(bridge: CredvaultClient): CredvaultClient {
  return {
    call<C extends ChannelName>(
      channel: C,
      request: ChannelRequest<C>,
    ): Promise<ChannelResponse<C>> {
      return bridge.call(channel, request).catch((reason: unknown) => {
        throw asContractError(reason);
      });
    },
    subscribe: (event, listener) => bridge.subscribe(event, listener),
  };
}
