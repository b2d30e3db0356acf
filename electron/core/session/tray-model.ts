/**
 * The tray as data (the contract's trayModelSchema), built from the bearer
 * summaries alone: the worst state any bearer is in, how many are in each,
 * the tooltip, and the menu's bearers (near or past expiry, soonest first,
 * each offered a Refresh by main, which adds Open and Quit).
 *
 * Expiry is judged again at `nowUnix` (the moment the menu opens), not taken
 * from the summaries' status, which was right when they were listed: a menu
 * opened ten minutes later says what is true then.
 */
import { basename } from 'node:path';
import type { BearerSummaryWire } from '@shared/schemas/bearers';
import type { TRAY_STATES, trayModelSchema } from '@shared/schemas/tray';
import type { z } from 'zod';
import { bearerStatus } from '../bearers/bearer-status';
import { expiryPhrase } from './time-left';

export type TrayModel = z.output<typeof trayModelSchema>;
type TrayState = (typeof TRAY_STATES)[number];

export type TrayBearer = Pick<
  BearerSummaryWire,
  'root' | 'id' | 'status' | 'expiresAtUnix' | 'windowS' | 'warning' | 'lastRefresh'
>;

export interface TrayInput {
  bearers: readonly TrayBearer[];
  /** Roots that could not be listed: each one needs attention. */
  rootErrors: readonly { root: string }[];
  nowUnix: number;
  /** How many bearers the menu names (the worst ones); the rest are counted. */
  maxItems?: number;
}

export const DEFAULT_TRAY_ITEMS = 10;

/** The state a bearer puts the tray in, by the order of TRAY_STATES. */
function trayStateOf(bearer: TrayBearer, nowUnix: number): TrayState {
  if (bearer.expiresAtUnix !== null && ['ok', 'near_expiry', 'expired'].includes(bearer.status)) {
    const status = bearerStatus(bearer.expiresAtUnix, nowUnix, bearer.windowS);
    if (status === 'near_expiry' || status === 'expired') return status;
    const needsLook = bearer.warning !== null || bearer.lastRefresh?.ok === false;
    return needsLook ? 'attention' : 'ok';
  }
  // invalid, busy, locked: nothing to count down, something to look at.
  return 'attention';
}

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

function tooltipOf(counts: TrayModel['counts'], total: number, unreadableRoots: number): string {
  const parts: string[] = [];
  if (counts.expired > 0) parts.push(`${counts.expired} expired`);
  if (counts.nearExpiry > 0) parts.push(`${counts.nearExpiry} near expiry`);
  const attentionBearers = counts.attention - unreadableRoots;
  if (attentionBearers > 0)
    parts.push(`${attentionBearers} ${attentionBearers === 1 ? 'needs' : 'need'} attention`);
  if (unreadableRoots > 0) parts.push(`${plural(unreadableRoots, 'root', 'roots')} unreadable`);
  if (parts.length > 0) return `Credvault: ${parts.join(', ')}`;
  if (total === 0) return 'Credvault: no bearers';
  return `Credvault: ${plural(total, 'bearer', 'bearers')}, all fresh`;
}

export function trayModel(input: TrayInput): TrayModel {
  const { bearers, rootErrors, nowUnix } = input;
  const maxItems = input.maxItems ?? DEFAULT_TRAY_ITEMS;
  const counts = { expired: 0, nearExpiry: 0, attention: rootErrors.length, ok: 0 };
  const due: Array<{ bearer: TrayBearer; status: 'expired' | 'near_expiry' }> = [];
  for (const bearer of bearers) {
    const state = trayStateOf(bearer, nowUnix);
    if (state === 'expired' || state === 'near_expiry') due.push({ bearer, status: state });
    if (state === 'near_expiry') counts.nearExpiry += 1;
    else counts[state] += 1;
  }
  const state: TrayState =
    counts.expired > 0
      ? 'expired'
      : counts.nearExpiry > 0
        ? 'near_expiry'
        : counts.attention > 0
          ? 'attention'
          : 'ok';

  // Soonest expiry first: the expired ones come before those still running.
  due.sort(
    (a, b) =>
      (a.bearer.expiresAtUnix as number) - (b.bearer.expiresAtUnix as number) ||
      (a.bearer.root < b.bearer.root ? -1 : a.bearer.root > b.bearer.root ? 1 : 0) ||
      (a.bearer.id < b.bearer.id ? -1 : a.bearer.id > b.bearer.id ? 1 : 0),
  );
  // A bearer is (root, id): with several roots the same id may be in two.
  const severalRoots = new Set(bearers.map((bearer) => bearer.root)).size > 1;
  const items = due.slice(0, Math.max(0, maxItems)).map(({ bearer, status }) => {
    const expiresAtUnix = bearer.expiresAtUnix as number;
    const name = severalRoots ? `${bearer.id} (${basename(bearer.root)})` : bearer.id;
    return {
      ref: { root: bearer.root, id: bearer.id },
      status,
      expiresAtUnix,
      label: `${name} — ${expiryPhrase(expiresAtUnix, nowUnix)}`,
    };
  });

  return { state, counts, tooltip: tooltipOf(counts, bearers.length, rootErrors.length), items };
}

/** The menu line for the bearers near or past expiry that it does not name ("and 3 more"), or null. */
export function moreItemsLabel(model: TrayModel): string | null {
  const hidden = model.counts.expired + model.counts.nearExpiry - model.items.length;
  return hidden > 0 ? `and ${hidden} more` : null;
}
