/**
 * The ui slice: which view is shown, the bearers table's filter and order,
 * and the selected bearer. The selection is a (root, id), not a row index,
 * so it survives re-sorting, filtering and rows arriving from events.
 */
import { DEFAULT_SORT, nextSortOrder, type SortKey, type SortOrder } from '../lib/bearer-order';
import type { BearerRef } from '../lib/bearer-ref';
import type { SliceSet } from './app-store';

export const VIEWS = ['bearers', 'keys', 'providers', 'tokens', 'settings'] as const;
export type ViewName = (typeof VIEWS)[number];

export interface UiState {
  view: ViewName;
  filter: string;
  sort: SortOrder;
  selected: BearerRef | null;
}

export interface UiSlice {
  ui: UiState;
  showView(view: ViewName): void;
  setFilter(filter: string): void;
  /** A column header was clicked: that column, flipping direction on a second click. */
  sortBy(key: SortKey): void;
  select(ref: BearerRef | null): void;
}

export function createUiSlice(set: SliceSet): UiSlice {
  const update = (patch: Partial<UiState>) => set((state) => ({ ui: { ...state.ui, ...patch } }));
  return {
    ui: { view: 'bearers', filter: '', sort: DEFAULT_SORT, selected: null },
    showView: (view) => update({ view }),
    setFilter: (filter) => update({ filter }),
    sortBy: (key) =>
      set((state) => ({ ui: { ...state.ui, sort: nextSortOrder(state.ui.sort, key) } })),
    select: (ref) => update({ selected: ref === null ? null : { root: ref.root, id: ref.id } }),
  };
}
