// A stand-in for the keychain helper, speaking its JSON-lines protocol.
// argv: <mode> [markerFile]
//   memory     answers from an in-memory map
//   hang-once  the first process (no markerFile yet) creates markerFile and
//              never answers; later ones behave as `memory`
//   garbage    answers every request with a line that is not JSON
//   crash      dies (SIGKILL) on every request, like a segfaulting keytar
import { existsSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';

const [mode, markerFile] = process.argv.slice(2);
let hang = false;
if (mode === 'hang-once' && !existsSync(markerFile)) {
  writeFileSync(markerFile, String(process.pid));
  hang = true;
}
const entries = new Map();
createInterface({ input: process.stdin })
  .on('line', (line) => {
    if (hang) return;
    if (mode === 'crash') process.kill(process.pid, 'SIGKILL');
    if (mode === 'garbage') return void process.stdout.write('not json\n');
    const request = JSON.parse(line);
    const key = `${request.service}\u0000${request.account}`;
    let value = null;
    if (request.op === 'get') value = entries.get(key) ?? null;
    if (request.op === 'set') value = Boolean(entries.set(key, request.password));
    if (request.op === 'delete') value = entries.delete(key);
    process.stdout.write(`${JSON.stringify({ id: request.id, ok: true, value })}\n`);
  })
  .on('close', () => process.exit(0));
