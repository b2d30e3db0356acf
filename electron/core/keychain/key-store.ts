/**
 * The OS keychain as the vault sees it: one password per (service, account).
 * Deliberately no way to enumerate entries: keytar's call that lists a
 * service's credentials segfaults the process on a locked gnome-keyring, so
 * the port never offers it.
 */
export interface KeyStore {
  /** The stored password, or null when there is none (or the keyring is locked). */
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  /** Whether an entry was there to delete. */
  deletePassword(service: string, account: string): Promise<boolean>;
}
