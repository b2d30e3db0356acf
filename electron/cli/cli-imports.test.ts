/**
 * The CLI is a thin adapter over the vault session: no orchestration in
 * electron/cli/. It reaches the core only through the session, the error
 * type and a few pure helpers (checks run before a secret is read, parsers
 * of what stdin holds, formatting), each named here with why. Anything else
 * of the core (stores, refreshers, provider files, links) means a decision
 * was made in the CLI that the app and the browser would have to copy.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const CLI_DIR = import.meta.dirname;
const CORE_DIR = resolve(CLI_DIR, '..', 'core');

/** Core modules the CLI may import (paths under electron/core/, without `.ts`). */
const ALLOWED_CORE_MODULES: Record<string, string> = {
  'session/open-vault': 'the one entry point: every use case is a session call',
  'session/session-api': 'the type of the session',
  errors: 'VaultError, mapped to exit codes',
  'vault-paths': 'where the vault home is ($CREDVAULT_HOME or the OS app-data folder)',
  'text/strict-utf8': "stdin's decoder: invalid UTF-8 is refused, never replaced",
  'text/secret-shapes': 'usage errors never quote a secret-shaped argument',
  'text/quote-for-message': 'quoting names in messages',
  'bearers/bearer-id': 'a bad id is refused before `bearers put` reads the secret record',
  'bearers/bearer-input': 'parses the seed-format record `bearers put` reads on stdin',
  'bearers/bearer-status': 'the one near-expiry rule, for the status `refresh --json` prints',
  'oauth/authorization-header': 'the header line `header` prints (refuses control characters)',
  'providers/provider-config':
    'a provider is checked before its client secret is read; listings elide query values',
  'keys/key-time': "reads a key's RFC 3339 times for the table",
};

const IMPORT_PATTERN =
  /(?:\bimport\s+(?:type\s+)?(?:[^'";]*?\s+from\s+)?|\bexport\s+[^'";]*?\s+from\s+|\bimport\s*\(\s*|\brequire\s*\(\s*)['"]([^'"]+)['"]/g;

/** Every module specifier in `source`: static, re-exported, dynamic and required. */
function importSpecifiers(source: string): string[] {
  return [...source.matchAll(IMPORT_PATTERN)].map((match) => match[1] ?? '');
}

/** The core modules `file` imports that are not on the allow-list. */
function forbiddenCoreImports(file: string, source: string): string[] {
  return importSpecifiers(source)
    .filter((specifier) => specifier.startsWith('.'))
    .map((specifier) => relative(CORE_DIR, resolve(dirname(file), specifier)))
    .filter((fromCore) => !fromCore.startsWith('..'))
    .map((fromCore) => fromCore.replace(/\.(ts|js|mjs)$/, '').replace(/\/index$/, ''))
    .filter((module) => !Object.hasOwn(ALLOWED_CORE_MODULES, module));
}

function cliSourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return cliSourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

describe('the CLI reaches the core only through the session', () => {
  it('no file in electron/cli imports a core module outside the allow-list', () => {
    const files = cliSourceFiles(CLI_DIR);
    expect(files.length).toBeGreaterThan(10);
    const violations = files.flatMap((file) =>
      forbiddenCoreImports(file, readFileSync(file, 'utf8')).map(
        (module) => `${relative(CLI_DIR, file)} imports electron/core/${module}`,
      ),
    );
    expect(violations).toEqual([]);
  });

  it('catches a store, a refresher or the composition root imported any way', () => {
    const command = join(CLI_DIR, 'commands', 'bearer-commands.ts');
    const planted = [
      "import { BearerStore } from '../../core/bearers/bearer-store';",
      "import type { Vault } from '../../core/create-vault';",
      "export { BearerRefresher } from '../../core/oauth/bearer-refresher';",
      "const links = await import('../../core/providers/bearer-links');",
      "const { createVault } = require('../../core/create-vault.ts');",
      "import {\n  removeProvider,\n} from '../../core/providers/provider-removal';",
      "import { openVault } from '../../core/session/open-vault';",
      "import { refreshWindow } from '../../core/oauth/../oauth/refresh-window';",
    ].join('\n');
    expect(forbiddenCoreImports(command, planted)).toEqual([
      'bearers/bearer-store',
      'create-vault',
      'oauth/bearer-refresher',
      'providers/bearer-links',
      'create-vault',
      'providers/provider-removal',
      'oauth/refresh-window',
    ]);
  });

  it('no command starts a watch: a CLI command reads without one', () => {
    const watching = cliSourceFiles(CLI_DIR).filter((file) =>
      /\bstartWatching\b/.test(readFileSync(file, 'utf8')),
    );
    expect(watching.map((file) => relative(CLI_DIR, file))).toEqual([]);
  });

  it('every allowed module exists, so the list cannot rot', () => {
    for (const module of Object.keys(ALLOWED_CORE_MODULES))
      expect(() => readFileSync(join(CORE_DIR, `${module}.ts`)), module).not.toThrow();
  });
});
