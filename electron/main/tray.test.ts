/**
 * The tray over the core's own tray model (sessionTray over fake bearers),
 * with time moved by a fake clock: as bearers cross their thresholds, the
 * vault's tray.changed events (sent here as the expiry scheduler would)
 * change the icon, the tooltip and the menu.
 */
import { describe, expect, it, vi } from 'vitest';
import { ContractError, type CredvaultClient, type EventName } from '@shared/contract';
import type { BearerSummaryWire } from '@shared/schemas/bearers';
import type { BearerRef } from '@shared/schemas/common';
import { sessionTray } from '../core/session/session-tray';
import { FakeClock } from '../../test-support/fake-clock';
import { trayIconFiles, trayMenu, VaultTray, type MenuEntry } from './tray';
import { TRAY_STATES } from '@shared/schemas/tray';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = '/home/u/.config/credvault/bearers';

function bearer(id: string, expiresAtUnix: number): BearerSummaryWire {
  return {
    root: ROOT,
    id,
    status: 'ok',
    expiresAtUnix,
    windowS: 300,
    error: null,
    warning: null,
    tokenKind: 'jwt',
    provider: 'idp',
    keepFresh: false,
    storage: 'plain',
    lastRefresh: null,
  } as BearerSummaryWire;
}

interface FakeTray {
  image: string | null;
  images: string[];
  tooltip: string;
  menu: MenuEntry[];
  listeners: Map<string, () => void>;
  destroyed: boolean;
}

function setUp(options: { refreshFails?: boolean } = {}) {
  const clock = new FakeClock(Date.UTC(2030, 0, 1, 12, 0, 0));
  const t0 = clock.nowUnix();
  const bearers = [bearer('agent-A', t0 + 600), bearer('agent-B', t0 + 7200)];
  const tray = sessionTray(
    { listBearers: async () => ({ bearers: [...bearers], rootErrors: [] }) },
    clock,
  );
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const refreshed: BearerRef[] = [];
  const client: Pick<CredvaultClient, 'call' | 'subscribe'> = {
    call: (async (channel: string, request: { ref: BearerRef }) => {
      if (channel === 'credvault:tray.get') return tray.model();
      if (channel === 'credvault:bearers.refresh') {
        if (options.refreshFails) {
          throw new ContractError({
            kind: 'network',
            message: 'the token endpoint did not answer',
            input: null,
          });
        }
        refreshed.push(request.ref);
        const index = bearers.findIndex((b) => b.id === request.ref.id);
        bearers[index] = bearer(request.ref.id, clock.nowUnix() + 3600);
        return {};
      }
      throw new Error(`unexpected ${channel}`);
    }) as CredvaultClient['call'],
    subscribe(event, listener) {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      set.add(listener as (payload: unknown) => void);
      return () => set.delete(listener as (payload: unknown) => void);
    },
  };
  const emit = (event: EventName, payload: unknown) => {
    for (const listener of listeners.get(event) ?? []) listener(payload);
  };
  const fake: FakeTray = {
    image: null,
    images: [],
    tooltip: '',
    menu: [],
    listeners: new Map(),
    destroyed: false,
  };
  const opened: Array<BearerRef | 'window'> = [];
  const failures: string[] = [];
  const quit = vi.fn();
  const vaultTray = new VaultTray<string, MenuEntry[]>({
    tray: {
      setImage: (image) => {
        fake.image = image;
        fake.images.push(image);
      },
      setToolTip: (text) => (fake.tooltip = text),
      setContextMenu: (menu) => (fake.menu = menu ?? []),
      on: (event, listener) => fake.listeners.set(event, listener),
      destroy: () => (fake.destroyed = true),
    },
    icon: (state) => `icon:${state}`,
    buildMenu: (entries) => entries,
    client,
    showBearer: (ref) => opened.push(ref),
    openWindow: () => opened.push('window'),
    quit,
    onRefreshFailed: (_ref, message) => failures.push(message),
  });
  /** Moves time on and announces the model, as the session's scheduler does on a crossing. */
  const crossAt = async (unix: number) => {
    clock.advanceTo(unix * 1000);
    emit('credvault:tray.changed', await tray.model());
  };
  const labels = () => fake.menu.map((entry) => entry.label ?? '---');
  const click = (entry: MenuEntry | undefined) => entry?.click?.();
  return { clock, t0, fake, vaultTray, crossAt, labels, opened, refreshed, failures, quit, click };
}

describe('the tray follows bearers across their thresholds', () => {
  it('starts from the model as it is now', async () => {
    const t = setUp();
    await t.vaultTray.start();
    expect(t.fake.image).toBe('icon:ok');
    expect(t.fake.tooltip).toBe('Credvault: 2 bearers, all fresh');
    expect(t.labels()).toEqual([
      '2 bearers, all fresh',
      '---',
      'Open Credvault',
      '---',
      'Quit Credvault',
    ]);
  });

  it('ok -> near expiry -> expired: icon, tooltip and menu change with each crossing', async () => {
    const t = setUp();
    await t.vaultTray.start();

    await t.crossAt(t.t0 + 300); // agent-A enters its 300 s window
    expect(t.fake.image).toBe('icon:near_expiry');
    expect(t.fake.tooltip).toBe('Credvault: 1 near expiry');
    expect(t.labels()).toEqual([
      'agent-A — expires in 5 min',
      '---',
      'Open Credvault',
      '---',
      'Quit Credvault',
    ]);

    await t.crossAt(t.t0 + 600); // agent-A expires
    expect(t.fake.image).toBe('icon:expired');
    expect(t.fake.tooltip).toBe('Credvault: 1 expired');
    expect(t.labels()[0]).toBe('agent-A — expired just now');

    await t.crossAt(t.t0 + 6900); // agent-B enters its window too
    expect(t.fake.image).toBe('icon:expired');
    expect(t.fake.tooltip).toBe('Credvault: 1 expired, 1 near expiry');
    expect(t.labels().slice(0, 2)).toEqual([
      'agent-A — expired 1 h 45 min ago',
      'agent-B — expires in 5 min',
    ]);
    expect(t.fake.images).toEqual(['icon:ok', 'icon:near_expiry', 'icon:expired']);
  });

  it('opening the menu (a click) asks again, so the time left is right then', async () => {
    const t = setUp();
    await t.vaultTray.start();
    await t.crossAt(t.t0 + 300);
    expect(t.labels()[0]).toBe('agent-A — expires in 5 min');
    t.clock.advance(180_000); // no crossing: no event
    t.fake.listeners.get('click')?.();
    await vi.waitFor(() => expect(t.labels()[0]).toBe('agent-A — expires in 2 min'));
  });

  it('Refresh in a bearer’s submenu refreshes it, and the tray turns ok again', async () => {
    const t = setUp();
    await t.vaultTray.start();
    await t.crossAt(t.t0 + 600);
    const agentA = t.fake.menu[0]!;
    expect(agentA.submenu?.map((entry) => entry.label)).toEqual(['Refresh', 'Show in Credvault']);
    t.click(agentA.submenu?.[0]);
    await vi.waitFor(() => expect(t.refreshed).toEqual([{ root: ROOT, id: 'agent-A' }]));
    await t.crossAt(t.clock.nowUnix()); // the session announces the change
    expect(t.fake.image).toBe('icon:ok');
  });

  it('a failed refresh is reported in the vault’s words', async () => {
    const t = setUp({ refreshFails: true });
    await t.vaultTray.start();
    await t.crossAt(t.t0 + 600);
    t.click(t.fake.menu[0]!.submenu?.[0]);
    await vi.waitFor(() => expect(t.failures).toEqual(['the token endpoint did not answer']));
  });

  it('Show, Open and Quit do what they say', async () => {
    const t = setUp();
    await t.vaultTray.start();
    await t.crossAt(t.t0 + 300);
    t.click(t.fake.menu[0]!.submenu?.[1]);
    t.click(t.fake.menu.find((entry) => entry.label === 'Open Credvault'));
    t.click(t.fake.menu.find((entry) => entry.label === 'Quit Credvault'));
    expect(t.opened).toEqual([{ root: ROOT, id: 'agent-A' }, 'window']);
    expect(t.quit).toHaveBeenCalledTimes(1);
  });

  it('until the vault answers (or if it cannot), the tray still offers Open and Quit', async () => {
    const t = setUp();
    const start = t.vaultTray.start(); // the vault's answer is still on its way
    expect(t.fake.tooltip).toBe('Credvault');
    expect(t.labels()).toEqual(['Open Credvault', '---', 'Quit Credvault']);
    await start;
    expect(t.fake.tooltip).toBe('Credvault: 2 bearers, all fresh');
  });

  it('dispose stops following and removes the icon', async () => {
    const t = setUp();
    await t.vaultTray.start();
    t.vaultTray.dispose();
    expect(t.fake.destroyed).toBe(true);
    await t.crossAt(t.t0 + 300);
    expect(t.fake.image).toBe('icon:ok');
  });
});

describe('trayMenu', () => {
  it('says how many more bearers are due than it names', () => {
    const items = Array.from({ length: 2 }, (_, i) => ({
      ref: { root: ROOT, id: `b${i}` },
      status: 'expired' as const,
      expiresAtUnix: 1,
      label: `b${i} — expired`,
    }));
    const menu = trayMenu(
      {
        state: 'expired',
        counts: { expired: 5, nearExpiry: 0, attention: 0, ok: 0 },
        tooltip: 'Credvault: 5 expired',
        items,
      },
      { refresh: vi.fn(), showBearer: vi.fn(), openWindow: vi.fn(), quit: vi.fn() },
    );
    expect(menu.map((entry) => entry.label ?? '---')).toEqual([
      'b0 — expired',
      'b1 — expired',
      'and 3 more',
      '---',
      'Open Credvault',
      '---',
      'Quit Credvault',
    ]);
  });
});

describe('trayIconFiles', () => {
  it('uses template images on macOS, 16/32 px on Windows, 22 px on Linux', () => {
    expect(trayIconFiles('darwin', 'ok')).toEqual([
      { file: 'tray-okTemplate.png', scaleFactor: 1 },
      { file: 'tray-okTemplate@2x.png', scaleFactor: 2 },
    ]);
    expect(trayIconFiles('win32', 'expired').map((f) => f.file)).toEqual([
      'tray-expired-16.png',
      'tray-expired-32.png',
    ]);
    expect(trayIconFiles('linux', 'near_expiry')).toEqual([
      { file: 'tray-near_expiry-22.png', scaleFactor: 1 },
    ]);
  });

  it('names only files that exist, for every state and platform', () => {
    const dir = join(__dirname, 'tray-icons');
    for (const platform of ['darwin', 'win32', 'linux'] as const) {
      for (const state of TRAY_STATES) {
        for (const { file } of trayIconFiles(platform, state)) {
          expect(existsSync(join(dir, file)), file).toBe(true);
        }
      }
    }
  });
});
