/**
 * `npm run bench`'s idle probe, run as its own process so that the V8 flags
 * it is given apply to it alone: starts the worker host watching <home>
 * (its bearers already written), lists once as the app does when its
 * window opens, lets start-up work settle, then stays idle for <seconds>.
 * Prints one JSON line: the whole process's CPU time and how many times
 * the worker's event loop woke meanwhile.
 * argv: <worker bundle> <home> <seconds>
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { startVaultWorker } from '../../electron/core/host/worker-host';

const [entry, home, seconds] = process.argv.slice(2) as [string, string, string];
const host = await startVaultWorker({
  home,
  watch: true,
  mode: 'desktop',
  version: 'bench',
  entry,
});
const page = host.connect({ transport: 'ipc' });
try {
  await page.call('credvault:bearers.list', {});
  await sleep(1_000);
  const loopsBefore = await host.loopCount();
  const cpuBefore = process.cpuUsage();
  await sleep(Number(seconds) * 1_000);
  const cpu = process.cpuUsage(cpuBefore);
  // Asking wakes the worker once: that wake-up is not idle time's.
  const wakeUps = (await host.loopCount()) - loopsBefore - 1;
  process.stdout.write(`${JSON.stringify({ cpuMs: (cpu.user + cpu.system) / 1_000, wakeUps })}\n`);
} finally {
  page.close();
  await host.close();
}
