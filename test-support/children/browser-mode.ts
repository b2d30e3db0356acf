// `credvault ui` as its command runs it, with a renderer folder of the test's
// choosing (the CLI finds the built one next to itself). argv: <home> <rendererDir>.
import { openVault } from '../../electron/core/session/open-vault';
import { runBrowserMode } from '../../electron/web/browser-mode';

const [home, rendererDir] = process.argv.slice(2) as [string, string];
const session = await openVault(home);
try {
  await runBrowserMode(
    {
      session,
      port: 0,
      open: false,
      version: 'test',
      rendererDir,
      stdout: (text) => process.stdout.write(text),
      stderr: (text) => process.stderr.write(text),
    },
    {
      stdin: process.stdin,
      once: (signal, listener) => process.once(signal, listener),
      off: (signal, listener) => process.off(signal, listener),
      env: process.env,
      platform: process.platform,
    },
  );
} finally {
  await session.close();
}
