// Claims expiry notification keys in a vault home, as a second front end on
// the same home would (the app and `credvault ui`). argv: <home> <count>.
// Prints "ready", waits for a line on stdin, then claims near_expiry for
// bearers b0 ... b(count-1) one at a time, printing each key it won.
import { once } from 'node:events';
import { join } from 'node:path';
import { NotificationMemory } from '../../electron/core/session/notification-memory';

const [home, countText] = process.argv.slice(2) as [string, string];
const memory = new NotificationMemory(home);
process.stdout.write('ready\n');
await once(process.stdin, 'data');
for (let i = 0; i < Number(countText); i++) {
  const claimed = await memory.claim([
    {
      root: join(home, 'bearers'),
      id: `b${i}`,
      state: 'near_expiry',
      expiresAtUnix: 2_000_000_000,
    },
  ]);
  for (const key of claimed) process.stdout.write(`won ${key.id}\n`);
}
process.stdin.destroy();
