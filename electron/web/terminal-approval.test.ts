import { afterEach, describe, expect, it, vi } from 'vitest';
import { TerminalApproval } from './terminal-approval';

afterEach(() => {
  vi.useRealTimers();
});

function terminal(timeoutMs?: number) {
  const said: string[] = [];
  const approval = new TerminalApproval({
    say: (text) => said.push(text),
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
  });
  return { approval, said };
}

const tokenFile = { kind: 'tokenFile', path: '/home/u/project/.auth_token' } as const;
const root = { kind: 'root', path: '/srv/bearers' } as const;

describe('asking in the terminal', () => {
  it('asks on stderr and takes the next line as the answer: y allows, anything else refuses', async () => {
    const { approval, said } = terminal();
    expect(approval.answer('')).toBe(false);
    for (const [line, allowed] of [
      ['y', true],
      ['YES', true],
      ['', false],
      ['n', false],
      ['yep', false],
    ] as const) {
      const asked = approval.approvePath(tokenFile);
      expect(said.at(-1)).toBe(
        'credvault: the page asks to add the workspace token file /home/u/project/.auth_token. Allow? [y/N] ',
      );
      expect(approval.answer(line)).toBe(true);
      expect(await asked).toBe(allowed);
      expect(said.at(-1)).toBe(allowed ? 'credvault: allowed\n' : 'credvault: refused\n');
    }
    // No question pending: a line is not an answer (browser mode prints a link).
    expect(approval.answer('y')).toBe(false);
  });

  it('asks one question at a time, in order', async () => {
    const { approval, said } = terminal();
    const first = approval.approvePath(tokenFile);
    const second = approval.approvePath(root);
    expect(said).toHaveLength(1);
    approval.answer('n');
    expect(said.at(-1)).toBe(
      'credvault: the page asks to add the bearer root /srv/bearers. Allow? [y/N] ',
    );
    approval.answer('y');
    expect([await first, await second]).toEqual([false, true]);
  });

  it('shows a path that could redraw the line quoted, with its escapes', async () => {
    const { approval, said } = terminal();
    void approval.approvePath({ kind: 'keyFile', path: '/tmp/x\r/home/u/keys.json' });
    expect(said.at(-1)).toContain('the key file "/tmp/x\\r/home/u/keys.json". Allow?');
    approval.close();
  });

  it('refuses when no answer comes in time, and asks the next', async () => {
    vi.useFakeTimers();
    const { approval, said } = terminal(120_000);
    const first = approval.approvePath(tokenFile);
    const second = approval.approvePath(root);
    await vi.advanceTimersByTimeAsync(119_999);
    expect(said).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(await first).toBe(false);
    expect(said[1]).toBe('credvault: no answer in 120 s: refused\n');
    // The second waited as long: it is refused too, never left open.
    expect(await second).toBe(false);
  });

  it('refuses every question, pending and later, once stdin has ended', async () => {
    const { approval } = terminal();
    const pending = approval.approvePath(tokenFile);
    approval.close();
    expect(await pending).toBe(false);
    expect(await approval.approvePath(root)).toBe(false);
  });
});
