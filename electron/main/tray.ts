/**
 * The tray icon, drawn from the core's tray model (`credvault:tray.get`,
 * and `credvault:tray.changed` whenever a bearer crosses a threshold): the
 * icon for the worst state, the counts as tooltip, and a menu of the
 * bearers near or past expiry, each with Refresh, then Open and Quit.
 *
 * The model is asked for again whenever the icon is clicked, so the time
 * left in the menu's labels is right when the menu opens, not when the last
 * event came (on Linux the menu opens with no click event, so there the
 * labels are as of the last change).
 */
import type { CredvaultClient, Unsubscribe } from '@shared/contract';
import { ContractError } from '@shared/contract';
import type { BearerRef } from '@shared/schemas/common';
import { moreItemsLabel, type TrayModel } from '../core/session/tray-model';
import type { TrayState } from './tray-icons/draw-icon';

/** A menu entry, as Electron's Menu.buildFromTemplate takes it. */
export interface MenuEntry {
  label?: string;
  type?: 'normal' | 'separator';
  enabled?: boolean;
  toolTip?: string;
  click?: () => void;
  submenu?: MenuEntry[];
}

export interface TrayActions {
  refresh(ref: BearerRef): void;
  showBearer(ref: BearerRef): void;
  openWindow(): void;
  quit(): void;
}

/** The menu for a model: its bearers with Refresh and Show, then Open and Quit. */
export function trayMenu(model: TrayModel, actions: TrayActions): MenuEntry[] {
  const entries: MenuEntry[] = [];
  if (model.items.length === 0) {
    entries.push({ label: model.tooltip.replace(/^Credvault: /, ''), enabled: false });
  }
  for (const item of model.items) {
    entries.push({
      label: item.label,
      submenu: [
        { label: 'Refresh', click: () => actions.refresh(item.ref) },
        { label: 'Show in Credvault', click: () => actions.showBearer(item.ref) },
      ],
    });
  }
  const more = moreItemsLabel(model);
  if (more !== null) entries.push({ label: more, enabled: false });
  entries.push(
    { type: 'separator' },
    { label: 'Open Credvault', click: () => actions.openWindow() },
    { type: 'separator' },
    { label: 'Quit Credvault', click: () => actions.quit() },
  );
  return entries;
}

/** The icon files for a state on a platform, with the scale each is drawn for. */
export function trayIconFiles(
  platform: NodeJS.Platform,
  state: TrayState,
): { file: string; scaleFactor: number }[] {
  if (platform === 'darwin') {
    // Template images: macOS tints them for a light or dark menu bar.
    return [
      { file: `tray-${state}Template.png`, scaleFactor: 1 },
      { file: `tray-${state}Template@2x.png`, scaleFactor: 2 },
    ];
  }
  if (platform === 'win32') {
    return [
      { file: `tray-${state}-16.png`, scaleFactor: 1 },
      { file: `tray-${state}-32.png`, scaleFactor: 2 },
    ];
  }
  // Linux panels (GNOME's AppIndicator, KDE, XFCE) draw tray icons at 22 px.
  return [{ file: `tray-${state}-22.png`, scaleFactor: 1 }];
}

/** The members of Electron's Tray used here. */
export interface TrayHandle<Image, Menu> {
  setImage(image: Image): void;
  setToolTip(text: string): void;
  setContextMenu(menu: Menu | null): void;
  on(event: 'click' | 'right-click', listener: () => void): unknown;
  destroy(): void;
}

export interface VaultTrayDeps<Image, Menu> {
  tray: TrayHandle<Image, Menu>;
  /** The image for a state (loaded once per state by the caller). */
  icon(state: TrayState): Image;
  /** Electron's Menu.buildFromTemplate. */
  buildMenu(entries: MenuEntry[]): Menu;
  client: Pick<CredvaultClient, 'call' | 'subscribe'>;
  showBearer(ref: BearerRef): void;
  openWindow(): void;
  quit(): void;
  /** A refresh from the menu failed: the vault's words (never a secret). */
  onRefreshFailed(ref: BearerRef, message: string): void;
}

export class VaultTray<Image, Menu> {
  private stop: Unsubscribe | null = null;
  private shownState: TrayState | null = null;
  /** Answers from tray.get arrive out of order; only the latest request's counts. */
  private asked = 0;

  constructor(private readonly deps: VaultTrayDeps<Image, Menu>) {}

  /** Shows the model now and follows it until `dispose()`. */
  async start(): Promise<void> {
    this.stop = this.deps.client.subscribe('credvault:tray.changed', (model) => {
      this.asked += 1; // An event is newer than any answer still on its way.
      this.render(model);
    });
    const reload = () => void this.reload();
    this.deps.tray.on('click', reload);
    this.deps.tray.on('right-click', reload);
    // Until the vault answers (or if it cannot), the icon still opens the app and quits.
    this.deps.tray.setToolTip('Credvault');
    this.deps.tray.setContextMenu(this.deps.buildMenu(this.fixedEntries()));
    await this.reload();
  }

  /** Asks the vault for the model as of now and shows it. */
  async reload(): Promise<void> {
    const ticket = ++this.asked;
    try {
      const model = await this.deps.client.call('credvault:tray.get', {});
      if (ticket === this.asked) this.render(model);
    } catch {
      // The icon keeps what it showed; the next event brings it up to date.
    }
  }

  private fixedEntries(): MenuEntry[] {
    return [
      { label: 'Open Credvault', click: () => this.deps.openWindow() },
      { type: 'separator' },
      { label: 'Quit Credvault', click: () => this.deps.quit() },
    ];
  }

  render(model: TrayModel): void {
    const { tray } = this.deps;
    if (model.state !== this.shownState) {
      tray.setImage(this.deps.icon(model.state));
      this.shownState = model.state;
    }
    tray.setToolTip(model.tooltip);
    tray.setContextMenu(
      this.deps.buildMenu(
        trayMenu(model, {
          refresh: (ref) => void this.refresh(ref),
          showBearer: (ref) => this.deps.showBearer(ref),
          openWindow: () => this.deps.openWindow(),
          quit: () => this.deps.quit(),
        }),
      ),
    );
  }

  private async refresh(ref: BearerRef): Promise<void> {
    try {
      await this.deps.client.call('credvault:bearers.refresh', { ref });
    } catch (error) {
      const message =
        error instanceof ContractError ? error.message : 'the refresh failed for an unknown reason';
      this.deps.onRefreshFailed(ref, message);
    }
  }

  dispose(): void {
    this.stop?.();
    this.stop = null;
    this.deps.tray.destroy();
  }
}
