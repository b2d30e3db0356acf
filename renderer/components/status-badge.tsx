import type { BearerStatus } from '../lib/bearer-ref';

const LABELS: Record<BearerStatus, string> = {
  ok: 'ok',
  near_expiry: 'near expiry',
  expired: 'expired',
  invalid: 'invalid',
  busy: 'busy',
  locked: 'locked',
};

/** A bearer's status as the vault gave it, in words and colour (never colour alone). */
export function StatusBadge({ status }: { status: BearerStatus }) {
  return <span className={`badge ${status}`}>{LABELS[status]}</span>;
}

/** A check's result (signature, session version): the class is the value itself. */
export function ResultBadge({ value }: { value: string }) {
  return <span className={`badge ${value}`}>{value.replace('-', ' ')}</span>;
}
