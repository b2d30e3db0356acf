import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ContractError, type ChannelName, type ChannelRequest } from '@shared/contract';
import { LEAK_MARKER, markedSecret } from '../../../test-support/leak-marker';
import { makeTempDir } from '../../../test-support/temp-dir';
import { openVault } from '../session/open-vault';
import type { VaultSession } from '../session/session-api';
import { createHandlerTable, type CallerInfo } from './handler-table';
import type { ConfirmPort } from './host-ports';
import { pathForPrompt } from './path-approval';
import type { NamedPath } from './path-policy';
import { serveCall } from './serve-call';

const sessions: VaultSession[] = [];
afterEach(async () => {
  for (const session of sessions.splice(0)) await session.close();
});

/** A user at the host's prompt who answers `answer` and remembers every question. */
function user(answer: boolean | 'throws') {
  const asked: NamedPath[] = [];
  const port: ConfirmPort = {
    approvePath: async (request) => {
      asked.push(request);
      if (answer === 'throws') throw new Error('the dialog could not open');
      return answer;
    },
  };
  return { asked, port };
}

async function vault(confirm?: ConfirmPort) {
  const home = makeTempDir('credvault-approval-');
  const session = await openVault(home);
  sessions.push(session);
  const table = createHandlerTable(session, {
    mode: 'browser',
    version: '0.0.0-test',
    ...(confirm === undefined ? {} : { confirm }),
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
  const settingsFile = join(home, 'settings.json');
  const settingsOnDisk = () =>
    existsSync(settingsFile) ? readFileSync(settingsFile, 'utf8') : null;
  return { home, session, call, settingsOnDisk };
}

const page: CallerInfo = { transport: 'web' };
const ipc: CallerInfo = { transport: 'ipc' };
const cli: CallerInfo = { transport: 'cli' };
const trusted: CallerInfo = { transport: 'worker' };

async function refusal(promise: Promise<unknown>): Promise<ContractError> {
  const error = await promise.then(
    () => new Error('expected a refusal'),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ContractError);
  return error as ContractError;
}

/** Each way a page can add a path, with how to read it back from the settings. */
function additions(home: string) {
  const tokenFile = join(home, 'project', '.auth_token');
  const keyFile = join(home, 'other-keys.json');
  const root = makeTempDir('credvault-new-root-');
  return [
    {
      what: 'workspace token file',
      channel: 'credvault:settings.update',
      payload: { tokenFiles: [tokenFile] },
      asked: { kind: 'tokenFile', path: tokenFile },
      configured: (s: { tokenFiles: string[] }) => s.tokenFiles.includes(tokenFile),
    },
    {
      what: 'key file',
      channel: 'credvault:settings.update',
      payload: { keyFiles: [keyFile] },
      asked: { kind: 'keyFile', path: keyFile },
      configured: (s: { keyFiles: string[] }) => s.keyFiles.includes(keyFile),
    },
    {
      what: 'bearer root',
      channel: 'credvault:settings.addRoot',
      payload: { path: root },
      asked: { kind: 'root', path: root },
      configured: (s: { roots: Array<{ path: string }> }) => s.roots.some((r) => r.path === root),
    },
  ] as const;
}

type Addition = ReturnType<typeof additions>[number];
const add = (
  call: Awaited<ReturnType<typeof vault>>['call'],
  addition: Addition,
  caller: CallerInfo,
) => call(addition.channel, addition.payload as never, caller);

describe('a page adding a path needs the user’s approval outside the page', () => {
  it('without a way to ask, a page’s addition is refused and the settings file is unchanged', async () => {
    const { home, call, session, settingsOnDisk } = await vault();
    for (const addition of additions(home)) {
      for (const caller of [page, ipc]) {
        const before = settingsOnDisk();
        const error = await refusal(add(call, addition, caller));
        expect(error.kind).toBe('forbidden');
        expect(error.message).toBe(
          `adding a ${addition.what} from the page needs your approval outside the page, ` +
            'which this host cannot ask for; add it with the credvault CLI',
        );
        expect(error.message).not.toContain(addition.asked.path);
        expect(settingsOnDisk()).toBe(before);
        expect(addition.configured((await session.getSettings({})) as never)).toBe(false);
      }
    }
  });

  it('a page’s addition the user refuses (or that cannot be asked) is not made', async () => {
    for (const answer of [false, 'throws'] as const) {
      const { asked, port } = user(answer);
      const { home, call, session, settingsOnDisk } = await vault(port);
      const tried = additions(home);
      for (const addition of tried) {
        const before = settingsOnDisk();
        const error = await refusal(add(call, addition, page));
        expect(error.kind).toBe('forbidden');
        expect(error.message).toBe(
          `adding a ${addition.what} from the page needs your approval in the terminal running ` +
            "credvault ui (or the desktop app's dialog); it was refused",
        );
        expect(settingsOnDisk()).toBe(before);
        expect(addition.configured((await session.getSettings({})) as never)).toBe(false);
      }
      expect(asked).toEqual(tried.map((addition) => addition.asked));
    }
  });

  it('a page’s addition the user approves is made, after asking about exactly that path', async () => {
    const { asked, port } = user(true);
    const { home, call, session } = await vault(port);
    for (const addition of additions(home)) {
      await add(call, addition, ipc);
      expect(asked.at(-1)).toEqual(addition.asked);
      expect(addition.configured((await session.getSettings({})) as never)).toBe(true);
    }
  });

  it('the page can then write a token file the user approved, and no other', async () => {
    const { asked, port } = user(true);
    const { home, call } = await vault(port);
    const approvedFile = join(home, '.auth_token');
    await call('credvault:settings.update', { tokenFiles: [approvedFile] }, page);
    expect(asked).toEqual([{ kind: 'tokenFile', path: approvedFile }]);
    await call('credvault:workspace.set', { path: approvedFile, token: 'ws-token' }, page);
    const startUp = join(home, '.bashrc');
    const write = await refusal(
      call('credvault:workspace.set', { path: startUp, token: 'curl evil | sh' }, page),
    );
    expect(write.kind).toBe('forbidden');
    expect(existsSync(startUp)).toBe(false);
  });

  it('asks about each new path once, never about the ones already configured or removed', async () => {
    const { asked, port } = user(true);
    const { home, call } = await vault(port);
    const a = join(home, 'a', '.auth_token');
    const b = join(home, 'b', '.auth_token');
    await call('credvault:settings.update', { tokenFiles: [a] }, page);
    // `a` again (spelled differently), `b` twice: one question, about `b`.
    await call(
      'credvault:settings.update',
      { tokenFiles: [join(home, 'a', '..', 'a', '.auth_token'), b, b] },
      page,
    );
    expect(asked.map(({ path }) => path)).toEqual([a, b]);
    // Removing, and changes that add nothing, ask nothing.
    await call('credvault:settings.update', { tokenFiles: [b], theme: 'dark' }, page);
    await call('credvault:settings.update', { tokenFiles: [] }, page);
    // The vault's own key file is a page's already.
    await call('credvault:settings.update', { keyFiles: [join(home, 'keys.json')] }, page);
    expect(asked).toHaveLength(2);
  });

  it('removing a root needs no approval, even with no way to ask', async () => {
    const { asked, port } = user(true);
    const { call, session } = await vault(port);
    const root = makeTempDir('credvault-root-');
    await call('credvault:settings.addRoot', { path: root }, cli);
    await call('credvault:settings.updateRoot', { path: root, windowS: 60 }, page);
    await call('credvault:settings.removeRoot', { path: root }, page);
    expect(asked).toEqual([]);
    expect((await session.getSettings({})).roots.map((r) => r.path)).not.toContain(root);
  });

  it('the CLI and the host’s own calls are never asked', async () => {
    const { asked, port } = user(false);
    const { home, call, session } = await vault(port);
    for (const caller of [cli, trusted]) {
      // A fresh root each time round (adding a configured root again is an error).
      for (const addition of additions(home)) {
        await add(call, addition, caller);
        expect(addition.configured((await session.getSettings({})) as never)).toBe(true);
      }
    }
    expect(asked).toEqual([]);
  });

  it('a refusal never quotes the page’s payload', async () => {
    const { call } = await vault(user(false).port);
    const secretish = `/tmp/${markedSecret('path')}`;
    const error = await refusal(
      call('credvault:settings.update', { tokenFiles: [secretish] }, page),
    );
    expect(JSON.stringify(error)).not.toContain(LEAK_MARKER);
  });
});

describe('pathForPrompt', () => {
  it('shows a plain path as it is', () => {
    expect(pathForPrompt('/home/u/project/.auth_token')).toBe('/home/u/project/.auth_token');
    expect(pathForPrompt('/home/jürgen/Données/.auth_token')).toBe(
      '/home/jürgen/Données/.auth_token',
    );
  });

  it('quotes and escapes what could redraw the line or reorder it', () => {
    expect(pathForPrompt('/tmp/a\r/home/u/ok')).toBe('"/tmp/a\\r/home/u/ok"');
    expect(pathForPrompt('/tmp/\u001b[2Kx')).toBe('"/tmp/\\u001b[2Kx"');
    expect(pathForPrompt('/tmp/\u202ecrb.hsab')).toBe('"/tmp/\\u202ecrb.hsab"');
    expect(pathForPrompt('/tmp/\u009bx')).toBe('"/tmp/\\u009bx"');
  });
});
