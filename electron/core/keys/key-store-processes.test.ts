/**
 * Two real processes minting into one key file at once lose no key: the lock
 * and the re-read inside it are what a second Credvault (app, CLI, script)
 * relies on. Each child runs the store's TypeScript through tsx.
 */
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { makeTempDir } from '../../../test-support/temp-dir';
import { ApiKeyStore } from './key-store';

const REPO = resolve(import.meta.dirname, '../../..');
const STORE_MODULE = pathToFileURL(resolve(import.meta.dirname, 'key-store.ts')).href;
const MINTS_PER_PROCESS = 30;

/**
 * argv: <key file> <count> <label>. Says "ready", waits for a line on stdin,
 * mints, then prints the hashes and when its minting began and ended.
 */
const CHILD = `
const { ApiKeyStore } = await import(process.env.KEY_STORE_MODULE);
const [path, count, label] = process.argv.slice(1);
const store = new ApiKeyStore({ path });
process.stdout.write('ready\\n');
await new Promise((go) => process.stdin.once('data', go));
process.stdin.destroy();
const hashes = [];
const began = Date.now();
for (let i = 0; i < Number(count); i++) hashes.push((await store.mint(label + '-' + i)).hashHex);
process.stdout.write(JSON.stringify({ hashes, began, ended: Date.now() }) + '\\n');
`;

interface MinterReport {
  hashes: string[];
  began: number;
  ended: number;
}

function startMinter(path: string, label: string) {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', '--input-type=module', '-e', CHILD, path, String(MINTS_PER_PROCESS), label],
    {
      cwd: REPO,
      env: { ...process.env, KEY_STORE_MODULE: STORE_MODULE },
      stdio: ['pipe', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const ready = new Promise<void>((resolveReady, reject) => {
    child.stdout.on('data', () => stdout.startsWith('ready\n') && resolveReady());
    child.on('close', () =>
      reject(new Error(`minter ${label} exited before it was ready: ${stderr}`)),
    );
  });
  const done = new Promise<{ code: number; stderr: string } & MinterReport>((resolveDone) =>
    child.on('close', (code) => {
      const last = stdout.trim().split('\n').pop() ?? '';
      const report = last.startsWith('{')
        ? (JSON.parse(last) as MinterReport)
        : { hashes: [], began: 0, ended: 0 };
      resolveDone({ code: code ?? -1, stderr, ...report });
    }),
  );
  return { go: () => child.stdin.end('go\n'), ready, done };
}

describe('two processes minting at once', () => {
  it(
    `lose no key: all ${2 * MINTS_PER_PROCESS} are in the file afterwards`,
    { timeout: 60_000 },
    async () => {
      const path = join(makeTempDir(), 'vault', 'keys.json');
      const a = startMinter(path, 'a');
      const b = startMinter(path, 'b');
      await Promise.all([a.ready, b.ready]);
      a.go();
      b.go();
      const [resultA, resultB] = await Promise.all([a.done, b.done]);
      expect([resultA.code, resultA.stderr, resultB.code, resultB.stderr]).toEqual([0, '', 0, '']);
      expect(resultA.hashes).toHaveLength(MINTS_PER_PROCESS);
      expect(resultB.hashes).toHaveLength(MINTS_PER_PROCESS);

      const listed = new ApiKeyStore({ path }).list();
      expect(listed).toHaveLength(2 * MINTS_PER_PROCESS);
      expect(new Set(listed.map((info) => info.hashHex))).toEqual(
        new Set([...resultA.hashes, ...resultB.hashes]),
      );
      // Each process's keys are in its own minting order...
      for (const label of ['a', 'b']) {
        expect(
          listed.filter((info) => info.name.startsWith(`${label}-`)).map((info) => info.name),
        ).toEqual(Array.from({ length: MINTS_PER_PROCESS }, (_, i) => `${label}-${i}`));
      }
      // ...and the two really were minting at the same time, not one after the other.
      expect(resultA.began).toBeLessThan(resultB.ended);
      expect(resultB.began).toBeLessThan(resultA.ended);
    },
  );
});
