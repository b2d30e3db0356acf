/**
 * Loaded before every test file: captures whatever a test writes to the real
 * stdout, stderr and console, and fails the test if a marked secret appears
 * there (see leak-marker.ts). Output is passed through unchanged.
 */
import { afterEach, beforeEach } from 'vitest';
import { LEAK_MARKER } from './leak-marker';

let captured: string[] = [];
const originalStdout = process.stdout.write.bind(process.stdout);
const originalStderr = process.stderr.write.bind(process.stderr);

function capture(original: typeof process.stdout.write): typeof process.stdout.write {
  return ((chunk: unknown, ...rest: unknown[]) => {
    captured.push(
      typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8'),
    );
    return (original as (...args: unknown[]) => boolean)(chunk, ...rest);
  }) as typeof process.stdout.write;
}

beforeEach(() => {
  captured = [];
  process.stdout.write = capture(originalStdout);
  process.stderr.write = capture(originalStderr);
});

afterEach(() => {
  process.stdout.write = originalStdout;
  process.stderr.write = originalStderr;
  const text = captured.join('');
  captured = [];
  if (text.includes(LEAK_MARKER)) {
    throw new Error(`a secret (leak marker) was written to the process output during this test`);
  }
});
