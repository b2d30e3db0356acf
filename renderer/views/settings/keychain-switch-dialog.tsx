/**
 * The confirmation before a root's encryption is turned on or off. It says
 * what happens to the files (each bearer rewritten, the expiry left plain),
 * who can no longer read them (other programs reading the root directly),
 * and, for a shared root, asks explicitly before encrypting it anyway
 * (`force`). The work itself runs after the dialog closes; its progress and
 * result are shown in the section.
 */
import { useId, useState } from 'react';
import { ModalDialog } from '../../components/modal-dialog';
import type { KeychainPosture, RootPosture } from '../../stores/keychain-slice';

export interface KeychainSwitchDialogProps {
  root: RootPosture;
  /** Encrypt (enable, also to finish an unfinished one) or decrypt (disable). */
  encrypt: boolean;
  posture: KeychainPosture;
  onConfirm(force: boolean): void;
  onClose(): void;
}

function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

function EncryptBody({ root, posture }: { root: RootPosture; posture: KeychainPosture }) {
  const backend = posture.backend ?? 'the OS keychain';
  const bearers = root.records.plain + root.records.encrypted + root.records.locked;
  return (
    <>
      <p>
        Credvault will rewrite the access and refresh token files of {plural(bearers, 'bearer')} in{' '}
        <code>{root.path}</code>, encrypted with the vault’s master key
        {posture.masterKey === 'absent' ? ', which is created first in ' : ' kept in '}
        {backend}. Expiry files stay plain.
      </p>
      <p>
        From then on these tokens can be read only through Credvault while your keychain is
        unlocked.{' '}
        <strong>
          Other programs that read this root’s files directly will no longer read its tokens.
        </strong>
      </p>
      {posture.providerSecrets.plain > 0 && (
        <p>
          The {plural(posture.providerSecrets.plain, 'provider client secret')} kept in plain text
          are encrypted too.
        </p>
      )}
    </>
  );
}

function DecryptBody({ root }: { root: RootPosture }) {
  const bearers = root.records.plain + root.records.encrypted + root.records.locked;
  return (
    <p>
      Credvault will rewrite the token files of {plural(bearers, 'bearer')} in{' '}
      <code>{root.path}</code> as plain text, byte for byte as before, guarded only by their file
      permissions. Anyone who can read these files (a backup, a copied disk, a synced folder) can
      then read the tokens.
    </p>
  );
}

export function KeychainSwitchDialog({
  root,
  encrypt,
  posture,
  onConfirm,
  onClose,
}: KeychainSwitchDialogProps) {
  const needsForce = encrypt && root.shared;
  const [force, setForce] = useState(false);
  const forceId = useId();
  const verb = encrypt ? 'Encrypt' : 'Decrypt';
  return (
    <ModalDialog title={`${verb} this root?`} onClose={onClose}>
      <div className="form keychain-confirm">
        {encrypt ? <EncryptBody root={root} posture={posture} /> : <DecryptBody root={root} />}
        {needsForce && (
          <>
            <p className="warning-text">
              This root is marked shared: other programs (such as the seeds’ broker) read its plain
              files, and they will stop working with it once it is encrypted.
            </p>
            <label className="inline" htmlFor={forceId}>
              <input
                id={forceId}
                type="checkbox"
                checked={force}
                onChange={(event) => setForce(event.target.checked)}
              />
              Encrypt this shared root anyway
            </label>
          </>
        )}
      </div>
      <div className="dialog-actions">
        <button type="button" className="button" data-initial-focus onClick={onClose}>
          Cancel
        </button>
        <button
          type="button"
          className={`button ${encrypt ? 'primary' : 'danger'}`}
          disabled={needsForce && !force}
          onClick={() => onConfirm(needsForce && force)}
        >
          {verb}{' '}
          {plural(root.records.plain + root.records.encrypted + root.records.locked, 'bearer')}
        </button>
      </div>
    </ModalDialog>
  );
}
