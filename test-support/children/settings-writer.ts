// Adds bearer roots to a vault's settings through its own session, one at a
// time, once told to start (a second process changing the same settings).
// argv: <home> <prefix> <count>. Waits for a line on stdin, then adds
// roots <home>/<prefix>-0 ... <prefix>-(count-1) and exits.
import { once } from 'node:events';
import { join } from 'node:path';
import { openVault } from '../../electron/core/session/open-vault';

const [home, prefix, countText] = process.argv.slice(2) as [string, string, string];
const session = await openVault(home);
process.stdout.write('ready\n');
await once(process.stdin, 'data');
for (let i = 0; i < Number(countText); i++) {
  await session.addRoot({ path: join(home, `${prefix}-${i}`) });
}
await session.close();
process.stdin.destroy();
