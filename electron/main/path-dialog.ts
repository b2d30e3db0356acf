/**
 * The desktop app's ConfirmPort: when the window's settings call would add
 * a path (a bearer root, a key file, a workspace token file), the user is
 * asked in a native dialog, which the page can neither draw nor click.
 * Cancel is the default and what Escape or closing the dialog answers; only
 * Allow approves. The path is shown through `pathForPrompt`, so control
 * and bidi characters in it cannot make it read as another path.
 */
import type { ConfirmPort } from '../core/api/host-ports';
import { pathForPrompt } from '../core/api/path-approval';
import { WHAT, type NamedPath } from '../core/api/path-policy';

/** The members of Electron's MessageBoxOptions used here. */
export interface PathDialogOptions {
  type: 'question';
  title: string;
  message: string;
  detail: string;
  buttons: string[];
  defaultId: number;
  cancelId: number;
  /** Windows: real buttons, not command links that restyle the labels. */
  noLink: true;
}

/** Electron's `dialog.showMessageBox` (on the window, when there is one). */
export type ShowMessageBox = (options: PathDialogOptions) => Promise<{ response: number }>;

const CANCEL = 0;
const ALLOW = 1;

export function pathDialogOptions(request: NamedPath): PathDialogOptions {
  return {
    type: 'question',
    title: 'Credvault',
    message: `Add this ${WHAT[request.kind]}?`,
    detail:
      `${pathForPrompt(request.path)}\n\n` +
      'The Credvault window asks to add it, and can then read and write there. ' +
      'Allow it only if you just asked for it yourself.',
    buttons: ['Cancel', 'Allow'],
    defaultId: CANCEL,
    cancelId: CANCEL,
    noLink: true,
  };
}

export class PathDialog implements ConfirmPort {
  constructor(private readonly showMessageBox: ShowMessageBox) {}

  async approvePath(request: NamedPath): Promise<boolean> {
    try {
      const { response } = await this.showMessageBox(pathDialogOptions(request));
      return response === ALLOW;
    } catch {
      // A dialog that could not be shown is no approval.
      return false;
    }
  }
}
