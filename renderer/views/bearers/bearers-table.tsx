/**
 * The bearers as a virtualized grid: only the rows on screen (and a few
 * beyond) are in the DOM, so 10,000 bearers cost what 40 do. Focus stays on
 * the grid itself and the selected row is its active descendant; the view
 * moves the selection (keyboard) and asks the table to scroll to it.
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useImperativeHandle, useRef, type ReactNode, type Ref } from 'react';
import type { SortOrder } from '../../lib/bearer-order';
import { bearerKey, type BearerSummary } from '../../lib/bearer-ref';
import type { RefreshEntry } from '../../stores/refresh-slice';
import { COLUMNS, columnIndex } from './bearer-columns';
import { BearerRow, rowDomId } from './bearer-row';

const ROW_HEIGHT = 32;
const HEADER_HEIGHT = 32;

export interface BearersTableHandle {
  scrollToIndex(index: number): void;
  focus(): void;
}

interface BearersTableProps {
  rows: readonly BearerSummary[];
  selectedIndex: number;
  sort: SortOrder;
  refreshes: ReadonlyMap<string, RefreshEntry>;
  /** Root labels by root; null hides the Root column (one root). */
  rootLabels: ReadonlyMap<string, string> | null;
  onSort(key: SortOrder['key']): void;
  onSelect(index: number): void;
  onOpen(index: number): void;
  handle: Ref<BearersTableHandle>;
  children?: ReactNode;
}

function ariaSort(sort: SortOrder, key: SortOrder['key']) {
  if (sort.key !== key) return undefined;
  return sort.direction === 'asc' ? 'ascending' : 'descending';
}

export function BearersTable({
  rows,
  selectedIndex,
  sort,
  refreshes,
  rootLabels,
  onSort,
  onSelect,
  onOpen,
  handle,
  children,
}: BearersTableProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  // Stable while the rows are: the virtualizer lays out every row again
  // (10,000 keys) whenever this function changes, not only when the rows do.
  const getItemKey = useCallback(
    (index: number) => {
      const row = rows[index];
      return row === undefined ? index : bearerKey(row);
    },
    [rows],
  );
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
    // The sticky header sits above the rows inside the same scroller.
    scrollMargin: HEADER_HEIGHT,
    scrollPaddingStart: HEADER_HEIGHT,
    getItemKey,
  });

  useImperativeHandle(
    handle,
    () => ({
      scrollToIndex: (index) => virtualizer.scrollToIndex(index, { align: 'auto' }),
      focus: () => scrollRef.current?.focus(),
    }),
    [virtualizer],
  );

  const select = useCallback((index: number) => onSelect(index), [onSelect]);
  const open = useCallback((index: number) => onOpen(index), [onOpen]);
  const items = virtualizer.getVirtualItems();
  const columns = rootLabels === null ? COLUMNS.filter((c) => c.key !== 'root') : COLUMNS;
  const activeOnScreen = items.some((item) => item.index === selectedIndex);

  return (
    <div
      ref={scrollRef}
      id="bearers-grid"
      className={rootLabels === null ? 'grid one-root' : 'grid'}
      role="grid"
      aria-label="Bearers"
      aria-rowcount={rows.length + 1}
      aria-colcount={COLUMNS.length}
      aria-activedescendant={activeOnScreen ? rowDomId(selectedIndex) : undefined}
      tabIndex={0}
    >
      <div role="rowgroup">
        <div role="row" aria-rowindex={1} className="grid-row grid-head">
          {columns.map((column) => (
            <div
              key={column.key}
              role="columnheader"
              aria-colindex={columnIndex(column.key)}
              aria-sort={ariaSort(sort, column.key)}
            >
              <button
                type="button"
                className="sort-button"
                onClick={() => onSort(column.key)}
                title={`Sort by ${column.label.toLowerCase()}`}
              >
                {column.label}
                {sort.key === column.key && (
                  <span className="sort-arrow" aria-hidden="true">
                    {sort.direction === 'asc' ? '▲' : '▼'}
                  </span>
                )}
              </button>
            </div>
          ))}
        </div>
      </div>
      <div role="rowgroup" className="grid-body" style={{ height: virtualizer.getTotalSize() }}>
        {items.map((item) => {
          const row = rows[item.index];
          if (row === undefined) return null;
          return (
            <BearerRow
              key={item.key}
              row={row}
              index={item.index}
              start={item.start - HEADER_HEIGHT}
              selected={item.index === selectedIndex}
              rootLabel={rootLabels === null ? null : (rootLabels.get(row.root) ?? row.root)}
              refresh={refreshes.get(bearerKey(row))}
              onSelect={select}
              onOpen={open}
            />
          );
        })}
      </div>
      {children}
    </div>
  );
}
