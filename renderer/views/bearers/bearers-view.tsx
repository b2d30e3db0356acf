/**
 * The bearers view: the filter and actions, what went wrong reading the
 * roots, the table, and a status line with the selected bearer's refresh
 * and the keys to use. The detail opens over it as a dialog.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { bearerKey, sameRef } from '../../lib/bearer-ref';
import { useActions, useAppStore, useStoreApi } from '../../stores/use-app-store';
import { AddBearerDialog } from './add-bearer-dialog';
import { BearerDetail } from './bearer-detail';
import { bearersKeyAction, movedIndex } from './bearers-keys';
import { BearersTable, type BearersTableHandle } from './bearers-table';
import { BearersStatusLine } from './bearers-status-line';
import { BearersBanners, EmptyBearers } from './bearers-banners';
import { useRootLabels, useVisibleBearers } from './use-visible-bearers';
import { KeyboardShortcuts } from '../../components/keyboard-shortcuts';
import { BEARERS_SHORTCUTS } from './bearers-shortcuts';

const PAGE_ROWS = 20;

function isTextField(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLElement &&
    (target.isContentEditable ||
      target instanceof HTMLInputElement ||
      target instanceof HTMLTextAreaElement)
  );
}

function isControl(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLButtonElement ||
    target instanceof HTMLAnchorElement ||
    target instanceof HTMLSelectElement
  );
}

export function BearersView() {
  const actions = useActions();
  const store = useStoreApi();
  const { visible, total } = useVisibleBearers();
  const rootLabels = useRootLabels();
  const filter = useAppStore((state) => state.ui.filter);
  const sort = useAppStore((state) => state.ui.sort);
  const selected = useAppStore((state) => state.ui.selected);
  const refreshes = useAppStore((state) => state.refreshes);
  const phase = useAppStore((state) => state.bearers.phase);
  const filterRef = useRef<HTMLInputElement>(null);
  const tableRef = useRef<BearersTableHandle>(null);
  const [adding, setAdding] = useState(false);

  const selectedIndex = useMemo(
    () => (selected === null ? -1 : visible.findIndex((row) => sameRef(row, selected))),
    [visible, selected],
  );
  const selectedRow = selectedIndex >= 0 ? visible[selectedIndex] : undefined;

  const selectIndex = useCallback(
    (index: number) => {
      const row = visible[index];
      if (row !== undefined) actions.select(row);
    },
    [visible, actions],
  );
  const openIndex = useCallback(
    (index: number) => {
      const row = visible[index];
      if (row === undefined) return;
      actions.select(row);
      actions.openDetail(row);
    },
    [visible, actions],
  );

  // The keyboard, for the whole page while this view is shown. One listener,
  // reading the latest render's values at key time: a key pressed just as
  // the dialog closes must not be lost to a listener not yet re-attached.
  const latest = useRef({ filter, selectedRow, selectedIndex, visible });
  latest.current = { filter, selectedRow, selectedIndex, visible };
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || store.getState().detail.ref !== null) return;
      if (event.target instanceof Element && event.target.closest('dialog') !== null) return;
      const { filter, selectedRow, selectedIndex, visible } = latest.current;
      const action = bearersKeyAction({
        key: event.key,
        modified: event.ctrlKey || event.altKey || event.metaKey,
        typing: isTextField(event.target),
        inFilter: event.target === filterRef.current,
        onControl: isControl(event.target),
        pageRows: PAGE_ROWS,
      });
      if (action === null) return;
      event.preventDefault();
      const actions = store.getState();
      switch (action.kind) {
        case 'focus-filter':
          filterRef.current?.focus();
          filterRef.current?.select();
          return;
        case 'leave-filter':
          if (filter !== '') actions.setFilter('');
          else tableRef.current?.focus();
          return;
        case 'open':
          if (selectedRow !== undefined) actions.openDetail(selectedRow);
          return;
        case 'refresh':
          if (selectedRow !== undefined) void actions.refreshBearer(selectedRow);
          return;
        default: {
          const next = movedIndex(selectedIndex, action, visible.length);
          const row = visible[next];
          if (row !== undefined) {
            actions.select(row);
            tableRef.current?.scrollToIndex(next);
          }
        }
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [store]);

  const refreshState =
    selectedRow === undefined ? undefined : refreshes.get(bearerKey(selectedRow));
  const refreshing = refreshState?.state === 'running';

  return (
    <section className="bearers" aria-label="Bearers">
      <div className="toolbar">
        <div className="filter">
          <label htmlFor="bearer-filter" className="visually-hidden">
            Filter bearers
          </label>
          <input
            id="bearer-filter"
            ref={filterRef}
            type="search"
            placeholder="Filter: id, root, status:expired, provider:acme …"
            autoComplete="off"
            spellCheck={false}
            aria-keyshortcuts="/"
            aria-controls="bearers-grid"
            value={filter}
            onChange={(event) => actions.setFilter(event.target.value)}
          />
          {filter === '' && <kbd aria-hidden="true">/</kbd>}
        </div>
        <span className="count" role="status" aria-live="polite">
          {phase === 'ready' || total > 0
            ? filter === ''
              ? `${total.toLocaleString('en')} bearers`
              : `${visible.length.toLocaleString('en')} of ${total.toLocaleString('en')}`
            : ''}
        </span>
        <div className="toolbar-actions">
          <button type="button" className="button primary" onClick={() => setAdding(true)}>
            Add bearer
          </button>
          <button
            type="button"
            className="button"
            disabled={selectedRow === undefined}
            aria-keyshortcuts="Enter"
            onClick={() => selectedRow !== undefined && actions.openDetail(selectedRow)}
          >
            Inspect
          </button>
          <button
            type="button"
            className="button"
            disabled={selectedRow === undefined || refreshing}
            aria-keyshortcuts="r"
            onClick={() => selectedRow !== undefined && void actions.refreshBearer(selectedRow)}
          >
            {refreshing ? 'Refreshing…' : 'Refresh'}
          </button>
          <button
            type="button"
            className="button quiet"
            title="List every root again"
            onClick={() => void actions.loadBearers()}
          >
            Reload list
          </button>
          <KeyboardShortcuts shortcuts={BEARERS_SHORTCUTS} />
        </div>
      </div>
      <BearersBanners />
      <BearersTable
        handle={tableRef}
        rows={visible}
        selectedIndex={selectedIndex}
        sort={sort}
        refreshes={refreshes}
        rootLabels={rootLabels}
        onSort={actions.sortBy}
        onSelect={selectIndex}
        onOpen={openIndex}
      >
        {visible.length === 0 && (
          <EmptyBearers total={total} filter={filter} onAdd={() => setAdding(true)} />
        )}
      </BearersTable>
      <BearersStatusLine row={selectedRow} refresh={refreshState} />
      <BearerDetail onClosed={() => tableRef.current?.focus()} />
      {adding && (
        <AddBearerDialog
          onClose={() => setAdding(false)}
          onAdded={(ref) => {
            // The row arrives with the vault's change event; the selection waits for it.
            if (filter !== '') actions.setFilter('');
            actions.select(ref);
          }}
        />
      )}
    </section>
  );
}
