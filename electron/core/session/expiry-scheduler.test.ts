/**
 * The expiry scheduler under a fake clock: transitions are announced exactly
 * when they happen and the process is woken at no other time; the one timer
 * follows every change (add, refresh, remove, window change) and resume()
 * after sleep; a 60-day expiry is announced on the second.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EVENTS } from '@shared/contract';
import { FakeClock } from '../../../test-support/fake-clock';
import { bearerStatus } from '../bearers/bearer-status';
import { ExpiryScheduler, type ExpiryTransition, type TimedBearer } from './expiry-scheduler';

const ROOT = '/vault/bearers';
const OTHER_ROOT = '/srv/agents';
const DAY_S = 24 * 3600;

function setup() {
  const clock = new FakeClock();
  const seen: Array<ExpiryTransition & { atMs: number }> = [];
  const scheduler = new ExpiryScheduler({
    clock,
    onTransitions: (transitions) => {
      for (const transition of transitions) {
        EVENTS['credvault:bearers.expiry'].parse(transition);
        seen.push({ ...transition, atMs: clock.nowMs() });
      }
    },
  });
  /** A bearer as a fresh list would show it now. */
  const bearer = (id: string, expiresInS: number, windowS = 300, root = ROOT): TimedBearer => {
    const expiresAtUnix = clock.nowUnix() + expiresInS;
    return {
      root,
      id,
      expiresAtUnix,
      windowS,
      status: bearerStatus(expiresAtUnix, clock.nowUnix(), windowS),
    };
  };
  const steps = () => seen.map(({ ref, from, to }) => `${ref.id}:${from}->${to}`);
  return { clock, scheduler, seen, bearer, steps };
}

describe('expiry scheduler', () => {
  it('announces each transition at its second and wakes at no other time', () => {
    const { clock, scheduler, seen, bearer, steps } = setup();
    const start = clock.nowMs();
    scheduler.replaceAll([
      bearer('a', 1000), // near at +700 s, expired at +1000 s
      bearer('b', 400, 60), // near at +340 s, expired at +400 s
      bearer('c', 200), // already near: expired at +200 s
      bearer('d', -10), // already expired: nothing ahead
    ]);
    expect(seen).toEqual([]);

    clock.advanceTo(start + 200_000 - 1);
    expect(seen).toEqual([]);
    clock.advance(1);
    expect(steps()).toEqual(['c:near_expiry->expired']);

    clock.advance(10 * DAY_S * 1000);
    expect(steps()).toEqual([
      'c:near_expiry->expired',
      'b:ok->near_expiry',
      'b:near_expiry->expired',
      'a:ok->near_expiry',
      'a:near_expiry->expired',
    ]);
    expect(seen.map((step) => (step.atMs - start) / 1000)).toEqual([200, 340, 400, 700, 1000]);
    // One wake-up per transition, none between, none after the last.
    expect(clock.fired).toBe(5);
    expect(clock.pending).toBe(0);
    expect(scheduler.plannedAtMs()).toBeNull();
  });

  it('announces transitions that fall on the same second together, with one wake-up', () => {
    const { clock, scheduler, seen, bearer } = setup();
    scheduler.replaceAll([
      bearer('a', 600),
      bearer('b', 900, 600),
      bearer('c', 600, 300, OTHER_ROOT),
    ]);
    clock.advance(300_000);
    expect(new Set(seen.map((step) => `${step.ref.root}/${step.ref.id}`))).toEqual(
      new Set([`${ROOT}/a`, `${ROOT}/b`, `${OTHER_ROOT}/c`]),
    );
    expect(clock.fired).toBe(1);
  });

  it('re-plans when a bearer is added that changes state sooner', () => {
    const { clock, scheduler, bearer, steps } = setup();
    const start = clock.nowMs();
    scheduler.upsert(bearer('later', 7200));
    expect(scheduler.plannedAtMs()).toBe(start + 6900_000);
    scheduler.upsert(bearer('sooner', 600));
    expect(scheduler.plannedAtMs()).toBe(start + 300_000);
    clock.advance(300_000);
    expect(steps()).toEqual(['sooner:ok->near_expiry']);
    expect(clock.pending).toBe(1);
  });

  it('re-plans when a refresh moves the expiry, announcing nothing for the old one', () => {
    const { clock, scheduler, seen, bearer, steps } = setup();
    const start = clock.nowMs();
    scheduler.upsert(bearer('a', 600));
    clock.advance(300_000);
    expect(steps()).toEqual(['a:ok->near_expiry']);

    clock.advance(100_000);
    scheduler.upsert(bearer('a', 3600)); // refreshed: ok again, a new hour
    clock.advance(200_000); // the old expiry passes
    expect(seen).toHaveLength(1);
    expect(scheduler.plannedAtMs()).toBe(start + 400_000 + 3300_000);
    clock.advanceTo(start + 400_000 + 3300_000);
    expect(steps()).toEqual(['a:ok->near_expiry', 'a:ok->near_expiry']);
    expect(seen[1]?.expiresAtUnix).toBe(Math.floor(start / 1000) + 400 + 3600);
  });

  it('re-plans when a bearer or a root goes, and sleeps when nothing is left', () => {
    const { clock, scheduler, seen, bearer } = setup();
    scheduler.replaceAll([bearer('a', 600), bearer('b', 900, 300, OTHER_ROOT)]);
    scheduler.remove({ root: ROOT, id: 'a' });
    expect(scheduler.plannedAtMs()).toBe(clock.nowMs() + 600_000);
    scheduler.replaceAll([]);
    expect(scheduler.plannedAtMs()).toBeNull();
    expect(clock.pending).toBe(0);
    clock.advance(DAY_S * 1000);
    expect(seen).toEqual([]);
    expect(clock.fired).toBe(0);
  });

  it('a root listed again forgets the bearers it no longer holds and keeps other roots', () => {
    const { clock, scheduler, bearer, steps } = setup();
    scheduler.replaceAll([bearer('a', 600), bearer('b', 900), bearer('c', 1200, 300, OTHER_ROOT)]);
    scheduler.replaceRoot(ROOT, [bearer('b', 900)]);
    expect(scheduler.size).toBe(2);
    clock.advance(DAY_S * 1000);
    expect(steps()).toEqual([
      'b:ok->near_expiry',
      'c:ok->near_expiry',
      'b:near_expiry->expired',
      'c:near_expiry->expired',
    ]);
  });

  it('re-plans when the window changes', () => {
    const { clock, scheduler, bearer, steps } = setup();
    const start = clock.nowMs();
    scheduler.upsert(bearer('a', 7200, 300));
    expect(scheduler.plannedAtMs()).toBe(start + 6900_000);
    scheduler.upsert(bearer('a', 7200, 3600));
    expect(scheduler.plannedAtMs()).toBe(start + 3600_000);
    clock.advanceTo(start + 3600_000);
    expect(steps()).toEqual(['a:ok->near_expiry']);
  });

  it('after sleep, resume() announces what was crossed and plans afresh', () => {
    const { clock, scheduler, seen, bearer, steps } = setup();
    const start = clock.nowMs();
    scheduler.replaceAll([bearer('a', 600), bearer('b', 7200)]);
    // Asleep for an hour: platform timers stood still, so the one timer is
    // now due an hour late (at +5 h in wall time, +1 h 5 min of awake time).
    clock.sleep(3600_000);
    expect(seen).toEqual([]);
    scheduler.resume();
    expect(steps()).toEqual(['a:ok->expired']);
    expect(seen[0]?.atMs).toBe(start + 3600_000);
    expect(clock.pending).toBe(1);
    expect(scheduler.plannedAtMs()).toBe(start + 6900_000);
    clock.advanceTo(start + 6900_000);
    expect(steps()).toEqual(['a:ok->expired', 'b:ok->near_expiry']);
  });

  it('announces a 60-day expiry on its second, with no wake-up before', () => {
    const { clock, scheduler, seen, bearer } = setup();
    const start = clock.nowMs();
    scheduler.upsert(bearer('far', 60 * DAY_S));
    clock.advanceTo(start + (60 * DAY_S - 300) * 1000 - 1);
    expect(seen).toEqual([]);
    clock.advance(1);
    expect(seen.map((step) => step.to)).toEqual(['near_expiry']);
    expect(clock.fired).toBe(1);
  });

  it('announces a crossing its caller did not see (a list read just before a threshold)', () => {
    const { clock, scheduler, steps } = setup();
    const listedAt = clock.nowUnix();
    clock.advance(2000);
    scheduler.upsert({
      root: ROOT,
      id: 'a',
      expiresAtUnix: listedAt + 301,
      windowS: 300,
      status: 'ok',
    });
    expect(steps()).toEqual(['a:ok->near_expiry']);
    // The same bearer listed again: announced once only.
    scheduler.upsert({
      root: ROOT,
      id: 'a',
      expiresAtUnix: listedAt + 301,
      windowS: 300,
      status: 'ok',
    });
    expect(steps()).toEqual(['a:ok->near_expiry']);
  });

  it('schedules nothing for bearers it cannot read, and stops tracking one that breaks', () => {
    const { clock, scheduler, seen, bearer } = setup();
    scheduler.replaceAll([
      { root: ROOT, id: 'x', status: 'invalid', expiresAtUnix: null, windowS: 300 },
      { root: ROOT, id: 'y', status: 'busy', expiresAtUnix: null, windowS: 300 },
      bearer('z', 600),
    ]);
    scheduler.upsert({ root: ROOT, id: 'z', status: 'locked', expiresAtUnix: null, windowS: 300 });
    expect(scheduler.size).toBe(0);
    expect(clock.pending).toBe(0);
    clock.advance(DAY_S * 1000);
    expect(seen).toEqual([]);
  });

  it('close() releases the timer and announces nothing more', () => {
    const { clock, scheduler, seen, bearer } = setup();
    scheduler.upsert(bearer('a', 600));
    scheduler.close();
    expect(clock.pending).toBe(0);
    scheduler.upsert(bearer('b', 600));
    clock.advance(DAY_S * 1000);
    expect(seen).toEqual([]);
  });

  it('10,000 bearers: one timer, one wake-up per distinct transition second', () => {
    const { clock, scheduler, seen, bearer } = setup();
    const bearers = Array.from({ length: 10_000 }, (_, index) =>
      // 5,000 distinct expiry seconds, two bearers each, 10 min to ~1 day ahead
      bearer(`b${index}`, 600 + (index % 5000) * 17),
    );
    scheduler.replaceAll(bearers);
    expect(clock.pending).toBe(1);
    clock.advance(2 * DAY_S * 1000);
    expect(seen).toHaveLength(20_000);
    const instants = new Set(seen.map((step) => step.atMs));
    expect(clock.fired).toBe(instants.size);
    expect(instants.size).toBe(10_000);
  });

  it('matches a plain simulation of every bearer, whatever the changes (property)', () => {
    const change = fc.oneof(
      fc.record({
        kind: fc.constant('upsert' as const),
        id: fc.integer({ min: 0, max: 7 }),
        expiresInS: fc.integer({ min: -100, max: 5000 }),
        windowS: fc.constantFrom(0, 60, 300, 1800),
      }),
      fc.record({ kind: fc.constant('remove' as const), id: fc.integer({ min: 0, max: 7 }) }),
      fc.record({ kind: fc.constant('wait' as const), s: fc.integer({ min: 1, max: 600 }) }),
    );
    fc.assert(
      fc.property(fc.array(change, { maxLength: 40 }), (changes) => {
        const { clock, scheduler, seen, bearer } = setup();
        // The plain model: every bearer's status, recomputed each second.
        const model = new Map<string, { expiresAtUnix: number; windowS: number; status: string }>();
        const expected: string[] = [];
        const tick = (seconds: number) => {
          for (let step = 0; step < seconds; step++) {
            clock.advance(1000);
            for (const [id, entry] of model) {
              const status = bearerStatus(entry.expiresAtUnix, clock.nowUnix(), entry.windowS);
              if (status !== entry.status) expected.push(`${id}:${entry.status}->${status}`);
              entry.status = status;
            }
          }
        };
        for (const step of changes) {
          if (step.kind === 'wait') tick(step.s);
          else if (step.kind === 'remove') {
            model.delete(`b${step.id}`);
            scheduler.remove({ root: ROOT, id: `b${step.id}` });
          } else {
            const listed = bearer(`b${step.id}`, step.expiresInS, step.windowS);
            model.set(`b${step.id}`, {
              expiresAtUnix: listed.expiresAtUnix as number,
              windowS: step.windowS,
              status: listed.status,
            });
            scheduler.upsert(listed);
          }
        }
        tick(5200);
        expect(seen.map((step) => `${step.ref.id}:${step.from}->${step.to}`).sort()).toEqual(
          expected.sort(),
        );
        expect(clock.fired).toBeLessThanOrEqual(seen.length);
      }),
      { numRuns: 60 },
    );
  });
});
