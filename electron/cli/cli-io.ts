/**
 * The CLI's connection to the world, injected so tests run commands in-process
 * and see exactly what a user would.
 */
import { VaultError } from '../core/errors';
import { decodeUtf8Strict } from '../core/text/strict-utf8';

export interface CliIo {
  /**
   * The whole of standard input (secrets arrive only this way), decoded by
   * `decodeStdin`: invalid UTF-8 is refused, never replaced.
   */
  readStdin(): Promise<string>;
  stdout(text: string): void;
  stderr(text: string): void;
  env: Record<string, string | undefined>;
  /** Whether stdout is a terminal (tables and hints) or a pipe (plain). */
  stdoutIsTty: boolean;
  /** Whether stderr is a terminal: progress ("N of M") is shown only then. */
  stderrIsTty?: boolean;
}

/** No secret or record we read is anywhere near this size. */
export const MAX_STDIN_BYTES = 1024 * 1024;

export function processIo(): CliIo {
  return {
    readStdin: () => readAll(process.stdin),
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    env: process.env,
    stdoutIsTty: Boolean(process.stdout.isTTY),
    stderrIsTty: Boolean(process.stderr.isTTY),
  };
}

async function readAll(stream: NodeJS.ReadStream): Promise<string> {
  if (stream.isTTY) process.stderr.write('(reading from standard input; end with Ctrl-D)\n');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += buffer.length;
    if (size > MAX_STDIN_BYTES)
      throw new VaultError('bad-input', 'standard input is larger than 1 MiB');
    chunks.push(buffer);
  }
  return decodeStdin(Buffer.concat(chunks));
}

/** The one decoder for every stdin reader: a secret is stored as given or not at all. */
export function decodeStdin(bytes: Uint8Array): string {
  return decodeUtf8Strict(bytes, 'standard input');
}

export function printJson(io: CliIo, value: unknown): void {
  io.stdout(`${JSON.stringify(value, null, 2)}\n`);
}

/** Left-aligned columns for human output. */
export function printTable(io: CliIo, header: string[], rows: string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  io.stdout(`${[line(header), ...rows.map(line)].join('\n')}\n`);
}
