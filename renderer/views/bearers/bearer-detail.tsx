/**
 * The inspector: a modal dialog (the platform's <dialog>: role, focus trap
 * and Escape come with it) over the bearers view. Focus moves to its title
 * when it opens and back to where it was when it closes. Everything shown
 * comes from the vault: the row from the bearers slice (so it follows
 * changes on disk), the decoded token and the checks from the detail slice.
 */
import { useEffect, useRef, useState } from 'react';
import { StatusBadge } from '../../components/status-badge';
import { bearerKey } from '../../lib/bearer-ref';
import { useActions, useAppStore } from '../../stores/use-app-store';
import { DeleteBearerDialog } from './delete-bearer-dialog';
import { BreakGlassSection, InspectionSections } from './detail-inspection';
import { LinkSection } from './detail-link';
import { OverviewSection } from './detail-overview';
import { ExpirySection, TokenSection } from './detail-token';

/** `onClosed`: where focus goes when it had no better place to return to. */
export function BearerDetail({ onClosed }: { onClosed(): void }) {
  const actions = useActions();
  const ref = useAppStore((state) => state.detail.ref);
  const row = useAppStore((state) =>
    state.detail.ref === null ? undefined : state.bearers.rows.get(bearerKey(state.detail.ref)),
  );
  const dialogRef = useRef<HTMLDialogElement>(null);
  const titleRef = useRef<HTMLHeadingElement>(null);
  const returnFocus = useRef<HTMLElement | null>(null);
  const [deleting, setDeleting] = useState(false);

  useEffect(() => {
    const dialog = dialogRef.current;
    if (dialog === null) return;
    if (ref !== null && !dialog.open) {
      returnFocus.current =
        document.activeElement instanceof HTMLElement ? document.activeElement : null;
      dialog.showModal();
      titleRef.current?.focus();
    } else if (ref === null && dialog.open) {
      dialog.close();
    }
  }, [ref]);

  const onClose = () => {
    // The dialog closed (Escape, the Close button, or the detail slice): the
    // slice closes too, dropping a revealed token, and focus goes back.
    setDeleting(false);
    if (ref !== null) actions.closeDetail();
    const back = returnFocus.current;
    returnFocus.current = null;
    if (back !== null && back !== document.body && back.isConnected) back.focus();
    else onClosed();
  };

  return (
    <dialog ref={dialogRef} className="detail" aria-labelledby="detail-title" onClose={onClose}>
      {ref !== null && (
        <div className="detail-frame">
          <header className="detail-head">
            <div>
              <h2 id="detail-title" ref={titleRef} tabIndex={-1}>
                {ref.id}
              </h2>
              <div className="detail-root mono">{ref.root}</div>
            </div>
            {row !== undefined && <StatusBadge status={row.status} />}
            {row !== undefined && (
              <button
                type="button"
                className="button danger delete"
                title="Delete this bearer's files and folder (asks first)"
                onClick={() => setDeleting(true)}
              >
                Delete…
              </button>
            )}
            <button
              type="button"
              className="button quiet close"
              onClick={() => dialogRef.current?.close()}
            >
              Close
            </button>
          </header>
          <div className="detail-body">
            <OverviewSection row={row} />
            {row === undefined ? (
              <div className="banner warn" role="alert">
                <p>This bearer is no longer in its root: it was removed, or its root is gone.</p>
              </div>
            ) : (
              <>
                {row.error !== null && (
                  <div className="banner danger" role="alert">
                    <p>{row.error}</p>
                  </div>
                )}
                {row.warning !== null && (
                  <div className="banner warn">
                    <p>{row.warning}</p>
                  </div>
                )}
                <TokenSection row={row} />
                <ExpirySection row={row} />
                <LinkSection row={row} />
              </>
            )}
            <InspectionSections />
            <BreakGlassSection />
          </div>
          {deleting && row !== undefined && (
            <DeleteBearerDialog
              row={row}
              onClose={() => setDeleting(false)}
              // The bearer is gone: so is its detail (the row goes with the vault's event).
              onDeleted={() => actions.closeDetail()}
            />
          )}
        </div>
      )}
    </dialog>
  );
}
