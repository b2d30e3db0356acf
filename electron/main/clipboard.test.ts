import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { markedSecret } from '../../test-support/leak-marker';
import { concealedFormats, SecretClipboard } from './clipboard';

interface Item {
  entries: Record<string, string | Blob>;
}

/** The system clipboard: one text, with whatever formats came with it. */
function fakeClipboard(options: { refuseRaw?: boolean } = {}) {
  const state = { text: '', formats: {} as Record<string, string | Blob>, clears: 0 };
  const clipboard = {
    state,
    async write(items: Item[]) {
      const entries = items[0]!.entries;
      if (options.refuseRaw && Object.keys(entries).some((k) => k.includes('osclipboard'))) {
        throw new Error('unsupported format');
      }
      state.text = String(entries['text/plain'] ?? '');
      state.formats = entries;
    },
    async writeText(text: string) {
      state.text = text;
      state.formats = { 'text/plain': text };
    },
    async readText() {
      return state.text;
    },
    clear() {
      state.text = '';
      state.formats = {};
      state.clears += 1;
    },
    /** The user copies something else. */
    userCopies(text: string) {
      state.text = text;
      state.formats = { 'text/plain': text };
    },
  };
  return clipboard;
}

function setUp(platform: NodeJS.Platform = 'linux', options: { refuseRaw?: boolean } = {}) {
  const clipboard = fakeClipboard(options);
  const secretClipboard = new SecretClipboard<Item>({
    clipboard,
    makeItem: (entries) => ({ entries }),
    platform,
  });
  return { clipboard, secretClipboard };
}

/** Advances fake time and lets the clearing's readText settle. */
async function after(seconds: number) {
  await vi.advanceTimersByTimeAsync(seconds * 1000);
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('SecretClipboard', () => {
  it('clears the clipboard after N seconds when it still holds the secret', async () => {
    const { clipboard, secretClipboard } = setUp();
    const token = markedSecret('token');
    await secretClipboard.copySecret(token, 30);
    expect(clipboard.state.text).toBe(token);
    await after(29.9);
    expect(clipboard.state.text).toBe(token);
    await after(0.1);
    expect(clipboard.state.text).toBe('');
    expect(clipboard.state.clears).toBe(1);
  });

  it('leaves the user’s own later copy alone', async () => {
    const { clipboard, secretClipboard } = setUp();
    await secretClipboard.copySecret(markedSecret('token'), 30);
    await after(10);
    clipboard.userCopies('a line of the user’s own');
    await after(30);
    expect(clipboard.state.text).toBe('a line of the user’s own');
    expect(clipboard.state.clears).toBe(0);
  });

  it('never clears when told not to (clearAfterS null)', async () => {
    const { clipboard, secretClipboard } = setUp();
    const token = markedSecret('token');
    await secretClipboard.copySecret(token, null);
    await after(3600);
    expect(clipboard.state.text).toBe(token);
  });

  it('a second copy takes over: cleared on its own schedule, not the first one’s', async () => {
    const { clipboard, secretClipboard } = setUp();
    await secretClipboard.copySecret(markedSecret('first'), 30);
    await after(20);
    const second = markedSecret('second');
    await secretClipboard.copySecret(second, 30);
    await after(15);
    expect(clipboard.state.text).toBe(second);
    await after(15);
    expect(clipboard.state.text).toBe('');
  });

  it('clearNow (on quit) clears a secret still due, and only if unchanged', async () => {
    const { clipboard, secretClipboard } = setUp();
    await secretClipboard.copySecret(markedSecret('token'), 30);
    await secretClipboard.clearNow();
    expect(clipboard.state.text).toBe('');
    await secretClipboard.copySecret(markedSecret('token'), 30);
    clipboard.userCopies('mine');
    await secretClipboard.clearNow();
    expect(clipboard.state.text).toBe('mine');
  });

  it('marks the copy as a password for clipboard managers, in the same write', async () => {
    const { clipboard, secretClipboard } = setUp('linux');
    const token = markedSecret('token');
    await secretClipboard.copySecret(token, 30);
    expect(clipboard.state.formats).toEqual({
      'text/plain': token,
      'electron application/osclipboard;format="x-kde-passwordManagerHint"': 'secret',
    });
  });

  it('still copies, unmarked, where the platform refuses the marker', async () => {
    const { clipboard, secretClipboard } = setUp('linux', { refuseRaw: true });
    const token = markedSecret('token');
    await secretClipboard.copySecret(token, 30);
    expect(clipboard.state.text).toBe(token);
    await after(30);
    expect(clipboard.state.text).toBe('');
  });
});

describe('concealedFormats', () => {
  it('uses each platform’s convention', async () => {
    expect(Object.keys(concealedFormats('darwin'))).toEqual([
      'electron application/osclipboard;format="org.nspasteboard.ConcealedType"',
    ]);
    const windows = concealedFormats('win32');
    expect(Object.keys(windows)).toEqual([
      'electron application/osclipboard;format="ExcludeClipboardContentFromMonitorProcessing"',
      'electron application/osclipboard;format="CanIncludeInClipboardHistory"',
      'electron application/osclipboard;format="CanUploadToCloudClipboard"',
    ]);
    const dword = windows['electron application/osclipboard;format="CanIncludeInClipboardHistory"'];
    expect(new Uint8Array(await (dword as Blob).arrayBuffer())).toEqual(new Uint8Array(4));
    expect(concealedFormats('aix')).toEqual({});
  });
});
