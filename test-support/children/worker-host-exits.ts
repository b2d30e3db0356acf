// Starts a vault worker host watching <home>, uses it as the app would (its
// own trusted client and a page's, a write, an event), closes it and then
// simply ends: it must exit by itself (no worker, port or timer left).
// argv: <home>. Prints how the worker ended ("closed" when it closed its
// session and ended on its own).
import { join } from 'node:path';
import { startVaultWorker } from '../../electron/core/host/worker-host';

const [home] = process.argv.slice(2) as [string];
const host = await startVaultWorker({ home, watch: true, mode: 'desktop', version: '0.0.0-test' });
const own = host.connect({ transport: 'worker' });
const page = host.connect({ transport: 'ipc' });
const announced = new Promise<void>((resolve) => {
  page.subscribe('credvault:bearers.changed', () => resolve());
});
await own.call('credvault:bearers.put', {
  ref: { root: join(home, 'bearers'), id: 'agent-a' },
  record: { accessToken: 'a', refreshToken: 'r', expiresAtUnix: 4102444800 },
});
await announced;
await page.call('credvault:bearers.list', {});
process.stdout.write(`${await host.close()}\n`);
