/**
 * Copying a secret, in main (the core's ClipboardPort): the renderer asks
 * for a bearer to be copied and never receives the token itself.
 *
 * The copy is marked as a password for clipboard managers where the
 * platform has a convention for it, in the same atomic write as the text
 * (macOS: org.nspasteboard.ConcealedType; KDE's Klipper and others:
 * x-kde-passwordManagerHint = secret; Windows: kept out of clipboard
 * history, cloud clipboard and monitors). After `clearAfterS` seconds the
 * clipboard is cleared, but only if it still holds what we put there: the
 * user's own later copy is never wiped. Only a hash of the secret is kept
 * for that comparison, not the secret.
 *
 * Electron 45: write/readText return promises; clear() does not.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { ClipboardPort } from '../core/api/host-ports';

/** The members of Electron's clipboard module used here. */
export interface ClipboardApi<Item> {
  write(items: Item[]): Promise<void>;
  writeText(text: string): Promise<void>;
  readText(): Promise<string>;
  clear(): void;
}

/** `(entries) => new ClipboardItem(entries)`, Electron's class. */
export type MakeClipboardItem<Item> = (entries: Record<string, string | Blob>) => Item;

const raw = (format: string) => `electron application/osclipboard;format="${format}"`;
const DWORD_ZERO = () => new Blob([new Uint8Array(4)]);

/** The formats that tell clipboard managers this text is a password, per platform. */
export function concealedFormats(platform: NodeJS.Platform): Record<string, string | Blob> {
  switch (platform) {
    case 'darwin':
      return { [raw('org.nspasteboard.ConcealedType')]: '' };
    case 'win32':
      return {
        [raw('ExcludeClipboardContentFromMonitorProcessing')]: '',
        [raw('CanIncludeInClipboardHistory')]: DWORD_ZERO(),
        [raw('CanUploadToCloudClipboard')]: DWORD_ZERO(),
      };
    case 'linux':
    case 'freebsd':
    case 'openbsd':
      return { [raw('x-kde-passwordManagerHint')]: 'secret' };
    default:
      return {};
  }
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

export interface SecretClipboardDeps<Item> {
  clipboard: ClipboardApi<Item>;
  makeItem: MakeClipboardItem<Item>;
  platform: NodeJS.Platform;
}

export class SecretClipboard<Item> implements ClipboardPort {
  /** The hash of what we copied last, while its clearing is due. */
  private pending: { hash: Buffer; timer: ReturnType<typeof setTimeout> } | null = null;

  constructor(private readonly deps: SecretClipboardDeps<Item>) {}

  async copySecret(text: string, clearAfterS: number | null): Promise<void> {
    const { clipboard, makeItem, platform } = this.deps;
    this.cancelPending();
    try {
      await clipboard.write([makeItem({ 'text/plain': text, ...concealedFormats(platform) })]);
    } catch {
      // A platform that refuses a raw format still gets the text, unmarked.
      await clipboard.writeText(text);
    }
    if (clearAfterS === null) return;
    const hash = digest(text);
    const timer = setTimeout(() => {
      void this.clearIfOurs(hash);
    }, clearAfterS * 1000);
    this.pending = { hash, timer };
  }

  /** On quit: a secret still waiting to be cleared is cleared now. */
  async clearNow(): Promise<void> {
    const pending = this.pending;
    this.cancelPending();
    if (pending !== null) await this.clearIfOurs(pending.hash);
  }

  private cancelPending(): void {
    if (this.pending !== null) clearTimeout(this.pending.timer);
    this.pending = null;
  }

  private async clearIfOurs(hash: Buffer): Promise<void> {
    if (this.pending?.hash === hash) this.pending = null;
    try {
      const now = digest(await this.deps.clipboard.readText());
      if (timingSafeEqual(now, hash)) this.deps.clipboard.clear();
    } catch {
      // Unreadable clipboard: leave it; clearing blind could wipe the user's own copy.
    }
  }
}
