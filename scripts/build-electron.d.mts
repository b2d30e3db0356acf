// Types for scripts/build-electron.mjs, for the tests that build with it.
/** Builds the sandboxed preload (CommonJS); resolves to the file written. */
export function buildPreload(outfile?: string): Promise<string>;
/** Builds main and its helpers (ES modules) into `outdir`; resolves to it. */
export function buildMain(outdir?: string): Promise<string>;
