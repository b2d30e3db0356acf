/**
 * Browser mode's ConfirmPort: a page's request to add a path is asked in
 * the terminal running `credvault ui`, the one place a page cannot reach.
 * The question goes to stderr; the next line read from stdin answers it
 * (`y` or `yes` allows; anything else, an empty line included, refuses).
 * While a question is pending a line is its answer, never a request for a
 * new sign-in link.
 *
 * Questions are asked one at a time, in order. Each is refused when no
 * answer comes in time (a page must not hold a call, or a question, open
 * for ever), and all of them when stdin ends: no one is there to answer.
 */
import type { ConfirmPort } from '../core/api/host-ports';
import { pathForPrompt } from '../core/api/path-approval';
import { WHAT, type NamedPath } from '../core/api/path-policy';

export const APPROVAL_TIMEOUT_MS = 120_000;

export interface TerminalApprovalOptions {
  /** Writes to the terminal (stderr). */
  say(text: string): void;
  timeoutMs?: number;
}

interface Question {
  readonly text: string;
  readonly settle: (allowed: boolean) => void;
}

export class TerminalApproval implements ConfirmPort {
  private readonly queue: Question[] = [];
  private closed = false;

  constructor(private readonly options: TerminalApprovalOptions) {}

  approvePath(request: NamedPath): Promise<boolean> {
    if (this.closed) return Promise.resolve(false);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        const waited = Math.round((this.options.timeoutMs ?? APPROVAL_TIMEOUT_MS) / 1000);
        this.drop(question, false, `credvault: no answer in ${waited} s: refused\n`);
      }, this.options.timeoutMs ?? APPROVAL_TIMEOUT_MS);
      const question: Question = {
        text:
          `credvault: the page asks to add the ${WHAT[request.kind]} ` +
          `${pathForPrompt(request.path)}. Allow? [y/N] `,
        settle: (allowed) => {
          clearTimeout(timer);
          resolve(allowed);
        },
      };
      this.queue.push(question);
      if (this.queue.length === 1) this.options.say(question.text);
    });
  }

  /** A line read from stdin: true when it answered a pending question. */
  answer(line: string): boolean {
    const question = this.queue[0];
    if (question === undefined) return false;
    const allowed = /^\s*y(es)?\s*$/i.test(line);
    this.drop(question, allowed, allowed ? 'credvault: allowed\n' : 'credvault: refused\n');
    return true;
  }

  /** stdin ended, or browser mode is stopping: every question is refused, now and later. */
  close(): void {
    this.closed = true;
    for (const question of this.queue.splice(0)) question.settle(false);
  }

  /** Settles `question`; when it was the one shown, says how and shows the next. */
  private drop(question: Question, allowed: boolean, outcome: string): void {
    const at = this.queue.indexOf(question);
    if (at === -1) return;
    this.queue.splice(at, 1);
    if (at === 0) {
      this.options.say(outcome);
      const next = this.queue[0];
      if (next !== undefined) this.options.say(next.text);
    }
    question.settle(allowed);
  }
}
