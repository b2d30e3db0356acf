/**
 * A migration's progress and outcome: N of M with a labelled <progress>
 * while an encrypt or decrypt runs (this page's or another page's), then
 * what it did, or why it failed, until dismissed.
 */
import { useId } from 'react';
import type { KeychainState, RootPosture } from '../../stores/keychain-slice';
import { useActions } from '../../stores/use-app-store';

function recordsText(root: RootPosture | undefined): string {
  if (root === undefined) return '';
  const { plain, encrypted, locked } = root.records;
  const parts = [`${encrypted} encrypted`, `${plain} plain`];
  if (locked > 0) parts.push(`${locked} locked`);
  return ` Records now: ${parts.join(', ')}.`;
}

function Progress({ label, done, total }: { label: string; done?: number; total?: number }) {
  const id = useId();
  const counted = done !== undefined && total !== undefined;
  return (
    <div className="keychain-progress">
      <label htmlFor={id}>
        {label}
        {counted ? `: ${done} of ${total}` : '…'}
      </label>
      {/* No value while the first count is on its way: an indeterminate bar. */}
      {counted ? <progress id={id} value={done} max={total} /> : <progress id={id} />}
    </div>
  );
}

export function KeychainJobStatus({ state }: { state: KeychainState }) {
  const actions = useActions();
  const { job, migration, posture } = state;

  if (job?.state === 'running') {
    const verb = job.encrypt ? 'Encrypting' : 'Decrypting';
    const counts = migration?.root === job.root ? migration : null;
    return (
      <div className="keychain-status" role="status">
        <Progress label={`${verb} ${job.root}`} done={counts?.done} total={counts?.total} />
      </div>
    );
  }
  if (migration !== null && migration.root !== null) {
    // Another page of this session is migrating a root.
    const verb = migration.task === 'keychain-enable' ? 'Encrypting' : 'Decrypting';
    return (
      <div className="keychain-status" role="status">
        <Progress
          label={`${verb} ${migration.root}`}
          done={migration.done}
          total={migration.total}
        />
      </div>
    );
  }
  if (job === null) return <div className="keychain-status" role="status" />;

  const root = posture?.roots.find((candidate) => candidate.path === job.root);
  return (
    <div className="keychain-status">
      {job.state === 'done' ? (
        <p role="status" className="keychain-done">
          {job.encrypt ? 'Encrypted' : 'Decrypted'} <code>{job.root}</code>.{recordsText(root)}
        </p>
      ) : (
        <p role="alert" className="error-text">
          Could not {job.encrypt ? 'encrypt' : 'decrypt'} <code>{job.root}</code>: {job.error}
        </p>
      )}
      <button type="button" className="button quiet" onClick={() => actions.dismissKeychainJob()}>
        Dismiss
      </button>
    </div>
  );
}
