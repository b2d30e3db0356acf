/**
 * The tray model: its state, counts, tooltip and menu follow bearers as they
 * cross thresholds, judged at the moment the menu opens; every model is a
 * valid contract payload.
 */
import { describe, expect, it } from 'vitest';
import { trayModelSchema } from '@shared/schemas/tray';
import { moreItemsLabel, trayModel, type TrayBearer, type TrayInput } from './tray-model';

const ROOT = '/home/dev/.credvault/bearers';
const NOW = 1_900_000_000;

function bearer(id: string, expiresInS: number, extra: Partial<TrayBearer> = {}): TrayBearer {
  return {
    root: ROOT,
    id,
    status: 'ok',
    expiresAtUnix: NOW + expiresInS,
    windowS: 300,
    warning: null,
    lastRefresh: null,
    ...extra,
  };
}

function unreadable(id: string, status: 'invalid' | 'busy' | 'locked'): TrayBearer {
  return bearer(id, 0, { status, expiresAtUnix: null });
}

/** The model, checked against the contract as main and the renderer will parse it. */
function model(input: Partial<TrayInput> & Pick<TrayInput, 'bearers'>) {
  return trayModelSchema.parse(trayModel({ rootErrors: [], nowUnix: NOW, ...input }));
}

describe('tray model', () => {
  it('all fresh: ok, counted, nothing in the menu', () => {
    const tray = model({ bearers: [bearer('a', 3600), bearer('b', 7200)] });
    expect(tray).toEqual({
      state: 'ok',
      counts: { expired: 0, nearExpiry: 0, attention: 0, ok: 2 },
      tooltip: 'Credvault: 2 bearers, all fresh',
      items: [],
    });
    expect(model({ bearers: [] }).tooltip).toBe('Credvault: no bearers');
  });

  it('follows a bearer across its thresholds, time left rounded to the minute', () => {
    const bearers = [bearer('agent-A', 600), bearer('other', 86_400)];
    const at = (offsetS: number) => model({ bearers, nowUnix: NOW + offsetS });

    expect(at(0).state).toBe('ok');
    expect(at(299).items).toEqual([]);

    const near = at(300);
    expect(near.state).toBe('near_expiry');
    expect(near.counts).toEqual({ expired: 0, nearExpiry: 1, attention: 0, ok: 1 });
    expect(near.tooltip).toBe('Credvault: 1 near expiry');
    expect(near.items).toEqual([
      {
        ref: { root: ROOT, id: 'agent-A' },
        status: 'near_expiry',
        expiresAtUnix: NOW + 600,
        label: 'agent-A — expires in 5 min',
      },
    ]);
    expect(at(510).items[0]?.label).toBe('agent-A — expires in 2 min'); // 90 s rounds up
    expect(at(571).items[0]?.label).toBe('agent-A — expires in under a minute');

    const expired = at(600);
    expect(expired.state).toBe('expired');
    expect(expired.counts).toEqual({ expired: 1, nearExpiry: 0, attention: 0, ok: 1 });
    expect(expired.items[0]).toMatchObject({
      status: 'expired',
      label: 'agent-A — expired just now',
    });
    expect(at(600 + 3 * 3600 + 300).items[0]?.label).toBe('agent-A — expired 3 h 5 min ago');
  });

  it('judges expiry when the menu opens, not when the summaries were listed', () => {
    const listedOk = bearer('a', 200, { status: 'ok' });
    expect(model({ bearers: [listedOk] }).state).toBe('near_expiry');
    const listedNear = bearer('b', 3600, { status: 'near_expiry', windowS: 60 });
    expect(model({ bearers: [listedNear] }).state).toBe('ok');
  });

  it('each thing that deserves a look puts the tray in attention', () => {
    const cases: Array<[string, Partial<TrayInput> & Pick<TrayInput, 'bearers'>]> = [
      ['invalid', { bearers: [unreadable('x', 'invalid')] }],
      ['busy', { bearers: [unreadable('x', 'busy')] }],
      ['locked', { bearers: [unreadable('x', 'locked')] }],
      ['a warning', { bearers: [bearer('x', 3600, { warning: 'edited by hand' })] }],
      [
        'a failed refresh',
        {
          bearers: [
            bearer('x', 3600, { lastRefresh: { atUnix: NOW - 60, ok: false, message: 'timeout' } }),
          ],
        },
      ],
      ['an unreadable root', { bearers: [], rootErrors: [{ root: '/srv/gone' }] }],
    ];
    for (const [why, input] of cases) {
      const tray = model(input);
      expect({ why, state: tray.state, attention: tray.counts.attention }).toEqual({
        why,
        state: 'attention',
        attention: 1,
      });
      expect(tray.items).toEqual([]);
    }
    expect(model(cases[5]![1]).tooltip).toBe('Credvault: 1 root unreadable');
    expect(model(cases[0]![1]).tooltip).toBe('Credvault: 1 needs attention');
    // A refresh that worked is nothing to look at.
    const refreshed = bearer('x', 3600, { lastRefresh: { atUnix: NOW, ok: true, message: 'ok' } });
    expect(model({ bearers: [refreshed] }).state).toBe('ok');
  });

  it('the worst state wins: expired > near expiry > attention > ok; each bearer counted once', () => {
    const attention = unreadable('bad', 'invalid');
    const nearWithWarning = bearer('near', 100, { warning: 'copied out of order' });
    const gone = bearer('gone', -5);
    const fresh = bearer('fresh', 9000);
    expect(model({ bearers: [fresh, attention] }).state).toBe('attention');
    expect(model({ bearers: [fresh, attention, nearWithWarning] }).state).toBe('near_expiry');
    const all = model({ bearers: [fresh, attention, nearWithWarning, gone] });
    expect(all.state).toBe('expired');
    expect(all.counts).toEqual({ expired: 1, nearExpiry: 1, attention: 1, ok: 1 });
    expect(all.tooltip).toBe('Credvault: 1 expired, 1 near expiry, 1 needs attention');
    expect(all.items.map((item) => item.ref.id)).toEqual(['gone', 'near']);
  });

  it('names the ten worst, soonest expiry first, and counts the rest', () => {
    const bearers = Array.from({ length: 13 }, (_, index) => bearer(`b${index}`, 290 - index * 30));
    const tray = model({ bearers });
    expect(tray.items).toHaveLength(10);
    expect(tray.items.map((item) => item.ref.id)).toEqual([
      'b12',
      'b11',
      'b10',
      'b9',
      'b8',
      'b7',
      'b6',
      'b5',
      'b4',
      'b3',
    ]);
    expect(tray.counts.expired + tray.counts.nearExpiry).toBe(13);
    expect(moreItemsLabel(tray)).toBe('and 3 more');
    expect(moreItemsLabel(model({ bearers: bearers.slice(0, 3) }))).toBeNull();
    expect(model({ bearers, maxItems: 2 }).items).toHaveLength(2);
  });

  it('with several roots, a label names the root (the same id may be in two)', () => {
    const tray = model({
      bearers: [bearer('agent', 100), bearer('agent', 200, { root: '/srv/agents' })],
    });
    expect(tray.items.map((item) => item.label)).toEqual([
      'agent (bearers) — expires in 2 min',
      'agent (agents) — expires in 3 min',
    ]);
    expect(tray.items.map((item) => item.ref.root)).toEqual([ROOT, '/srv/agents']);
  });
});
