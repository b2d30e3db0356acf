/**
 * Bearer figures: a whole `credvault bearers list` process over 10,000
 * bearers next to a bare Node process that only reads the same 30,000 files,
 * the warm in-process list (watch running, cache warm), and put throughput.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { BearerStore } from '../../electron/core/bearers/bearer-store';
import type { BenchResult } from './bench-result';

const REPO = resolve(import.meta.dirname, '..', '..');
const CLI = join(REPO, 'bin', 'credvault');

/** A bare reader: what any program must do at the least to see every bearer. */
const BARE_READER = `
const fs = require('node:fs');
const root = process.argv[1];
let n = 0;
for (const id of fs.readdirSync(root)) {
  for (const f of ['access_token.json', 'refresh_token.json', 'expires_at.json']) {
    JSON.parse(fs.readFileSync(root + '/' + id + '/' + f, 'utf8'));
    n++;
  }
}
if (n !== 30000) throw new Error('expected 30000 files, read ' + n);
`;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

function timeProcess(command: string, args: string[]): number {
  const started = process.hrtime.bigint();
  const result = spawnSync(command, args, {
    stdio: ['ignore', 'ignore', 'pipe'],
    maxBuffer: 64 * 1024 * 1024,
  });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0) throw new Error(`${args.join(' ')} failed: ${result.stderr.toString()}`);
  return ms;
}

/** 10,000 bearers written as the seed writes them, an hour ago. */
export function makeRoot(root: string, count: number): void {
  const hourAgo = new Date(Date.now() - 3_600_000);
  mkdirSync(root, { mode: 0o700, recursive: true });
  const now = Math.floor(Date.now() / 1000);
  for (let i = 0; i < count; i++) {
    const dir = join(root, `agent-${String(i).padStart(5, '0')}`);
    mkdirSync(dir, { mode: 0o700 });
    chmodSync(dir, 0o700);
    const files: Array<[string, string]> = [
      [
        'access_token.json',
        JSON.stringify(`eyJhbGciOiJFUzI1NiJ9.payload-${i}.signature-${'x'.repeat(40)}`),
      ],
      ['refresh_token.json', JSON.stringify(`r-${i}-${'y'.repeat(30)}`)],
      ['expires_at.json', JSON.stringify(String(now + (i % 7200)))],
    ];
    for (const [name, content] of files) {
      writeFileSync(join(dir, name), content, { mode: 0o600 });
      utimesSync(join(dir, name), hourAgo, hourAgo);
    }
  }
}

export async function runBearerBenchmarks(workDir: string, runs = 5): Promise<BenchResult[]> {
  const root = join(workDir, 'bearers-10k');
  makeRoot(root, 10_000);
  // Warm the page cache once for both contenders.
  timeProcess(process.execPath, ['-e', BARE_READER, root]);
  const bare: number[] = [];
  const cli: number[] = [];
  for (let i = 0; i < runs; i++) {
    bare.push(timeProcess(process.execPath, ['-e', BARE_READER, root]));
    cli.push(timeProcess(process.execPath, [CLI, 'bearers', 'list', '--root', root, '--json']));
  }
  const bareMs = median(bare);
  const cliMs = median(cli);
  const ratio = cliMs / bareMs;

  const store = new BearerStore({ root });
  const watch = await store.watch();
  await store.list(); // cold: fills the cache
  const warm: number[] = [];
  for (let i = 0; i < 20; i++) {
    const started = process.hrtime.bigint();
    const list = await store.list();
    warm.push(Number(process.hrtime.bigint() - started) / 1e6);
    if (list.length !== 10_000) throw new Error(`warm list saw ${list.length} bearers`);
  }
  await watch.close();

  const putRoot = join(workDir, 'put-root');
  const putStore = new BearerStore({ root: putRoot });
  const puts = 500;
  const putStarted = process.hrtime.bigint();
  for (let i = 0; i < puts; i++) {
    await putStore.put(`agent-${i % 50}`, {
      accessToken: `a-${i}`,
      refreshToken: `r-${i}`,
      expiresAtUnix: 4102444800,
    });
  }
  const putSeconds = Number(process.hrtime.bigint() - putStarted) / 1e9;

  // Sanity: the CLI really listed 10,000 (not an early error).
  const listed = JSON.parse(
    execFileSync(process.execPath, [CLI, 'bearers', 'list', '--root', root, '--json'], {
      maxBuffer: 64 << 20,
    }).toString(),
  ) as unknown[];
  if (listed.length !== 10_000) throw new Error(`CLI listed ${listed.length} bearers`);

  return [
    { name: 'bare Node process reading the 30,000 files (median)', value: bareMs, unit: 'ms' },
    {
      name: '`credvault bearers list --json` of 10,000 bearers, whole process (median)',
      value: cliMs,
      unit: 'ms',
    },
    { name: 'CLI list / bare read', value: ratio, unit: 'x', target: '<= 2x', met: ratio <= 2 },
    {
      name: 'warm in-process list of 10,000 (watch running, median of 20)',
      value: median(warm),
      unit: 'ms',
      target: '<= 20 ms',
      met: median(warm) <= 20,
    },
    {
      name: 'put throughput (3 atomic fsynced files + lock per put)',
      value: puts / putSeconds,
      unit: 'puts/s',
    },
  ];
}
