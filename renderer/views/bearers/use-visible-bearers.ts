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
import { rootLabels } from './root-labels';

export function useVisibleBearers(): { visible: readonly BearerSummary[]; total: number } {
  const rows = useAppStore((state) => state.bearers.rows);
  const sort = useAppStore((state) => state.ui.sort);
  const filter = useAppStore((state) => state.ui.filter);
  const sorted = useMemo(() => sortBearers(rows.values(), sort), [rows, sort]);
  const visible = useMemo(() => filterBearers(sorted, filter), [sorted, filter]);
  return { visible, total: rows.size };
}

/**
 * The Root column's label for each root, or null when every bearer shown
 * comes from one root (the column would repeat one path on every row; the
 * inspector still names it).
 */
export function useRootLabels(): ReadonlyMap<string, string> | null {
  const rows = useAppStore((state) => state.bearers.rows);
  return useMemo(() => {
    const roots = new Set<string>();
    for (const row of rows.values()) roots.add(row.root);
    return roots.size > 1 ? rootLabels(roots) : null;
  }, [rows]);
}
