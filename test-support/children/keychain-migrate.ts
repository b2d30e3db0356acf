// Turns a root's encryption on or off in a process a test may SIGKILL at any
// moment. argv: <vaultHome> <root> <on|off>. The "keychain" is a file in the
// vault home (the real one is tested in keychain.secret-service.test.ts), so
// the key survives the kills. Prints the progress count after each bearer.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BearerStore } from '../../electron/core/bearers/bearer-store';
import { writeFileAtomicSync } from '../../electron/core/fs/atomic-write';
import type { KeyStore } from '../../electron/core/keychain/key-store';
import { MasterKey } from '../../electron/core/keychain/master-key';
import {
  disableRootEncryption,
  enableRootEncryption,
} from '../../electron/core/keychain/root-migration';
import { bearerStoreRewriter } from '../../electron/core/keychain/store-rewriter';

const [home, root, direction, dieAfterFiles] = process.argv.slice(2) as [
  string,
  string,
  'on' | 'off',
  string | undefined,
];
let filesReplaced = 0;
const onFileReplaced = () => {
  if (++filesReplaced === Number(dieAfterFiles)) process.kill(process.pid, 'SIGKILL');
};
const keychainFile = join(home, 'fake-keychain.json');

const fileKeyStore: KeyStore = {
  async getPassword(service, account) {
    if (!existsSync(keychainFile)) return null;
    const entries = JSON.parse(readFileSync(keychainFile, 'utf8')) as Record<string, string>;
    return entries[`${service}/${account}`] ?? null;
  },
  async setPassword(service, account, password) {
    writeFileAtomicSync(keychainFile, JSON.stringify({ [`${service}/${account}`]: password }));
  },
  async deletePassword() {
    return false;
  },
};

const options = {
  root,
  masterKey: new MasterKey(home, fileKeyStore),
  rewriter: bearerStoreRewriter(new BearerStore({ root, onFileReplaced })),
  onProgress: (done: number) => process.stdout.write(`${done}\n`),
};
const result = await (direction === 'on'
  ? enableRootEncryption(options)
  : disableRootEncryption(options));
process.stdout.write(`done ${result.rewritten} of ${result.total}\n`);
