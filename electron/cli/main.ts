/** Entry point of bin/credvault. */
import { processIo } from './cli-io';
import { runCli } from './run-cli';

runCli(process.argv.slice(2), processIo()).then(
  (code) => {
    process.exitCode = code;
  },
  () => {
    process.stderr.write('credvault: unexpected internal error\n');
    process.exitCode = 3;
  },
);
