/**
 * A dialog's one action in flight: `busy` while it runs, its failure as
 * text (the vault's message, which names the input and never a secret), and
 * no second run while one is under way.
 */
import { useCallback, useRef, useState } from 'react';
import { errorMessage } from '../api/client';

export interface PendingAction {
  busy: boolean;
  error: string | null;
  /** Runs `task`; resolves true when it succeeded, false when it failed (see `error`). */
  run(task: () => Promise<unknown>): Promise<boolean>;
  clearError(): void;
}

export function usePendingAction(): PendingAction {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const running = useRef(false);

  const run = useCallback(async (task: () => Promise<unknown>) => {
    if (running.current) return false;
    running.current = true;
    setBusy(true);
    setError(null);
    try {
      await task();
      return true;
    } catch (failure) {
      setError(errorMessage(failure));
      return false;
    } finally {
      running.current = false;
      setBusy(false);
    }
  }, []);

  return { busy, error, run, clearError: useCallback(() => setError(null), []) };
}
