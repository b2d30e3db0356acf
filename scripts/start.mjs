// `npm start`: builds, then opens the desktop app where an Electron binary
// can run; where none can (no binary downloaded, a server with no display),
// says why in one line and serves the same UI to the browser instead
// (`credvault ui`), so the README's first command works everywhere.
// Arguments after `npm start --` go to `credvault ui` (e.g. --no-open).
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { findElectron } from './electron-binary.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

const built = spawnSync(npm, ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });
if (built.status !== 0) process.exit(built.status ?? 1);

const electron = findElectron({ root, env: process.env, platform: process.platform });
const [command, args] = electron.ok
  ? [electron.path, ['.']]
  : [process.execPath, ['bin/credvault', 'ui', ...process.argv.slice(2)]];
if (!electron.ok) {
  console.error(
    `credvault: no desktop window here: ${electron.reason}; starting credvault ui instead`,
  );
}
// ELECTRON_RUN_AS_NODE in the caller's environment would start Node, not the app.
const env = { ...process.env };
delete env.ELECTRON_RUN_AS_NODE;
const child = spawn(command, args, { cwd: root, stdio: 'inherit', env });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
