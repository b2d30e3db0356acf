/**
 * Paths a page may name. The CLI runs with its user's own hands on the
 * keyboard and may name any root, key file or token file. A renderer (the
 * desktop window over IPC, a page over the browser bridge) is a web page:
 * if it is ever compromised, a free choice of path would let it read any
 * small file as a "token file" or write one (a shell start-up script, say).
 * So a call from a renderer may name only what the settings already list:
 * configured bearer roots, the vault's own key file and the configured key
 * files, the configured workspace token files.
 *
 * The table is a mapped type over every channel, so a channel added to the
 * contract without saying which paths it carries is a compile error.
 *
 * The settings calls that add a path to those lists are gated separately:
 * a page may ask, but the host asks the user outside the page
 * (path-approval.ts).
 */
import { resolve } from 'node:path';
import { ContractError, type ChannelName, type ParsedRequest } from '@shared/contract';
import type { Settings } from '@shared/schemas/settings';
import { vaultPaths } from '../vault-paths';
import type { VaultSession } from '../session/session-api';
import type { CallerInfo, HandlerTable } from './handler-table';

export type PathKind = 'root' | 'keyFile' | 'tokenFile';
export interface NamedPath {
  kind: PathKind;
  path: string;
}

type PathsOf = { readonly [C in ChannelName]: (request: ParsedRequest<C>) => NamedPath[] };

const none = (): NamedPath[] => [];
const root = (path: string): NamedPath => ({ kind: 'root', path });
const ofRef = (request: { ref: { root: string } }) => [root(request.ref.root)];
const ofKeyFile = (request: { file?: string | undefined }) =>
  request.file === undefined ? [] : [{ kind: 'keyFile' as const, path: request.file }];

export const PATHS_OF: PathsOf = {
  'credvault:bearers.list': (request) => (request.roots ?? []).map(root),
  'credvault:bearers.show': ofRef,
  'credvault:bearers.reveal': ofRef,
  'credvault:bearers.token': ofRef,
  'credvault:bearers.put': ofRef,
  'credvault:bearers.remove': ofRef,
  'credvault:bearers.link': ofRef,
  'credvault:bearers.refresh': ofRef,
  'credvault:bearers.checkSv': ofRef,
  'credvault:bearers.setKeepFresh': ofRef,
  'credvault:inspect.run': (request) =>
    request.source.kind === 'bearer' ? [root(request.source.ref.root)] : [],
  'credvault:keys.list': ofKeyFile,
  'credvault:keys.mint': ofKeyFile,
  'credvault:keys.validate': ofKeyFile,
  'credvault:keys.revoke': ofKeyFile,
  'credvault:workspace.list': none,
  'credvault:workspace.reveal': (request) => [{ kind: 'tokenFile', path: request.path }],
  'credvault:workspace.set': (request) => [{ kind: 'tokenFile', path: request.path }],
  'credvault:providers.list': none,
  'credvault:providers.add': none,
  'credvault:providers.edit': none,
  'credvault:providers.remove': none,
  'credvault:providers.token': (request) =>
    request.storeAs === undefined ? [] : [root(request.storeAs.root)],
  'credvault:settings.get': none,
  'credvault:settings.update': none,
  'credvault:settings.addRoot': none,
  'credvault:settings.updateRoot': none,
  'credvault:settings.removeRoot': none,
  'credvault:keychain.status': none,
  'credvault:keychain.enable': (request) => [root(request.root)],
  'credvault:keychain.disable': (request) => [root(request.root)],
  'credvault:keychain.retry': none,
  'credvault:tray.get': none,
  'credvault:app.resume': none,
  'credvault:app.info': none,
  'credvault:clipboard.copyBearer': ofRef,
};

export const WHAT: Record<PathKind, string> = {
  root: 'bearer root',
  keyFile: 'key file',
  tokenFile: 'workspace token file',
};

/** Whether a caller is a page rather than the user's own command line. */
export function isRenderer(caller: CallerInfo): boolean {
  return caller.transport === 'ipc' || caller.transport === 'web';
}

/** The paths a page may name today, resolved. */
export function allowedPaths(settings: Settings, home: string): Record<PathKind, Set<string>> {
  return {
    root: new Set(settings.roots.map((entry) => resolve(entry.path))),
    keyFile: new Set(
      [vaultPaths(home).defaultKeyFile, ...settings.keyFiles].map((p) => resolve(p)),
    ),
    tokenFile: new Set(settings.tokenFiles.map((p) => resolve(p))),
  };
}

/** Refuses a renderer's call naming a path the settings do not list; other callers pass. */
export async function checkPaths<C extends ChannelName>(
  session: VaultSession,
  channel: C,
  request: ParsedRequest<C>,
  caller: CallerInfo,
): Promise<void> {
  if (!isRenderer(caller)) return;
  const named = PATHS_OF[channel](request);
  if (named.length === 0) return;
  const allowed = allowedPaths(await session.getSettings({}), session.home);
  for (const { kind, path } of named) {
    if (!allowed[kind].has(resolve(path))) {
      // The path is not quoted: a page's payload is never echoed (it may hold anything).
      throw new ContractError({
        kind: 'forbidden',
        message: `the ${WHAT[kind]} named is not a configured one; add it in Settings first`,
        input: null,
      });
    }
  }
}

/** The same table, with every handler checking its paths first. */
export function confinePaths(table: HandlerTable, session: VaultSession): HandlerTable {
  const confined: Record<string, unknown> = {};
  for (const channel of Object.keys(table) as ChannelName[]) {
    const inner = table[channel] as (request: unknown, caller: CallerInfo) => Promise<unknown>;
    confined[channel] = async (request: unknown, caller: CallerInfo) => {
      await checkPaths(session, channel, request as ParsedRequest<typeof channel>, caller);
      return inner(request, caller);
    };
  }
  return confined as unknown as HandlerTable;
}
