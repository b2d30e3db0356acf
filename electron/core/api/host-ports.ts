/**
 * What the handler table needs from its host (the desktop app, the browser
 * bridge, the CLI) beyond the vault session: the host's name and version,
 * and the features that live outside the core or arrive in later work. A port
 * a host lacks is left out, and its channels answer `unsupported` in plain
 * words instead of failing in some stranger way.
 */
import type { ChannelResponse } from '@shared/contract';
import type { NamedPath } from './path-policy';

export type HostMode = ChannelResponse<'credvault:app.info'>['mode'];

/** The system clipboard, which only the desktop app's main process can drive. */
export interface ClipboardPort {
  /**
   * Puts `text` (a secret) on the clipboard and, after `clearAfterS` seconds,
   * clears it if the clipboard still holds that text (null: never clears).
   */
  copySecret(text: string, clearAfterS: number | null): Promise<void>;
}

/** The tray as data (what the icon, tooltip and menu show). */
export interface TrayPort {
  model(): Promise<ChannelResponse<'credvault:tray.get'>>;
}

/**
 * The user's say, asked outside the page, before a page's settings call adds
 * a path it may then use (a root, a key file, a workspace token file). The
 * question must come from the host (a terminal prompt, a native dialog),
 * never from the page: the page is who is asking.
 */
export interface ConfirmPort {
  /**
   * True when the user allowed adding `request.path` (absolute, resolved).
   * False on a refusal, no answer in time, or no one to ask; never throws
   * for those.
   */
  approvePath(request: NamedPath): Promise<boolean>;
}

export interface HostPorts {
  readonly mode: HostMode;
  /** The app's version, as `app.info` reports it. */
  readonly version: string;
  readonly clipboard?: ClipboardPort;
  readonly tray?: TrayPort;
  /** Without it, a page cannot add a path at all (the CLI still can). */
  readonly confirm?: ConfirmPort;
}
