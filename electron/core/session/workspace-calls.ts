/**
 * Workspace token files (`.auth_token`) as session calls, with the seed's
 * rules (auth-token-file.ts): reading strips white space and a missing or
 * empty file holds no token; saving strips, refuses an empty token and skips
 * the write when the same token is already stored. The list is the token
 * files configured in the settings; reveal and set take any path, as the
 * CLI's `--file` does.
 */
import { resolve } from 'node:path';
import { readAuthToken, saveAuthToken } from '../auth-token/auth-token-file';
import { VaultError } from '../errors';
import type { WorkspaceCalls } from './session-api';
import type { SessionContext } from './session-context';

/** Whether a token is stored at `path`, or why the file cannot be read (never its contents). */
function describeTokenFile(path: string) {
  try {
    return { path, present: readAuthToken(path) !== null, error: null };
  } catch (error) {
    // One unreadable file never hides the others.
    if (error instanceof VaultError) return { path, present: false, error: error.message };
    throw error;
  }
}

export function createWorkspaceCalls(context: SessionContext): WorkspaceCalls {
  return {
    listTokenFiles: async () => {
      const { tokenFiles } = await context.settings.read();
      return { files: tokenFiles.map((path) => describeTokenFile(resolve(path))) };
    },

    revealTokenFile: async ({ path }) => {
      const file = resolve(path);
      return { path: file, token: readAuthToken(file) };
    },

    setTokenFile: async ({ path, token }) => {
      const file = resolve(path);
      return { path: file, written: saveAuthToken(file, token) };
    },
  };
}
