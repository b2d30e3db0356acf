/**
 * The notification policy: one notification per (root, id, state,
 * expires_at), across a restart and across front ends sharing a vault home
 * (processes included); what happened while nothing ran is told once at
 * start; a burst becomes one summary and never more than 3 show in a minute.
 */
import { spawn } from 'node:child_process';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { notificationSchema } from '@shared/schemas/tray';
import { FakeClock } from '../../../test-support/fake-clock';
import { makeTempDir } from '../../../test-support/temp-dir';
import type { ExpiryTransition } from './expiry-scheduler';
import { NOTIFICATIONS_FILE, NotificationMemory } from './notification-memory';
import {
  NotificationPolicy,
  type NotifiableBearer,
  type Notification,
} from './notification-policy';

const CHILDREN = resolve(import.meta.dirname, '../../../test-support/children');

function setup(home = makeTempDir(), clock = new FakeClock()) {
  const shown: Notification[] = [];
  let enabled = true;
  const policy = new NotificationPolicy({
    home,
    clock,
    notify: (notification) => shown.push(notificationSchema.parse(notification)),
    enabled: () => enabled,
  });
  const root = join(home, 'bearers');
  return {
    home,
    root,
    clock,
    policy,
    shown,
    setEnabled: (value: boolean) => {
      enabled = value;
    },
    /** The scheduler announcing `id` crossing into `to`, expiring `expiresInS` from now. */
    crossing: (
      id: string,
      to: 'near_expiry' | 'expired',
      expiresInS: number,
    ): ExpiryTransition => ({
      ref: { root, id },
      from: to === 'expired' ? 'near_expiry' : 'ok',
      to,
      expiresAtUnix: clock.nowUnix() + expiresInS,
    }),
    listed: (
      id: string,
      status: NotifiableBearer['status'],
      expiresAtUnix: number | null,
      inRoot = root,
    ): NotifiableBearer => ({ root: inRoot, id, status, expiresAtUnix }),
  };
}

describe('notification policy', () => {
  it('tells each state of each expiry once; a refreshed bearer nearing expiry again is told again', async () => {
    const { policy, shown, crossing, clock } = setup();
    const near = crossing('agent-A', 'near_expiry', 240);
    await policy.observe([near]);
    await policy.observe([near]);
    expect(shown).toEqual([
      {
        key: expect.any(String),
        title: 'agent-A expires soon',
        body: expect.stringMatching(/^Expires in 4 min\. Root: /),
        ref: near.ref,
      },
    ]);

    clock.advance(240_000);
    await policy.observe([{ ...near, from: 'near_expiry', to: 'expired' }]);
    expect(shown.map((n) => n.title)).toEqual(['agent-A expires soon', 'agent-A has expired']);

    // Refreshed to a new expiry, which nears in its turn: a new key.
    clock.advance(3600_000);
    await policy.observe([crossing('agent-A', 'near_expiry', 300)]);
    expect(shown.map((n) => n.title)).toEqual([
      'agent-A expires soon',
      'agent-A has expired',
      'agent-A expires soon',
    ]);
    expect(new Set(shown.map((n) => n.key)).size).toBe(3);
  });

  it('a restart (a new policy on the same home) repeats nothing', async () => {
    const first = setup();
    const near = first.crossing('agent-A', 'near_expiry', 200);
    await first.policy.observe([near]);
    await first.policy.close();
    expect(first.shown).toHaveLength(1);

    const second = setup(first.home, first.clock);
    await second.policy.observe([near]);
    await second.policy.reconcile([
      second.listed('agent-A', 'near_expiry', near.expiresAtUnix),
      second.listed('fresh', 'ok', first.clock.nowUnix() + 9000),
    ]);
    expect(second.shown).toEqual([]);
  });

  it('two front ends on one home, interleaved, tell each key once between them', async () => {
    const home = makeTempDir();
    const clock = new FakeClock();
    const app = setup(home, clock);
    const ui = setup(home, clock);
    const crossings = Array.from({ length: 6 }, (_, index) =>
      app.crossing(`b${index}`, 'near_expiry', 100 + index),
    );
    // Each transition reaches both, in alternating order, all at once.
    await Promise.all(
      crossings.flatMap((crossing, index) =>
        index % 2 === 0
          ? [app.policy.observe([crossing]), ui.policy.observe([crossing])]
          : [ui.policy.observe([crossing]), app.policy.observe([crossing])],
      ),
    );
    // Both start later and look at the same bearers: nothing new.
    const listed = crossings.map((crossing) =>
      app.listed(crossing.ref.id, 'near_expiry', crossing.expiresAtUnix),
    );
    await Promise.all([app.policy.reconcile(listed), ui.policy.reconcile(listed)]);

    // Whatever each paced into a summary is told within the minute.
    clock.advance(60_000);
    const toldLater = [...app.shown, ...ui.shown];
    const singles = toldLater.filter((n) => n.ref !== null).map((n) => n.ref?.id);
    expect(new Set(singles).size).toBe(singles.length);
    const summarised = toldLater
      .filter((n) => n.ref === null)
      .reduce((sum, n) => sum + Number(/^(\d+) bearers/.exec(n.title)?.[1]), 0);
    expect(singles.length + summarised).toBe(6);
  });

  it('two processes claiming the same keys at once: each key is won exactly once', async () => {
    const home = makeTempDir();
    const count = 150;
    const children = Array.from({ length: 3 }, () =>
      spawn(
        process.execPath,
        ['--import', 'tsx', join(CHILDREN, 'notification-claimer.ts'), home, String(count)],
        { stdio: ['pipe', 'pipe', 'inherit'] },
      ),
    );
    const outputs = children.map((child) => {
      let text = '';
      child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
      return new Promise<string>((done) => child.on('close', () => done(text)));
    });
    await Promise.all(
      children.map(
        (child) =>
          new Promise<void>((ready) => {
            const onData = (chunk: Buffer) => {
              if (!chunk.toString('utf8').includes('ready')) return;
              child.stdout.off('data', onData);
              ready();
            };
            child.stdout.on('data', onData);
          }),
      ),
    );
    for (const child of children) child.stdin.write('go\n');
    const won = (await Promise.all(outputs)).flatMap((text) =>
      text
        .split('\n')
        .filter((line) => line.startsWith('won '))
        .map((line) => line.slice(4)),
    );
    expect(won.sort()).toEqual(Array.from({ length: count }, (_, index) => `b${index}`).sort());
  });

  it('at start, tells once what crossed a threshold while nothing ran', async () => {
    const { policy, shown, listed, clock } = setup();
    const now = clock.nowUnix();
    const bearers = [
      listed('gone-stale', 'expired', now - 3600),
      listed('soon', 'near_expiry', now + 100),
      listed('fresh', 'ok', now + 9000),
      listed('broken', 'invalid', null),
    ];
    await policy.reconcile(bearers);
    expect(shown.map((n) => n.title).sort()).toEqual([
      'gone-stale has expired',
      'soon expires soon',
    ]);
    await policy.reconcile(bearers);
    expect(shown).toHaveLength(2);
  });

  it('a burst of 4 at once becomes one summary; never more than 3 in a minute', async () => {
    const { policy, shown, crossing, clock } = setup();
    await policy.observe([
      crossing('a', 'expired', 0),
      crossing('b', 'near_expiry', 60),
      crossing('c', 'near_expiry', 90),
      crossing('d', 'near_expiry', 120),
    ]);
    expect(shown).toEqual([
      {
        key: expect.stringMatching(/^summary:/),
        title: '4 bearers need attention',
        body: '1 expired, 3 near expiry: a, b, c and 1 more',
        ref: null,
      },
    ]);

    // Two more fit in the minute, one by one; the next waits for room.
    clock.advance(10_000);
    await policy.observe([crossing('e', 'near_expiry', 200)]);
    clock.advance(10_000);
    await policy.observe([crossing('f', 'near_expiry', 200)]);
    clock.advance(10_000);
    await policy.observe([crossing('g', 'near_expiry', 100)]);
    expect(shown.map((n) => n.title)).toEqual([
      '4 bearers need attention',
      'e expires soon',
      'f expires soon',
    ]);
    expect(clock.pending).toBe(1); // one wake-up planned, for when room comes
    const firedBefore = clock.fired;
    clock.advance(29_999);
    expect(shown).toHaveLength(3);
    clock.advance(1); // a minute after the summary: room for one
    expect(shown.map((n) => n.title).at(-1)).toBe('g expires soon');
    expect(shown.at(-1)?.body).toMatch(/^Expires in 1 min\./); // as it is then, not 2 min as it was
    expect(clock.fired - firedBefore).toBe(1);
    expect(clock.pending).toBe(0);
  });

  it('gives back at close what waited for room, and the next start tells it', async () => {
    const { home, policy, shown, crossing, listed, clock } = setup();
    await policy.observe([crossing('a', 'near_expiry', 60), crossing('b', 'near_expiry', 60)]);
    await policy.observe([crossing('c', 'near_expiry', 60)]);
    const waiting = crossing('d', 'near_expiry', 120);
    await policy.observe([waiting]);
    expect(shown.map((n) => n.title)).toEqual([
      'a expires soon',
      'b expires soon',
      'c expires soon',
    ]);
    await policy.close();
    expect(shown).toHaveLength(3);

    const next = setup(home, clock);
    const now = clock.nowUnix();
    await next.policy.reconcile([
      ...['a', 'b', 'c'].map((id) => listed(id, 'near_expiry', now + 60)),
      listed('d', 'near_expiry', waiting.expiresAtUnix),
    ]);
    expect(next.shown.map((n) => n.title)).toEqual(['d expires soon']);
  });

  it('says nothing while notifications are off, and tells what is true once they are on', async () => {
    const { policy, shown, crossing, listed, setEnabled, home } = setup();
    setEnabled(false);
    const near = crossing('a', 'near_expiry', 100);
    await policy.observe([near]);
    expect(shown).toEqual([]);
    expect(new NotificationMemory(home).remembered()).toEqual([]);
    setEnabled(true);
    await policy.reconcile([listed('a', 'near_expiry', near.expiresAtUnix)]);
    expect(shown.map((n) => n.title)).toEqual(['a expires soon']);
  });

  it('keeps the file bounded: forgets bearers gone or re-dated, keeps unreadable roots', async () => {
    const { policy, home, root, crossing, listed, clock } = setup();
    const other = join(home, 'elsewhere');
    const a = crossing('a', 'near_expiry', 100);
    const b = crossing('b', 'near_expiry', 100);
    const c = crossing('c', 'near_expiry', 100);
    const d = { ...crossing('d', 'near_expiry', 100), ref: { root: other, id: 'd' } };
    await policy.observe([a, b, c]);
    await policy.observe([d]);
    const memory = new NotificationMemory(home);
    expect(memory.remembered()).toHaveLength(4);

    // a is gone, b was refreshed, c unchanged; the other root cannot be read.
    await policy.reconcile(
      [listed('b', 'ok', clock.nowUnix() + 7200), listed('c', 'near_expiry', c.expiresAtUnix)],
      [other],
    );
    expect(
      memory.remembered().map((key) => `${key.root === root ? '' : 'other/'}${key.id}`),
    ).toEqual(['c', 'other/d']);
    const file = join(home, NOTIFICATIONS_FILE);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8')).not.toContain('"a"');
  });

  it('a damaged memory file is started afresh, not a reason to stop', async () => {
    const { policy, shown, crossing, home } = setup();
    writeFileSync(join(home, NOTIFICATIONS_FILE), '{"version": 1, "roots": [', { mode: 0o600 });
    await policy.observe([crossing('a', 'near_expiry', 100)]);
    expect(shown).toHaveLength(1);
    expect(new NotificationMemory(home).remembered()).toHaveLength(1);
  });
});
