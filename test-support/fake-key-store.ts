/** An in-memory KeyStore that can be locked (answers null, refuses writes) or broken. */
import type { KeyStore } from '../electron/core/keychain/key-store';
import { KeychainError } from '../electron/core/keychain/keychain-client';

export class FakeKeyStore implements KeyStore {
  readonly entries = new Map<string, string>();
  locked = false;
  failure: Error | null = null;
  gets = 0;
  sets = 0;

  async getPassword(service: string, account: string): Promise<string | null> {
    this.gets++;
    if (this.failure) throw this.failure;
    return this.locked ? null : (this.entries.get(`${service}/${account}`) ?? null);
  }

  async setPassword(service: string, account: string, password: string): Promise<void> {
    this.sets++;
    if (this.failure) throw this.failure;
    if (this.locked) throw new KeychainError('refused', 'storing the key failed: locked');
    this.entries.set(`${service}/${account}`, password);
  }

  async deletePassword(service: string, account: string): Promise<boolean> {
    return this.entries.delete(`${service}/${account}`);
  }
}
