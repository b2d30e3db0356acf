/**
 * The bearer roots' dialogs: Add (a path and its window; the host asks the
 * user first), Edit (window, shared, keep-fresh) and Remove (it only stops
 * listing the root: no file is deleted).
 */
import { useId, useState, type FormEvent, type RefObject } from 'react';
import { ConfirmDialog } from '../../components/confirm-dialog';
import { ModalDialog } from '../../components/modal-dialog';
import { usePendingAction } from '../../components/use-pending-action';
import type { RootSettings } from '../../stores/app-info-slice';
import { useActions } from '../../stores/use-app-store';
import { AddPathDialog } from './add-path-dialog';
import { MAX_WINDOW_S, parseSeconds } from './settings-input';
import { FormFooter } from '../../components/form-footer';

const WINDOW_PROBLEM = `Near-expiry window: a whole number of seconds from 0 to ${MAX_WINDOW_S}`;

function WindowField({ value, onChange }: { value: string; onChange(value: string): void }) {
  const hintId = useId();
  return (
    <label>
      Near-expiry window (seconds)
      <input
        inputMode="numeric"
        value={value}
        aria-describedby={hintId}
        onChange={(event) => onChange(event.target.value)}
      />
      <span id={hintId} className="settings-hint">
        A bearer shows as near expiry this long before it expires (300 = 5 minutes).
      </span>
    </label>
  );
}

export function AddRootDialog({ onClose }: { onClose(): void }) {
  const actions = useActions();
  const [windowText, setWindowText] = useState('300');
  return (
    <AddPathDialog
      title="Add a bearer root"
      intro={
        <>
          A folder with one sub-folder per bearer. Credvault lists its bearers beside the others; a
          folder that already holds bearers is marked shared (another program writes it).
        </>
      }
      placeholder="/srv/app/bearers"
      extra={<WindowField value={windowText} onChange={setWindowText} />}
      extraProblem={() => (parseSeconds(windowText, MAX_WINDOW_S) === null ? WINDOW_PROBLEM : null)}
      onAdd={(path) =>
        actions.addRoot({ path, windowS: parseSeconds(windowText, MAX_WINDOW_S) ?? undefined })
      }
      onClose={onClose}
    />
  );
}

export function EditRootDialog({ root, onClose }: { root: RootSettings; onClose(): void }) {
  const actions = useActions();
  const [windowText, setWindowText] = useState(String(root.windowS));
  const [shared, setShared] = useState(root.shared);
  const [keepFresh, setKeepFresh] = useState(root.keepFresh);
  const [problem, setProblem] = useState<string | null>(null);
  const action = usePendingAction();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const windowS = parseSeconds(windowText, MAX_WINDOW_S);
    setProblem(windowS === null ? WINDOW_PROBLEM : null);
    if (windowS === null) return;
    // Only what changed: another window may have changed the rest meanwhile.
    const saved = await action.run(() =>
      actions.updateRoot({
        path: root.path,
        ...(windowS === root.windowS ? {} : { windowS }),
        ...(shared === root.shared ? {} : { shared }),
        ...(keepFresh === root.keepFresh ? {} : { keepFresh }),
      }),
    );
    if (saved) onClose();
  };

  const error = problem ?? (action.error === null ? null : `Not saved: ${action.error}`);
  return (
    <ModalDialog title="Edit bearer root" onClose={onClose}>
      <form className="form" onSubmit={(event) => void submit(event)} noValidate>
        <p className="admin-note">
          <code>{root.path}</code>
        </p>
        <WindowField value={windowText} onChange={setWindowText} />
        <label className="inline">
          <input
            type="checkbox"
            checked={shared}
            onChange={(event) => setShared(event.target.checked)}
          />
          Shared: other programs read or write this root
        </label>
        <label className="inline">
          <input
            type="checkbox"
            checked={keepFresh}
            onChange={(event) => setKeepFresh(event.target.checked)}
          />
          Keep fresh: refresh every linked bearer here before it expires
        </label>
        <p className="settings-hint">
          Encryption at rest is changed in the Keychain section below: it rewrites the files.
        </p>
        <FormFooter
          error={error}
          busy={action.busy}
          submitLabel="Save"
          busyLabel="Saving…"
          onCancel={onClose}
        />
      </form>
    </ModalDialog>
  );
}

export function RemoveRootDialog({
  root,
  onClose,
  focusAfterRemoval,
}: {
  root: RootSettings;
  onClose(): void;
  /** Where the focus goes once the row (and its Remove button) is gone. */
  focusAfterRemoval: RefObject<HTMLElement | null>;
}) {
  const actions = useActions();
  return (
    <ConfirmDialog
      title="Stop listing this root?"
      confirmLabel="Remove root"
      busyLabel="Removing…"
      onConfirm={() => actions.removeRoot(root.path)}
      onClose={onClose}
      focusAfterConfirm={focusAfterRemoval}
    >
      <p>
        <code>{root.path}</code> will no longer be listed{root.keepFresh ? ' or kept fresh' : ''}.
      </p>
      <p>
        No file is deleted: its bearers stay on disk, other programs keep using them, and the CLI
        still reaches them with <code>--root</code>. You can add the root again later.
      </p>
    </ConfirmDialog>
  );
}
