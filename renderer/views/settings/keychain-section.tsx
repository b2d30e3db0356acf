/**
 * The keychain layer in Settings: the master key's state (and Retry when
 * locked), each root's posture (plain or encrypted, records by form, loose
 * permissions) with its Encrypt / Decrypt switch behind a confirmation, a
 * migration's progress and outcome, and provider client secrets by form.
 */
import { useEffect, useId, useState } from 'react';
import type { KeychainPosture, RootPosture } from '../../stores/keychain-slice';
import { useActions, useAppStore } from '../../stores/use-app-store';
import { KeychainJobStatus } from './keychain-job-status';
import { KeychainKeyState } from './keychain-key-state';
import { KeychainSwitchDialog } from './keychain-switch-dialog';

/** Why the switches cannot be used now, or null when they can. */
function switchBlocked(posture: KeychainPosture, running: boolean): string | null {
  if (running) return 'Wait for the running migration to finish.';
  switch (posture.masterKey) {
    case 'unavailable':
      return 'No keychain is available: encryption cannot be turned on or off.';
    case 'locked':
      return 'The master key is locked: unlock the keyring and Retry first.';
    default:
      return null;
  }
}

/**
 * A migration that stopped part way (a bearer it could not rewrite, a
 * killed process) leaves the root's flag set and some records in the other
 * form; the same switch again finishes it.
 */
function isUnfinished(root: RootPosture): boolean {
  const { plain, encrypted, locked } = root.records;
  return root.encrypted ? plain > 0 : encrypted + locked > 0;
}

export interface SwitchRequest {
  path: string;
  encrypt: boolean;
}

function SwitchButton({
  root,
  encrypt,
  finish,
  blocked,
  blockedId,
  onSwitch,
}: {
  root: RootPosture;
  encrypt: boolean;
  finish: boolean;
  blocked: string | null;
  blockedId: string;
  onSwitch(request: SwitchRequest): void;
}) {
  const label = finish
    ? `Finish ${encrypt ? 'encrypting' : 'decrypting'}`
    : encrypt
      ? 'Encrypt'
      : 'Decrypt';
  return (
    <button
      type="button"
      className={`button${finish ? ' primary' : ''}`}
      aria-label={`${label} ${root.path}`}
      aria-disabled={blocked !== null}
      aria-describedby={blocked !== null ? blockedId : undefined}
      onClick={() => {
        if (blocked === null) onSwitch({ path: root.path, encrypt });
      }}
    >
      {label}…
    </button>
  );
}

function RootsTable({
  posture,
  blocked,
  onSwitch,
}: {
  posture: KeychainPosture;
  blocked: string | null;
  onSwitch(request: SwitchRequest): void;
}) {
  const blockedId = useId();
  const buttonProps = { blocked, blockedId, onSwitch };
  return (
    <>
      <table className="admin-table keychain-roots" aria-label="Roots and their encryption">
        <thead>
          <tr>
            <th scope="col">Root</th>
            <th scope="col">Mode</th>
            <th scope="col">Records</th>
            <th scope="col">Loose permissions</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {posture.roots.map((root) => {
            const { plain, encrypted, locked } = root.records;
            const unfinished = isUnfinished(root);
            return (
              <tr key={root.path}>
                <th scope="row" className="mono keychain-path">
                  {root.path}
                  {root.shared && <span className="badge keychain-shared">shared</span>}
                </th>
                <td>
                  <span
                    className={`badge ${unfinished ? 'near_expiry' : root.encrypted ? 'ok' : 'locked'}`}
                  >
                    {root.encrypted ? 'Encrypted' : 'Plain'}
                    {unfinished && ', unfinished'}
                  </span>
                </td>
                <td>
                  {plain} plain, {encrypted} encrypted
                  {locked > 0 && <span className="keychain-locked">, {locked} locked</span>}
                </td>
                <td className={root.loosePermissions > 0 ? 'keychain-loose' : undefined}>
                  {root.loosePermissions === 0
                    ? 'none'
                    : `${root.loosePermissions} readable by others`}
                </td>
                <td className="actions">
                  <div className="keychain-actions">
                    {unfinished && (
                      <SwitchButton root={root} encrypt={root.encrypted} finish {...buttonProps} />
                    )}
                    <SwitchButton
                      root={root}
                      encrypt={!root.encrypted}
                      finish={false}
                      {...buttonProps}
                    />
                  </div>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {blocked !== null && (
        <p id={blockedId} className="admin-note">
          {blocked}
        </p>
      )}
    </>
  );
}

function ProviderSecrets({ posture }: { posture: KeychainPosture }) {
  const { plain, encrypted } = posture.providerSecrets;
  const hasKey = posture.masterKey !== 'absent' && posture.masterKey !== 'unavailable';
  return (
    <p className="keychain-secrets">
      Provider client secrets: {plain} plain, {encrypted} encrypted.{' '}
      {plain > 0 &&
        (hasKey
          ? 'The next Encrypt of any root encrypts the plain ones.'
          : 'They stay plain (0600) until the first Encrypt creates the master key.')}
    </p>
  );
}

export function KeychainSection() {
  const state = useAppStore((store) => store.keychain);
  const { posture, error, loading } = state;
  const actions = useActions();
  const [switching, setSwitching] = useState<SwitchRequest | null>(null);
  // The action itself, not `actions`: that object is new after every change.
  const loadKeychain = useAppStore((store) => store.loadKeychain);
  useEffect(() => {
    void loadKeychain();
  }, [loadKeychain]);

  const running = state.job?.state === 'running';
  const switchingRoot = posture?.roots.find((root) => root.path === switching?.path);
  return (
    // The Settings view's section frame (settings-section.tsx), as markup: same look.
    <section className="settings-section keychain" aria-labelledby="keychain-title">
      <header className="settings-section-head">
        <h2 id="keychain-title">Encryption at rest (keychain)</h2>
      </header>
      <p className="admin-note">
        Each root’s token files can be encrypted with a master key that the OS keychain guards, so a
        backup, a copied disk or a synced folder does not give the tokens away. Expiry times stay
        plain.
      </p>
      {error !== null && (
        <div className="banner danger" role="alert">
          <p>The keychain’s state could not be read: {error}</p>
        </div>
      )}
      {posture === null ? (
        loading && <p className="admin-note">Asking the keychain…</p>
      ) : (
        <>
          <KeychainKeyState posture={posture} />
          <RootsTable
            posture={posture}
            blocked={switchBlocked(posture, running)}
            onSwitch={(request) => {
              // Counts change with the bearers: the confirmation shows them as they are now.
              void loadKeychain();
              setSwitching(request);
            }}
          />
          <KeychainJobStatus state={state} />
          <ProviderSecrets posture={posture} />
        </>
      )}
      {switching !== null && switchingRoot !== undefined && posture !== null && (
        <KeychainSwitchDialog
          root={switchingRoot}
          encrypt={switching.encrypt}
          posture={posture}
          onClose={() => setSwitching(null)}
          onConfirm={(force) => {
            setSwitching(null);
            void actions.setRootEncryption(switching.path, switching.encrypt, force);
          }}
        />
      )}
    </section>
  );
}
