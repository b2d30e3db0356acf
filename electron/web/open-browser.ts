/**
 * Opens a URL in the user's default browser, best effort: the platform's own
 * opener, started with an argument array (never a shell string, so nothing
 * in the URL is ever interpreted), detached (Ctrl-C in our terminal must not
 * close the browser) and with every error ignored (the URL is printed anyway).
 *
 * On Linux without a display (an SSH session) nothing is started: xdg-open
 * would fall back to a text browser that takes over the terminal.
 */
import { spawn } from 'node:child_process';

export interface Opener {
  readonly command: string;
  readonly args: readonly string[];
}

export function openerFor(
  url: string,
  platform: NodeJS.Platform,
  env: Record<string, string | undefined>,
): Opener | null {
  if (platform === 'darwin') return { command: 'open', args: [url] };
  // `start` is a cmd.exe built-in that re-parses its line; rundll32 takes the URL as it is.
  if (platform === 'win32')
    return { command: 'rundll32', args: ['url.dll,FileProtocolHandler', url] };
  if (!env.DISPLAY && !env.WAYLAND_DISPLAY) return null;
  return { command: 'xdg-open', args: [url] };
}

/** Whether an opener was started (not whether a browser came up). */
export function openInBrowser(
  url: string,
  platform: NodeJS.Platform = process.platform,
  env: Record<string, string | undefined> = process.env,
): boolean {
  const opener = openerFor(url, platform, env);
  if (opener === null) return false;
  try {
    const child = spawn(opener.command, [...opener.args], {
      detached: true,
      stdio: 'ignore',
      shell: false,
    });
    child.on('error', () => {
      // No opener installed: the printed URL is the way in.
    });
    child.unref();
    return true;
  } catch {
    return false;
  }
}
