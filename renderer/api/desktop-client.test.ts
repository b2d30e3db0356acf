import { describe, expect, it, vi } from 'vitest';
import { ContractError, type CredvaultClient } from '@shared/contract';
import { errorMessage } from './client';
import { fromPreload } from './desktop-client';

function bridge(rejectWith: unknown): CredvaultClient {
  return {
    call: vi.fn(() => Promise.reject(rejectWith)) as unknown as CredvaultClient['call'],
    subscribe: vi.fn(() => () => {}),
  };
}

describe('fromPreload', () => {
  it('turns the error shape the preload rejects with back into a ContractError', async () => {
    const shape = { kind: 'unsupported', message: 'not in this build', input: null };
    const client = fromPreload(bridge(shape));
    const error = await client.call('credvault:keychain.status', {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ContractError);
    expect(error).toMatchObject({ kind: 'unsupported', message: 'not in this build' });
    expect(errorMessage(error)).toBe('not in this build');
  });

  it('leaves anything else as it was (its message is not shown)', async () => {
    const client = fromPreload(bridge(new Error('An object could not be cloned')));
    const error = await client.call('credvault:keychain.status', {}).catch((e: unknown) => e);
    expect(error).not.toBeInstanceOf(ContractError);
    expect(errorMessage(error)).toBe('the call failed for a reason the vault did not give');
  });

  it('passes values and subscriptions through', async () => {
    const inner: CredvaultClient = {
      call: vi.fn(async () => ({ providers: [] })) as unknown as CredvaultClient['call'],
      subscribe: vi.fn(() => () => {}),
    };
    const client = fromPreload(inner);
    await expect(client.call('credvault:providers.list', {})).resolves.toEqual({ providers: [] });
    const listener = () => {};
    client.subscribe('credvault:providers.changed', listener);
    expect(inner.subscribe).toHaveBeenCalledWith('credvault:providers.changed', listener);
  });
});
