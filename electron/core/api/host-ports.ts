/**
 * What the handler table needs from its host (the desktop app, the browser
 * bridge, the CLI) beyond the vault session: the host's name and version,
 * and the features that live outside the core or arrive in later work. A port
 * a host lacks is left out, and its channels answer `unsupported` in plain
 * words instead of failing in some stranger way.
 */
import type { ChannelResponse } from '@shared/contract';

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

export interface HostPorts {
  readonly mode: HostMode;
  /** The app's version, as `app.info` reports it. */
  readonly version: string;
  readonly clipboard?: ClipboardPort;
  readonly tray?: TrayPort;
}
