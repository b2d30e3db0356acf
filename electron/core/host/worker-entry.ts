/**
 * The vault worker's entry: the thread `startVaultWorker` starts. Bundled as
 * dist/cli/vault-worker.mjs (scripts/build-cli.mjs); run from source through
 * tsx (ts-worker-boot.mjs).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { runVaultWorker } from './run-vault-worker';
import type { WorkerStart } from './worker-protocol';

if (parentPort === null) throw new Error('the vault worker runs only as a worker thread');
await runVaultWorker(parentPort, workerData as WorkerStart);
