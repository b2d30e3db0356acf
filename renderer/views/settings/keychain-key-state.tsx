/**
 * The master key's state in plain words: which keychain guards it, whether
 * the key is there, and, when it is not usable, why and what to do (a
 * locked keyring: unlock it, then Retry).
 */
import { useState } from 'react';
import { usePendingAction } from '../../components/use-pending-action';
import type { KeychainPosture } from '../../stores/keychain-slice';
import { useActions } from '../../stores/use-app-store';

const STATE_WORDS: Record<KeychainPosture['masterKey'], { label: string; tone: string }> = {
  present: { label: 'Present', tone: 'ok' },
  absent: { label: 'Not created yet', tone: 'not-checked' },
  locked: { label: 'Locked', tone: 'expired' },
  unavailable: { label: 'Unavailable', tone: 'locked' },
};

function explanation(posture: KeychainPosture): string {
  switch (posture.masterKey) {
    case 'present':
      return 'The master key is in the keychain: encrypted roots read and write as usual.';
    case 'absent':
      return 'Nothing is encrypted yet. The first Encrypt creates the master key in the keychain.';
    case 'locked':
      return 'The keychain holds the master key but will not give it now, so encrypted records are listed as locked: they cannot be read, refreshed or written, and nothing falls back to plain text.';
    case 'unavailable':
      return 'No OS keychain answers, so nothing can be encrypted or decrypted here. Plain roots work as usual.';
  }
}

function nextStep(posture: KeychainPosture): string | null {
  switch (posture.masterKey) {
    case 'locked':
      return 'Unlock your keyring (for example, log in to GNOME Keyring or KWallet, or open KeePassXC), then press Retry.';
    case 'unavailable':
      return 'Run Credvault in a desktop session with a keychain (macOS Keychain, Windows Credential Manager, or a Secret Service such as GNOME Keyring, KWallet or KeePassXC).';
    default:
      return null;
  }
}

export function KeychainKeyState({ posture }: { posture: KeychainPosture }) {
  const actions = useActions();
  const retry = usePendingAction();
  const [stillLocked, setStillLocked] = useState(false);
  const retryNow = async () => {
    setStillLocked(false);
    await retry.run(async () => {
      const after = await actions.retryKeychain();
      setStillLocked(after.masterKey === 'locked');
    });
  };
  const words = STATE_WORDS[posture.masterKey];
  const step = nextStep(posture);
  return (
    <div className="keychain-key">
      <dl className="keychain-facts">
        <div>
          <dt>Keychain</dt>
          <dd>{posture.backend ?? 'None available'}</dd>
        </div>
        <div>
          <dt>Master key</dt>
          <dd>
            <span className={`badge ${words.tone}`}>{words.label}</span>
          </dd>
        </div>
      </dl>
      <p>{explanation(posture)}</p>
      {posture.reason !== null && (
        <p>
          Reason: <span className="keychain-reason">{posture.reason}</span>
        </p>
      )}
      {step !== null && <p className="keychain-step">{step}</p>}
      {posture.masterKey === 'locked' && (
        <div className="keychain-retry">
          <button
            type="button"
            className="button primary"
            disabled={retry.busy}
            onClick={() => void retryNow()}
          >
            {retry.busy ? 'Retrying…' : 'Retry'}
          </button>
          {stillLocked && !retry.busy && (
            <p role="status">Still locked: the keychain did not give the key.</p>
          )}
          {retry.error !== null && (
            <p className="error-text" role="alert">
              Retry failed: {retry.error}
            </p>
          )}
        </div>
      )}
    </div>
  );
}
