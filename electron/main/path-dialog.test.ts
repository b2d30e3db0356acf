import { describe, expect, it } from 'vitest';
import { PathDialog, type PathDialogOptions } from './path-dialog';

/** A showMessageBox that records what it showed and answers `response` (or fails). */
function fakeDialog(answer: number | Error) {
  const shown: PathDialogOptions[] = [];
  const dialog = new PathDialog(async (options) => {
    shown.push(options);
    if (answer instanceof Error) throw answer;
    return { response: answer };
  });
  return { dialog, shown };
}

describe('PathDialog', () => {
  it('asks about the path, with Cancel as the default and the Escape answer', async () => {
    const { dialog, shown } = fakeDialog(0);
    expect(await dialog.approvePath({ kind: 'root', path: '/home/me/bearers' })).toBe(false);
    expect(shown).toHaveLength(1);
    const options = shown[0]!;
    expect(options.message).toBe('Add this bearer root?');
    expect(options.detail).toContain('/home/me/bearers');
    expect(options.buttons[options.defaultId]).toBe('Cancel');
    expect(options.buttons[options.cancelId]).toBe('Cancel');
  });

  it('approves only when Allow was clicked', async () => {
    expect(await fakeDialog(1).dialog.approvePath({ kind: 'keyFile', path: '/k' })).toBe(true);
    const { dialog, shown } = fakeDialog(2);
    expect(await dialog.approvePath({ kind: 'tokenFile', path: '/t' })).toBe(false);
    expect(shown[0]!.message).toBe('Add this workspace token file?');
  });

  it('refuses when the dialog cannot be shown', async () => {
    const { dialog } = fakeDialog(new Error('no display'));
    expect(await dialog.approvePath({ kind: 'root', path: '/r' })).toBe(false);
  });

  it('shows a path holding control or bidi characters escaped, not drawn', async () => {
    const { dialog, shown } = fakeDialog(0);
    const tricky = '/home/me/\u202Etxt.exe\nroot';
    await dialog.approvePath({ kind: 'root', path: tricky });
    const { detail } = shown[0]!;
    expect(detail).not.toContain('\u202E');
    expect(detail.split('\n\n')[0]).toBe('"/home/me/\\u202etxt.exe\\nroot"');
  });
});
