/**
 * Token inspection figures for `npm run bench`: how long `inspect` takes on
 * the largest token it accepts (decode and verify a signed JWT just under the
 * 64 KiB bound) and on hostile base64url-looking input of the same size. This
 * replaces the per-call time limit the property tests used to assert.
 */
import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT } from 'jose';
import { inspectToken, MAX_TOKEN_CHARS } from '../../electron/core/inspect/inspect-token';
import type { BenchResult } from './bench-result';

const RUNS = 50;
const TARGET_MS = 1000;

function median(sorted: number[]): number {
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

async function medianMs(run: () => Promise<unknown>): Promise<{ median: number; max: number }> {
  await run(); // warm-up: the first call compiles the verifiers
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    await run();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { median: median(times), max: times[times.length - 1]! };
}

function result(name: string, timing: { median: number; max: number }): BenchResult {
  return {
    name,
    value: timing.median,
    unit: 'ms',
    target: `< ${TARGET_MS} ms per call`,
    met: timing.max < TARGET_MS,
    note: `median of ${RUNS}; slowest ${timing.max.toFixed(1)} ms`,
  };
}

export async function runInspectBenchmarks(): Promise<BenchResult[]> {
  const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
  const jwks = createLocalJWKSet({
    keys: [{ ...(await exportJWK(publicKey)), kid: 'bench', alg: 'ES256' }],
  });
  const keys = { jwks, source: 'provider "bench"' };
  const token = await new SignJWT({ sub: 'bench', pad: 'x'.repeat(MAX_TOKEN_CHARS * 0.74) })
    .setProtectedHeader({ alg: 'ES256', kid: 'bench' })
    .sign(privateKey);
  const nowMs = Date.now();
  const verified = await medianMs(async () => {
    const inspection = await inspectToken(token, { keys, nowMs });
    if (inspection.signature.state !== 'verified')
      throw new Error('inspect bench: the signed token did not verify');
  });
  const hostile = `eyJhbGciOiJFUzI1NiJ9.${'A'.repeat(MAX_TOKEN_CHARS - 40)}.AAAA`;
  const garbage = await medianMs(() => inspectToken(hostile, { keys, nowMs }));
  return [
    result(`inspect: signed JWT of ${(token.length / 1024).toFixed(0)} KiB, verified`, verified),
    result('inspect: 64 KiB of base64url that is not a token', garbage),
  ];
}
