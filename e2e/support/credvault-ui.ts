/**
 * `credvault ui --no-open --port 0` as a separate process over a temp vault
 * home, as a user starts it: the test reads the printed sign-in links from
 * its stdout, asks for more with a line on its stdin (Enter), and stops it
 * with SIGINT (Ctrl-C), expecting a clean exit.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { CREDVAULT_BIN, vaultEnv } from './credvault-cli';

const LINK = /^http:\/\/127\.0\.0\.1:(\d+)\/#code=[A-Za-z0-9_-]+$/;
const START_TIMEOUT_MS = 15_000;
/** The terminal's question when a page asks to add a path (terminal-approval.ts). */
const PATH_PROMPT = /credvault: the page asks to add the [^\n]*?Allow\? \[y\/N\] /g;

export interface CredvaultUi {
  readonly port: number;
  /** http://127.0.0.1:PORT */
  readonly origin: string;
  /** The link printed at start. */
  readonly firstLink: string;
  /** Presses Enter in its terminal and returns the new link it prints. */
  newLink(): Promise<string>;
  /**
   * Waits for the terminal's question about a path the page asks to add
   * ("... Allow? [y/N]") and answers it, as the user at the terminal would.
   * Resolves with the question.
   */
  answerPathPrompt(allow: boolean): Promise<string>;
  /** Everything it printed so far. */
  output(): { stdout: string; stderr: string };
  /** Ctrl-C; resolves with the exit code (or the signal that killed it). */
  stop(): Promise<number | string>;
}

/** How to start the process: e.g. inside a private Secret Service (keychain tests). */
export interface UiLauncher {
  (
    command: readonly string[],
    env: NodeJS.ProcessEnv,
  ): { file: string; args: string[]; env: NodeJS.ProcessEnv };
}

const direct: UiLauncher = (command, env) => ({
  file: command[0]!,
  args: command.slice(1),
  env,
});

export async function startCredvaultUi(
  home: string,
  launch: UiLauncher = direct,
): Promise<CredvaultUi> {
  const how = launch(
    [process.execPath, CREDVAULT_BIN, 'ui', '--no-open', '--port', '0'],
    vaultEnv(home),
  );
  const child: ChildProcessWithoutNullStreams = spawn(how.file, how.args, {
    env: how.env,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let partial = '';
  const links: string[] = [];
  const waiting: Array<(link: string) => void> = [];
  const exited = new Promise<number | string>((resolve) => {
    child.on('exit', (code, signal) => resolve(code ?? signal ?? 'unknown'));
  });

  const promptWaiters: Array<() => void> = [];
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
    for (const waiter of promptWaiters.splice(0)) waiter();
  });
  child.stdout.on('data', (chunk: Buffer) => {
    const text = chunk.toString('utf8');
    stdout += text;
    partial += text;
    const lines = partial.split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      if (!LINK.test(line)) continue;
      const waiter = waiting.shift();
      if (waiter) waiter(line);
      else links.push(line);
    }
  });

  const nextLink = () =>
    new Promise<string>((resolve, reject) => {
      const queued = links.shift();
      if (queued !== undefined) return resolve(queued);
      const timer = setTimeout(
        () => reject(new Error(`credvault ui printed no link; stderr: ${stderr}`)),
        START_TIMEOUT_MS,
      );
      waiting.push((link) => {
        clearTimeout(timer);
        resolve(link);
      });
      void exited.then((code) =>
        reject(
          new Error(`credvault ui exited (${code}) before printing a link; stderr: ${stderr}`),
        ),
      );
    });

  let firstLink: string;
  try {
    firstLink = await nextLink();
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  const port = Number(LINK.exec(firstLink)?.[1]);
  let stopping: Promise<number | string> | null = null;
  let answeredPrompts = 0;
  return {
    port,
    origin: `http://127.0.0.1:${port}`,
    firstLink,
    newLink: () => {
      const link = nextLink();
      child.stdin.write('\n');
      return link;
    },
    answerPathPrompt: async (allow) => {
      const seenBefore = answeredPrompts;
      answeredPrompts += 1;
      const deadline = Date.now() + START_TIMEOUT_MS;
      for (;;) {
        const questions = stderr.match(PATH_PROMPT) ?? [];
        const question = questions[seenBefore];
        if (question !== undefined) {
          child.stdin.write(allow ? 'y\n' : 'n\n');
          return question;
        }
        if (Date.now() > deadline) {
          throw new Error(`credvault ui asked no path question; stderr: ${stderr}`);
        }
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, 200);
          promptWaiters.push(() => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
    },
    output: () => ({ stdout, stderr }),
    stop: () => {
      stopping ??= (async () => {
        if (child.exitCode !== null || child.signalCode !== null) return exited;
        child.kill('SIGINT');
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        const code = await exited;
        clearTimeout(timer);
        return code;
      })();
      return stopping;
    },
  };
}
