/**
 * The keychain layer in Settings: the master key's state and each root's
 * posture (plain, encrypted, locked records).
 */
import { useEffect } from 'react';
import { useAppStore } from '../../stores/use-app-store';

export function KeychainSection() {
  const { posture, error } = useAppStore((state) => state.keychain);
  const loadKeychain = useAppStore((state) => state.loadKeychain);
  useEffect(() => {
    void loadKeychain();
  }, [loadKeychain]);

  return (
    <section aria-labelledby="keychain-title">
      <h2 id="keychain-title">Keychain</h2>
      {error !== null && <p role="alert">{error}</p>}
      {posture !== null && <p>Master key: {posture.masterKey}</p>}
    </section>
  );
}
