import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { summary } from '../test-support/fake-vault-client';
import { BEARER_STATUSES } from '@shared/schemas/bearers';
import {
  DEFAULT_SORT,
  compareBearers,
  nextSortOrder,
  sortBearers,
  SORT_KEYS,
} from './bearer-order';

const ids = (rows: { id: string }[]) => rows.map((row) => row.id);

describe('the bearers order', () => {
  it('puts the soonest expiry first by default, unreadable bearers before any time', () => {
    const rows = [
      summary('later', { expiresAtUnix: 3000 }),
      summary('broken', {
        status: 'invalid',
        expiresAtUnix: null,
        error: 'expires_at.json: not JSON',
      }),
      summary('expired', { status: 'expired', expiresAtUnix: 1000 }),
      summary('soon', { status: 'near_expiry', expiresAtUnix: 2000 }),
    ];
    expect(ids(sortBearers(rows, DEFAULT_SORT))).toEqual(['broken', 'expired', 'soon', 'later']);
    expect(ids(sortBearers(rows, { key: 'expiry', direction: 'desc' }))).toEqual([
      'later',
      'soon',
      'expired',
      'broken',
    ]);
  });

  it('breaks ties by root then id, the same whatever order the rows came in', () => {
    const rows = [
      summary('b', { root: '/r2' }),
      summary('b', { root: '/r1' }),
      summary('a', { root: '/r2' }),
    ];
    const expected = [
      ['/r1', 'b'],
      ['/r2', 'a'],
      ['/r2', 'b'],
    ];
    const refs = (list: typeof rows) => list.map((row) => [row.root, row.id]);
    expect(refs(sortBearers(rows, DEFAULT_SORT))).toEqual(expected);
    expect(refs(sortBearers([...rows].reverse(), DEFAULT_SORT))).toEqual(expected);
  });

  it('orders statuses most urgent first', () => {
    const rows = [...BEARER_STATUSES].reverse().map((status) => summary(status, { status }));
    expect(ids(sortBearers(rows, { key: 'status', direction: 'asc' }))).toEqual([
      'invalid',
      'locked',
      'busy',
      'expired',
      'near_expiry',
      'ok',
    ]);
  });

  it('puts rows with something to say first when sorting by provider or warning', () => {
    const rows = [
      summary('quiet'),
      summary('linked', { provider: 'acme' }),
      summary('warned', { warning: 'expires_at.json was edited by hand' }),
    ];
    expect(ids(sortBearers(rows, { key: 'provider', direction: 'asc' }))[0]).toBe('linked');
    expect(ids(sortBearers(rows, { key: 'warning', direction: 'asc' }))[0]).toBe('warned');
  });

  it('flips a column on a second click and starts another ascending', () => {
    expect(nextSortOrder(DEFAULT_SORT, 'expiry')).toEqual({ key: 'expiry', direction: 'desc' });
    expect(nextSortOrder({ key: 'expiry', direction: 'desc' }, 'id')).toEqual({
      key: 'id',
      direction: 'asc',
    });
  });

  const row = fc
    .record({
      id: fc.stringMatching(/^[a-z]{1,3}$/),
      root: fc.constantFrom('/a', '/b'),
      expiresAtUnix: fc.option(fc.integer({ min: 0, max: 50 })),
      status: fc.constantFrom(...BEARER_STATUSES),
      provider: fc.option(fc.constantFrom('acme', 'zed')),
    })
    .map(({ id, ...rest }) => summary(id, rest));

  test.prop([fc.array(row, { maxLength: 40 }), fc.constantFrom(...SORT_KEYS), fc.boolean()])(
    'is a total order: every row kept, each pair in order',
    (rows, key, ascending) => {
      const order = { key, direction: ascending ? 'asc' : 'desc' } as const;
      const sorted = sortBearers(rows, order);
      expect(sorted).toHaveLength(rows.length);
      for (let i = 1; i < sorted.length; i++) {
        expect(compareBearers(order, sorted[i - 1]!, sorted[i]!)).toBeLessThanOrEqual(0);
      }
    },
  );
});
