// Rewrites one bearer the way the seed broker does: in place (truncate, then
// write), access, refresh, expiry in turn, each then chmod 0600. Record k holds
// "acc-k", "ref-k" and expiry 1000000+k, so a reader can spot a mixed record.
// argv: <bearer dir> <count> <pause-ms-max> ; prints the last k written.
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const [dir, countText, pauseText] = process.argv.slice(2);
const count = Number(countText);
const pauseMax = Number(pauseText);
mkdirSync(dir, { recursive: true, mode: 0o700 });
const sleeper = new Int32Array(new SharedArrayBuffer(4));
for (let k = 1; k <= count; k++) {
  for (const [name, value] of [
    ['access_token.json', `acc-${k}`],
    ['refresh_token.json', `ref-${k}`],
    ['expires_at.json', String(1_000_000 + k)],
  ]) {
    writeFileSync(join(dir, name), JSON.stringify(value));
    chmodSync(join(dir, name), 0o600);
  }
  if (pauseMax > 0) Atomics.wait(sleeper, 0, 0, Math.random() * pauseMax);
}
process.stdout.write(String(count));
