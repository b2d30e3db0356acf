/**
 * The bearers as the table shows them: sorted once per change of rows or
 * order, then filtered per keystroke (filtering keeps the sorted order, so a
 * keystroke never sorts 10,000 rows again).
 */
import { useMemo } from 'react';
import { filterBearers } from '../../lib/bearer-filter';
import { sortBearers } from '../../lib/bearer-order';
import type { BearerSummary } from '../../lib/bearer-ref';
import { useAppStore } from '../../stores/use-app-store';

export function useVisibleBearers(): { visible: readonly BearerSummary[]; total: number } {
  const rows = useAppStore((state) => state.bearers.rows);
  const sort = useAppStore((state) => state.ui.sort);
  const filter = useAppStore((state) => state.ui.filter);
  const sorted = useMemo(() => sortBearers(rows.values(), sort), [rows, sort]);
  const visible = useMemo(() => filterBearers(sorted, filter), [sorted, filter]);
  return { visible, total: rows.size };
}
