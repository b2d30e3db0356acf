/**
 * A page's call that adds a path, through a real vault worker: the worker
 * asks the host's ConfirmPort (the desktop app's dialog) and adds the path
 * only when the user allowed it; a host without one refuses.
 */
import { describe, expect, it, onTestFinished } from 'vitest';
import { ContractError } from '@shared/contract';
import { makeTempDir } from '../../../test-support/temp-dir';
import type { ConfirmPort } from '../api/host-ports';
import type { NamedPath } from '../api/path-policy';
import { startVaultWorker, type VaultWorkerOptions } from './worker-host';

async function startHost(options: Partial<VaultWorkerOptions> = {}) {
  const home = options.home ?? makeTempDir('credvault-confirm-');
  const host = await startVaultWorker({ home, mode: 'desktop', version: '0.0.0-test', ...options });
  onTestFinished(async () => {
    await host.close();
  });
  const connect = (transport: 'ipc' | 'worker') => {
    const client = host.connect({ transport });
    onTestFinished(() => client.close());
    return client;
  };
  return { home, page: connect('ipc'), own: connect('worker') };
}

async function forbidden(promise: Promise<unknown>): Promise<void> {
  const error = await promise.then(
    () => new Error('expected the call to be refused'),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ContractError);
  expect((error as ContractError).kind).toBe('forbidden');
}

async function rootsOf(client: Awaited<ReturnType<typeof startHost>>['own']) {
  return (await client.call('credvault:settings.get', {})).roots.map((root) => root.path);
}

/** A ConfirmPort that answers with `decide` and records what it was asked. */
function fakePort(decide: (request: NamedPath) => Promise<boolean>) {
  const asked: NamedPath[] = [];
  let heard: () => void = () => {};
  const firstAsked = new Promise<void>((resolve) => (heard = resolve));
  const port: ConfirmPort = {
    approvePath: (request) => {
      asked.push(request);
      heard();
      return decide(request);
    },
  };
  return { port, asked, firstAsked };
}

describe('a page adding a path through the vault worker', () => {
  it('is refused when the host has no ConfirmPort, and nothing is added', async () => {
    const { page, own } = await startHost();
    const wanted = makeTempDir('credvault-wanted-');
    await forbidden(page.call('credvault:settings.addRoot', { path: wanted }));
    expect(await rootsOf(own)).not.toContain(wanted);
  });

  it('asks the host’s port with that path and adds the root when the user allows it', async () => {
    const { port, asked } = fakePort(async () => true);
    const { page, own } = await startHost({ confirm: port });
    const wanted = makeTempDir('credvault-wanted-');
    await page.call('credvault:settings.addRoot', { path: wanted });
    expect(asked).toEqual([{ kind: 'root', path: wanted }]);
    expect(await rootsOf(own)).toContain(wanted);
    // The host's own port is never asked.
    const other = makeTempDir('credvault-other-');
    await own.call('credvault:settings.addRoot', { path: other });
    expect(asked).toHaveLength(1);
  });

  it('adds nothing when the user refuses, or when the port fails', async () => {
    for (const decide of [
      async () => false,
      async (): Promise<boolean> => {
        throw new Error('the dialog could not open');
      },
    ]) {
      const { port, asked } = fakePort(decide);
      const { page, own } = await startHost({ confirm: port });
      const wanted = makeTempDir('credvault-wanted-');
      await forbidden(page.call('credvault:settings.addRoot', { path: wanted }));
      expect(asked).toEqual([{ kind: 'root', path: wanted }]);
      expect(await rootsOf(own)).not.toContain(wanted);
    }
  });

  it('gives each question its own answer, whatever order the answers come in', async () => {
    const refusedPath = makeTempDir('credvault-refused-');
    const allowedPath = makeTempDir('credvault-allowed-');
    let answerRefused: (allowed: boolean) => void = () => {};
    const { port, firstAsked } = fakePort(
      (request) =>
        new Promise((answer) => {
          if (request.path === allowedPath) answer(true);
          else answerRefused = answer;
        }),
    );
    const { page, own } = await startHost({ confirm: port });
    // The refused question is asked first and answered last.
    const first = page.call('credvault:settings.addRoot', { path: refusedPath });
    await firstAsked;
    await page.call('credvault:settings.addRoot', { path: allowedPath });
    answerRefused(false);
    await forbidden(first);
    const roots = await rootsOf(own);
    expect(roots).toContain(allowedPath);
    expect(roots).not.toContain(refusedPath);
  });

  it('refuses a question still waiting when the vault closes', async () => {
    const { port, firstAsked } = fakePort(() => new Promise<boolean>(() => {}));
    const home = makeTempDir('credvault-confirm-');
    const host = await startVaultWorker({
      home,
      mode: 'desktop',
      version: '0.0.0-test',
      confirm: port,
    });
    const page = host.connect({ transport: 'ipc' });
    onTestFinished(() => page.close());
    const wanted = makeTempDir('credvault-wanted-');
    const call = forbidden(page.call('credvault:settings.addRoot', { path: wanted }));
    await firstAsked;
    // Closed, not ended after the wait: the question did not hold the worker open.
    expect(await host.close()).toBe('closed');
    await call;
    const { own } = await startHost({ home });
    expect(await rootsOf(own)).not.toContain(wanted);
  });
});
