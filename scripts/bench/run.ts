/**
 * `npm run bench`: every figure the issues ask for, in one run, naming the
 * filesystem it ran on. Timings are medians; targets are checked and printed
 * but never fail the run (speed targets live here, not in timed tests).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchResult } from './bench-result';
import { runBearerBenchmarks } from './bearers-bench';
import { filesystemOf } from './filesystem-name';
import { runKeychainBenchmarks } from './keychain-bench';
import { runInspectBenchmarks } from './inspect-bench';
import { runKeyBenchmarks } from './keys-bench';
import { runLockBenchmarks } from './locks-bench';
import { runSessionBenchmarks } from './session-bench';
import { runUiBenchmarks } from './ui-bench';
import { runWorkerBenchmarks } from './worker-bench';

function format(result: BenchResult): string {
  const value =
    result.value >= 1000
      ? Math.round(result.value).toLocaleString('en-US')
      : result.value.toFixed(result.value < 10 ? 2 : 1);
  const target = result.target
    ? `  target ${result.target}: ${result.met ? 'met' : 'NOT met'}`
    : '';
  return `  ${result.name}: ${value} ${result.unit}${target}${result.note ? `  (${result.note})` : ''}`;
}

const workDir = mkdtempSync(join(process.env.CREDVAULT_BENCH_DIR ?? tmpdir(), 'credvault-bench-'));
try {
  console.log(
    `Credvault benchmarks — Node ${process.version}, ${cpus().length} cores, on ${filesystemOf(workDir)} (${workDir})`,
  );
  const groups: Array<[string, (dir: string) => Promise<BenchResult[]>]> = [
    ['Bearers', runBearerBenchmarks],
    ['Vault session', runSessionBenchmarks],
    ['Keychain layer', runKeychainBenchmarks],
    ['Worker host', runWorkerBenchmarks],
    ['API keys', runKeyBenchmarks],
    ['Token inspection', runInspectBenchmarks],
    ['Locks', runLockBenchmarks],
    ['Browser mode (Chromium, credvault ui)', runUiBenchmarks],
  ];
  for (const [title, run] of groups) {
    console.log(`${title}:`);
    for (const result of await run(workDir)) console.log(format(result));
  }
} finally {
  rmSync(workDir, { recursive: true, force: true });
}
