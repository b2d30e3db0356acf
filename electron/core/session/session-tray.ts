/**
 * The tray model over any session, for the host's tray port (`tray.get`):
 * the bearers as listed now (a watched root answers from its cache), judged
 * at this moment, so a menu opened long after the last change is still right.
 */
import { nowUnixSeconds, systemClock, type Clock } from '../ports/clock';
import type { VaultSession } from './session-api';
import { trayModel, type TrayModel } from './tray-model';

export function sessionTray(
  session: Pick<VaultSession, 'listBearers'>,
  clock: Clock = systemClock,
): { model(): Promise<TrayModel> } {
  return {
    model: async () => {
      const { bearers, rootErrors } = await session.listBearers({});
      return trayModel({ bearers, rootErrors, nowUnix: nowUnixSeconds(clock) });
    },
  };
}
