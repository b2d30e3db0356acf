// Runs a TypeScript worker entry from source, through tsx, for tests and
// `tsx` runs of the repo: Node 20 does not apply `--import tsx` to a
// worker's own main script. The build bundles worker-entry.ts instead
// (dist/cli/vault-worker.mjs), so this file never ships.
import { workerData } from 'node:worker_threads';
// eslint-disable-next-line credvault/layer-imports -- dev only, see above
import { tsImport } from 'tsx/esm/api';

const { tsEntry, tsconfig } = workerData.boot;
await tsImport(tsEntry, { parentURL: tsEntry, tsconfig });
