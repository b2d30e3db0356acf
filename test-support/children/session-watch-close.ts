// Opens a vault session, watches two roots (one created by its own first
// write), sees a change from disk in it, closes
// the session and then simply ends: it must exit by itself (no watch, timer
// or lock left running). argv: <home> <extraRoot>. Prints "closed".
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openVault } from '../../electron/core/session/open-vault';

const [home, extraRoot] = process.argv.slice(2) as [string, string];
const session = await openVault(home);
await session.addRoot({ path: extraRoot });
await session.startWatching();
const seen = new Promise<void>((resolve) => {
  session.subscribe('credvault:bearers.changed', (event) => {
    if (event.origin === 'disk' && event.ids.includes('agent-disk')) resolve();
  });
});
// The extra root does not exist yet: our own first write creates it, and
// startWatching (idempotent) waits for the watch it then gets.
await session.putBearer({
  ref: { root: extraRoot, id: 'agent-put' },
  record: { accessToken: 'a', refreshToken: 'r', expiresAtUnix: 4102444800 },
  force: false,
});
await session.startWatching();
const dir = join(extraRoot, 'agent-disk');
mkdirSync(dir, { mode: 0o700 });
writeFileSync(join(dir, 'access_token.json'), '"a"', { mode: 0o600 });
writeFileSync(join(dir, 'refresh_token.json'), '"r"', { mode: 0o600 });
writeFileSync(join(dir, 'expires_at.json'), '"4102444800"', { mode: 0o600 });
await seen;
await session.close();
process.stdout.write('closed\n');
