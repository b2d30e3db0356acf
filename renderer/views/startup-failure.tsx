/**
 * What the page shows when it cannot reach the vault at all (no sign-in,
 * a used link, `credvault ui` stopped). The message is the vault's or the
 * bridge's own words, which never hold a secret.
 */
import { createRoot } from 'react-dom/client';

function StartupFailure({ message }: { message: string }) {
  return (
    <main className="startup" role="alert">
      <h1>Credvault cannot reach the vault</h1>
      <p>{message}</p>
    </main>
  );
}

export function showStartupFailure(root: HTMLElement, message: string): void {
  createRoot(root).render(<StartupFailure message={message} />);
}
