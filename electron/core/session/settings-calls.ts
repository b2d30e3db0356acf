/**
 * Settings as the front ends change them: the plain fields in one patch, and
 * bearer roots one at a time. Every change goes through the settings file's
 * lock and is announced with `credvault:settings.changed` (the bearer sources
 * start or stop a root's watch on it).
 */
import { readdirSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { DEFAULT_WINDOW_S, type RootSettings, type Settings } from '@shared/schemas/settings';
import { VaultError, environmentError } from '../errors';
import type { SessionContext } from './session-context';
import type { SettingsCalls } from './session-api';

/**
 * Whether `root` already holds bearers, that is, whether some other program
 * writes it: a folder that does not exist yet holds none.
 */
function holdsBearers(root: string): boolean {
  let names: string[];
  try {
    if (!statSync(root).isDirectory())
      throw new VaultError('bad-input', `${root} is not a folder; a bearer root must be one`);
    names = readdirSync(root);
  } catch (error) {
    if (error instanceof VaultError) throw error;
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw environmentError('read the bearer root', root, error);
  }
  return names.some((name) => !name.startsWith('.'));
}

function findRoot(settings: Settings, path: string): RootSettings {
  const root = settings.roots.find((candidate) => candidate.path === path);
  if (root === undefined)
    throw new VaultError('not-found', `${path} is not a configured bearer root`);
  return root;
}

export function createSettingsCalls(context: SessionContext): SettingsCalls {
  const { settings, events } = context;
  const announce = (next: Settings): Settings => {
    events.emit('credvault:settings.changed', next);
    return next;
  };

  return {
    getSettings: async () => settings.read(),

    updateSettings: async (patch) =>
      announce(
        await settings.update((current) => ({
          ...current,
          ...(patch.keyFiles === undefined
            ? {}
            : { keyFiles: patch.keyFiles.map((path) => resolve(path)) }),
          ...(patch.tokenFiles === undefined
            ? {}
            : { tokenFiles: patch.tokenFiles.map((path) => resolve(path)) }),
          notifications: { ...current.notifications, ...patch.notifications },
          clipboard: { ...current.clipboard, ...patch.clipboard },
          ...(patch.theme === undefined ? {} : { theme: patch.theme }),
          app: { ...current.app, ...patch.app },
        })),
      ),

    addRoot: async (request) => {
      const path = resolve(request.path);
      // Looked at before the lock: it reads the root, which may be slow or
      // remote, and the answer is a default the caller can override anyway.
      const shared = request.shared ?? holdsBearers(path);
      return announce(
        await settings.update((current) => {
          if (current.roots.some((root) => root.path === path))
            throw new VaultError('bad-input', `${path} is already a configured bearer root`);
          const added: RootSettings = {
            path,
            windowS: request.windowS ?? DEFAULT_WINDOW_S,
            shared,
            keepFresh: false,
            encrypted: false,
          };
          return { ...current, roots: [...current.roots, added] };
        }),
      );
    },

    updateRoot: async (request) => {
      const path = resolve(request.path);
      return announce(
        await settings.update((current) => {
          const root = findRoot(current, path);
          const changed: RootSettings = {
            ...root,
            ...(request.windowS === undefined ? {} : { windowS: request.windowS }),
            ...(request.shared === undefined ? {} : { shared: request.shared }),
            ...(request.keepFresh === undefined ? {} : { keepFresh: request.keepFresh }),
          };
          return {
            ...current,
            roots: current.roots.map((candidate) => (candidate === root ? changed : candidate)),
          };
        }),
      );
    },

    removeRoot: async (request) => {
      const path = resolve(request.path);
      if (path === context.sources.defaultRoot)
        throw new VaultError(
          'bad-input',
          `${path} is the vault's default bearer root, which cannot be removed`,
        );
      return announce(
        await settings.update((current) => {
          findRoot(current, path);
          return {
            ...current,
            roots: current.roots.filter((root) => root.path !== path),
            // Keep-fresh marks of a root that is no longer served would act on nothing.
            keepFreshBearers: current.keepFreshBearers.filter((ref) => ref.root !== path),
          };
        }),
      );
    },
  };
}
