// Types for scripts/electron-binary.mjs.
export type ElectronFound = { ok: true; path: string } | { ok: false; reason: string };
export function findElectron(where: {
  root: string;
  env: Record<string, string | undefined>;
  platform: string;
}): ElectronFound;
