/**
 * Paths a page may add. path-policy.ts lets a page name only the configured
 * roots, key files and token files; the settings calls that configure them
 * are the way around that, unless they are gated too. A compromised page
 * that could add `~/.bashrc` as a token file and then write it would run
 * code as the user. So when a renderer's settings call adds a path not
 * configured yet, the host asks the user outside the page (ConfirmPort: a
 * terminal prompt in `credvault ui`, a dialog in the desktop app). No port,
 * a refusal or no answer: the call is refused and nothing is written.
 * Removing a path, or naming one already configured, asks nothing.
 *
 * The CLI (its user's own hands) and the host's trusted calls are never asked.
 *
 * The table is a mapped type over every channel, so a channel added to the
 * contract without saying which paths it adds is a compile error.
 */
import { resolve } from 'node:path';
import { ContractError, type ChannelName, type ParsedRequest } from '@shared/contract';
import type { VaultSession } from '../session/session-api';
import type { CallerInfo, HandlerTable } from './handler-table';
import type { ConfirmPort } from './host-ports';
import { allowedPaths, isRenderer, WHAT, type NamedPath, type PathKind } from './path-policy';

/** What the settings already allow, by kind (resolved paths). */
type Allowed = Record<PathKind, ReadonlySet<string>>;

/** null: the channel adds no path (and the settings are not even read for it). */
type AddedPathsOf = {
  readonly [C in ChannelName]:
    ((request: ParsedRequest<C>, allowed: Allowed) => NamedPath[]) | null;
};

const none = null;

/** The paths of `kind` among `paths` that are not allowed yet, resolved, once each. */
function added(kind: PathKind, paths: readonly string[] | undefined, allowed: Allowed) {
  const fresh = new Set((paths ?? []).map((path) => resolve(path)));
  return [...fresh].filter((path) => !allowed[kind].has(path)).map((path) => ({ kind, path }));
}

export const ADDED_PATHS_OF: AddedPathsOf = {
  'credvault:settings.update': (request, allowed) => [
    ...added('keyFile', request.keyFiles, allowed),
    ...added('tokenFile', request.tokenFiles, allowed),
  ],
  'credvault:settings.addRoot': (request, allowed) => added('root', [request.path], allowed),
  // Changes a configured root only (an unknown one is not found).
  'credvault:settings.updateRoot': none,
  'credvault:settings.removeRoot': none,
  'credvault:settings.get': none,
  'credvault:bearers.list': none,
  'credvault:bearers.show': none,
  'credvault:bearers.reveal': none,
  'credvault:bearers.token': none,
  'credvault:bearers.put': none,
  'credvault:bearers.remove': none,
  'credvault:bearers.link': none,
  'credvault:bearers.refresh': none,
  'credvault:bearers.checkSv': none,
  'credvault:bearers.setKeepFresh': none,
  'credvault:inspect.run': none,
  'credvault:keys.list': none,
  'credvault:keys.mint': none,
  'credvault:keys.validate': none,
  'credvault:keys.revoke': none,
  'credvault:workspace.list': none,
  'credvault:workspace.reveal': none,
  'credvault:workspace.set': none,
  'credvault:providers.list': none,
  'credvault:providers.add': none,
  'credvault:providers.edit': none,
  'credvault:providers.remove': none,
  'credvault:providers.token': none,
  'credvault:keychain.status': none,
  'credvault:keychain.enable': none,
  'credvault:keychain.disable': none,
  'credvault:keychain.retry': none,
  'credvault:tray.get': none,
  'credvault:app.resume': none,
  'credvault:app.info': none,
  'credvault:clipboard.copyBearer': none,
};

/**
 * A path as a prompt or a dialog shows it: as is when it is plain, quoted
 * with escapes when it holds anything that could redraw a terminal line or
 * reorder the text around it (control, format and bidi characters), so
 * the user approves the path that will be stored, not one drawn over it.
 */
export function pathForPrompt(path: string): string {
  const hidden = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}"\\]/u;
  if (!hidden.test(path)) return path;
  return JSON.stringify(path).replace(
    /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu,
    (char) => `\\u${char.codePointAt(0)!.toString(16).padStart(4, '0')}`,
  );
}

function refused(kind: PathKind, confirm: ConfirmPort | undefined): ContractError {
  // The path is not quoted: a page's payload is never echoed back to it.
  const message =
    confirm === undefined
      ? `adding a ${WHAT[kind]} from the page needs your approval outside the page, ` +
        'which this host cannot ask for; add it with the credvault CLI'
      : `adding a ${WHAT[kind]} from the page needs your approval in the terminal running ` +
        "credvault ui (or the desktop app's dialog); it was refused";
  return new ContractError({ kind: 'forbidden', message, input: null });
}

async function approved(confirm: ConfirmPort, request: NamedPath): Promise<boolean> {
  try {
    return (await confirm.approvePath(request)) === true;
  } catch {
    // A prompt that failed is no approval.
    return false;
  }
}

/**
 * Asks the user for each path a renderer's call would add, one at a time;
 * throws `forbidden` at the first that is not approved. Other callers pass.
 */
export async function approveAddedPaths<C extends ChannelName>(
  session: VaultSession,
  confirm: ConfirmPort | undefined,
  channel: C,
  request: ParsedRequest<C>,
  caller: CallerInfo,
): Promise<void> {
  const addedBy = ADDED_PATHS_OF[channel];
  if (!isRenderer(caller) || addedBy === null) return;
  const allowed = allowedPaths(await session.getSettings({}), session.home);
  for (const path of addedBy(request, allowed)) {
    if (confirm === undefined || !(await approved(confirm, path))) {
      throw refused(path.kind, confirm);
    }
  }
}

/** The same table, with every handler asking for the paths it would add first. */
export function gateAddedPaths(
  table: HandlerTable,
  session: VaultSession,
  confirm: ConfirmPort | undefined,
): HandlerTable {
  const gated: Record<string, unknown> = {};
  for (const channel of Object.keys(table) as ChannelName[]) {
    const inner = table[channel] as (request: unknown, caller: CallerInfo) => Promise<unknown>;
    gated[channel] = async (request: unknown, caller: CallerInfo) => {
      const parsed = request as ParsedRequest<typeof channel>;
      await approveAddedPaths(session, confirm, channel, parsed, caller);
      return inner(request, caller);
    };
  }
  return gated as unknown as HandlerTable;
}
