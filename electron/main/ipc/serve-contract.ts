/**
 * The one file that uses `ipcMain` (a lint rule holds every other file to
 * that): the contract server (contract-server.ts, where the checks live and
 * are tested with a fake) on Electron's real ipcMain.
 */
import { ipcMain } from 'electron';
import { serveContract, type ServeContractOptions, type ServedContract } from './contract-server';

export function serveContractOnIpcMain(
  options: Omit<ServeContractOptions, 'ipcMain'>,
): ServedContract {
  return serveContract({ ...options, ipcMain });
}
