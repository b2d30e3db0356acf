/**
 * The session's side of the keychain helper: a KeyStore whose every call is a
 * line to a child process (see keychain-helper.ts). The helper starts on the
 * first call. A call that gets no answer within the timeout kills the helper
 * (a stuck native call cannot be cancelled any other way) and rejects; the
 * next call starts a fresh one. A helper that dies is replaced, and the call
 * tried once more. Whatever the helper does (crash, hang, garbage), the
 * caller sees a VaultError and keeps running.
 */
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import type { Socket } from 'node:net';
import type { Readable, Writable } from 'node:stream';
import { createInterface } from 'node:readline';
import { VaultError } from '../errors';
import { defaultHelperLaunch, type HelperLaunch } from './helper-launch';
import type { KeyStore } from './key-store';
import {
  parseKeychainResponse,
  type KeychainRequest,
  type KeychainResponse,
} from './keychain-protocol';

export const DEFAULT_KEYCHAIN_TIMEOUT_MS = 5_000;

/** Why a keychain call failed: the keychain said no, or the helper failed us. */
export type KeychainFailure = 'refused' | 'timeout' | 'helper-stopped';

export class KeychainError extends VaultError {
  constructor(
    readonly failure: KeychainFailure,
    message: string,
  ) {
    super('environment', message);
  }
}

export interface KeychainClientOptions {
  launch?: HelperLaunch;
  timeoutMs?: number;
  /** The helper's environment (default: this process's); it needs D-Bus's address. */
  env?: NodeJS.ProcessEnv;
}

type Operation = KeychainRequest['op'];
type Value = Extract<KeychainResponse, { ok: true }>['value'];

interface PendingCall {
  op: Operation;
  resolve(value: Value): void;
  reject(error: KeychainError): void;
  timer: NodeJS.Timeout;
}

const OPERATION_NAMES: Record<Operation, string> = {
  get: 'reading',
  set: 'storing',
  delete: 'deleting',
};

type HelperProcess = ChildProcessByStdio<Writable, Readable, null>;

/** A child's stdio pipe is a net.Socket, which can be (un)referenced. */
function pipeOf(stream: Readable | Writable): Socket {
  return stream as Socket;
}

class RunningHelper {
  readonly pending = new Map<number, PendingCall>();
  private stopped = false;

  constructor(
    readonly child: HelperProcess,
    private readonly onStopped: (helper: RunningHelper) => void,
  ) {
    // A write to a helper that just died fails with EPIPE; the exit handler
    // reports it, so the stream error itself must not become an uncaught one.
    child.stdin.on('error', () => {});
    child.on('error', () => this.stop('the keychain helper could not be started'));
    child.on('exit', (code, signal) =>
      this.stop(`the keychain helper stopped unexpectedly (${signal ?? `exit code ${code}`})`),
    );
    createInterface({ input: child.stdout }).on('line', (line) => this.receive(line));
    this.idle();
  }

  send(request: KeychainRequest, call: PendingCall): void {
    this.pending.set(request.id, call);
    this.busy();
    this.child.stdin.write(`${JSON.stringify(request)}\n`);
  }

  /** Kills the helper; every call still waiting rejects with `reason`. */
  stop(reason: string, failure: KeychainFailure = 'helper-stopped'): void {
    if (!this.stopped) {
      this.stopped = true;
      this.onStopped(this);
      if (this.child.exitCode === null && this.child.signalCode === null) {
        this.child.kill('SIGKILL');
      }
    }
    for (const [id, call] of this.pending) {
      this.settle(id, call);
      call.reject(
        new KeychainError(failure, `${OPERATION_NAMES[call.op]} the key failed: ${reason}`),
      );
    }
  }

  private receive(line: string): void {
    let response: KeychainResponse | null = null;
    try {
      response = parseKeychainResponse(JSON.parse(line));
    } catch {
      // not JSON: handled below
    }
    if (!response) {
      this.stop('the keychain helper answered with something that is not a response');
      return;
    }
    const call = this.pending.get(response.id);
    if (!call) return;
    this.settle(response.id, call);
    if (response.ok) call.resolve(response.value);
    else
      call.reject(
        new KeychainError(
          'refused',
          `${OPERATION_NAMES[call.op]} the key failed: the OS keychain refused: ${response.reason}`,
        ),
      );
  }

  private settle(id: number, call: PendingCall): void {
    clearTimeout(call.timer);
    this.pending.delete(id);
    if (this.pending.size === 0) this.idle();
  }

  // An idle helper must not keep a CLI process alive; a call in flight must.
  private idle(): void {
    this.child.unref();
    pipeOf(this.child.stdout).unref();
    pipeOf(this.child.stdin).unref();
  }

  private busy(): void {
    this.child.ref();
    pipeOf(this.child.stdout).ref();
    pipeOf(this.child.stdin).ref();
  }
}

export class KeychainClient implements KeyStore {
  private helper: RunningHelper | null = null;
  private nextId = 1;
  private readonly launch: HelperLaunch;
  private readonly timeoutMs: number;
  private readonly env: NodeJS.ProcessEnv;

  constructor(options: KeychainClientOptions = {}) {
    this.launch = options.launch ?? defaultHelperLaunch();
    this.timeoutMs = options.timeoutMs ?? DEFAULT_KEYCHAIN_TIMEOUT_MS;
    this.env = options.env ?? process.env;
  }

  async getPassword(service: string, account: string): Promise<string | null> {
    const value = await this.call({ id: this.nextId++, op: 'get', service, account });
    return typeof value === 'string' ? value : null;
  }

  async setPassword(service: string, account: string, password: string): Promise<void> {
    await this.call({ id: this.nextId++, op: 'set', service, account, password });
  }

  async deletePassword(service: string, account: string): Promise<boolean> {
    return (await this.call({ id: this.nextId++, op: 'delete', service, account })) === true;
  }

  /** Stops the helper (if running); a later call starts a new one. */
  close(): void {
    this.helper?.stop('the keychain client was closed');
  }

  /** The helper's pid, for tests that kill it. */
  get helperPid(): number | undefined {
    return this.helper?.child.pid;
  }

  /**
   * A helper that stops before answering (crashed, killed, or already dead
   * when the request was written) gets one more chance on a new helper:
   * every operation is idempotent. A timeout is not retried: the keychain
   * itself is stuck, and a new helper would wait just as long.
   */
  private async call(request: KeychainRequest): Promise<Value> {
    try {
      return await this.callOnce(request);
    } catch (error) {
      if (!(error instanceof KeychainError) || error.failure !== 'helper-stopped') throw error;
      return this.callOnce(request);
    }
  }

  private callOnce(request: KeychainRequest): Promise<Value> {
    const helper = this.running();
    return new Promise<Value>((resolve, reject) => {
      const timer = setTimeout(() => {
        helper.stop(
          `the OS keychain did not answer within ${this.timeoutMs} ms (a locked keyring waiting on an unlock prompt?); the helper was stopped and the next call starts a new one`,
          'timeout',
        );
      }, this.timeoutMs);
      helper.send(request, { op: request.op, resolve, reject, timer });
    });
  }

  private running(): RunningHelper {
    if (this.helper) return this.helper;
    const child = spawn(this.launch.command, this.launch.args, {
      cwd: this.launch.cwd,
      // Electron's binary runs the helper as plain Node; node ignores it.
      env: { ...this.env, ELECTRON_RUN_AS_NODE: '1' },
      stdio: ['pipe', 'pipe', 'ignore'],
    });
    this.helper = new RunningHelper(child, (stopped) => {
      if (this.helper === stopped) this.helper = null;
    });
    return this.helper;
  }
}
