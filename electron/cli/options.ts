/** Options several commands share, parsed the same way everywhere. */
import { InvalidArgumentError, Option } from '@commander-js/extra-typings';

export function wholeSeconds(value: string): number {
  if (!/^[0-9]{1,12}$/.test(value))
    throw new InvalidArgumentError('expected a whole number of seconds');
  return Number(value);
}

/** `--root DIR`: any folder, configured as a root or not, for this one command (it is not added). */
export const rootOption = (
  description = 'bearer root folder, configured or not (default: <vault home>/bearers)',
) => new Option('--root <dir>', description);
export const jsonOption = () => new Option('--json', 'print JSON for scripts');
export const windowOption = () =>
  new Option('--window <seconds>', 'near-expiry window in seconds (default 300)').argParser(
    wholeSeconds,
  );
