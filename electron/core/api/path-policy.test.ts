import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { ContractError, type ChannelName, type ChannelRequest } from '@shared/contract';
import { markedSecret } from '../../../test-support/leak-marker';
import { makeTempDir } from '../../../test-support/temp-dir';
import { openVault } from '../session/open-vault';
import type { VaultSession } from '../session/session-api';
import { createHandlerTable, type CallerInfo } from './handler-table';
import { serveCall } from './serve-call';

const sessions: VaultSession[] = [];
afterEach(async () => {
  for (const session of sessions.splice(0)) await session.close();
});

async function vault() {
  const home = makeTempDir('credvault-paths-');
  const session = await openVault(home);
  sessions.push(session);
  // The user approves every path a page adds (path-approval.test.ts asks otherwise).
  const table = createHandlerTable(session, {
    mode: 'browser',
    version: '0.0.0-test',
    confirm: { approvePath: async () => true },
  });
  let id = 0;
  const call = async <C extends ChannelName>(
    channel: C,
    payload: ChannelRequest<C>,
    caller: CallerInfo,
  ) => {
    const result = await serveCall(table, { type: 'call', id: ++id, channel, payload }, caller);
    if (!result.ok) throw new ContractError(result.error);
    return result.value;
  };
  return { home, session, call };
}

const page: CallerInfo = { transport: 'web' };
const ipc: CallerInfo = { transport: 'ipc' };
const cli: CallerInfo = { transport: 'cli' };

async function refusal(promise: Promise<unknown>): Promise<ContractError> {
  const error = await promise.then(
    () => new Error('expected a refusal'),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ContractError);
  return error as ContractError;
}

describe('paths a page may name', () => {
  it('a page cannot read or write a file that is not a configured token file; the CLI can', async () => {
    const { home, call } = await vault();
    const stranger = join(home, 'not-a-token-file');
    const secret = markedSecret('file');
    writeFileSync(stranger, secret, { mode: 0o600 });
    for (const caller of [page, ipc]) {
      const read = await refusal(call('credvault:workspace.reveal', { path: stranger }, caller));
      expect(read.kind).toBe('forbidden');
      expect(read.message).toBe(
        'the workspace token file named is not a configured one; add it in Settings first',
      );
      const write = await refusal(
        call('credvault:workspace.set', { path: stranger, token: 'x' }, caller),
      );
      expect(write.kind).toBe('forbidden');
    }
    expect(await call('credvault:workspace.reveal', { path: stranger }, cli)).toEqual({
      path: stranger,
      token: secret,
    });
  });

  it('a configured token file is served to a page', async () => {
    const { home, call } = await vault();
    const file = join(home, '.auth_token');
    await call('credvault:settings.update', { tokenFiles: [file] }, page);
    await call('credvault:workspace.set', { path: file, token: 'ws-token' }, page);
    expect(await call('credvault:workspace.reveal', { path: file }, page)).toEqual({
      path: file,
      token: 'ws-token',
    });
  });

  it('a page may use configured roots only, and the vault key file or configured key files', async () => {
    const { home, call } = await vault();
    const elsewhere = makeTempDir('credvault-elsewhere-');
    const ref = { root: elsewhere, id: 'agent' };
    const record = { accessToken: 'a', refreshToken: 'r', expiresAtUnix: 4102444800 };
    expect((await refusal(call('credvault:bearers.put', { ref, record }, page))).kind).toBe(
      'forbidden',
    );
    expect((await refusal(call('credvault:bearers.list', { roots: [elsewhere] }, page))).kind).toBe(
      'forbidden',
    );
    await call(
      'credvault:bearers.put',
      { ref: { root: join(home, 'bearers'), id: 'agent' }, record },
      page,
    );
    await call('credvault:settings.addRoot', { path: elsewhere }, page);
    await call('credvault:bearers.put', { ref, record }, page);

    const keyFile = join(elsewhere, 'keys.json');
    expect((await refusal(call('credvault:keys.list', { file: keyFile }, page))).kind).toBe(
      'forbidden',
    );
    await call('credvault:keys.list', {}, page);
    await call('credvault:keys.mint', { name: 'bot' }, page);
    await call('credvault:keys.list', { file: join(home, 'keys.json') }, page);
    await call('credvault:keys.mint', { file: keyFile, name: 'bot' }, cli);
  });
});
