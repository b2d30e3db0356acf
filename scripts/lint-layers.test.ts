/**
 * The architecture's layers are an allow-list enforced by lint: each snippet
 * below is planted in a layer and linted with the repo's own config. Imports
 * against the grain must be errors, in every form a file can load a module
 * (static, type-only, re-export, import(), require(), a relative path that
 * climbs out of the layer), and imports with the grain must pass.
 */
import { ESLint } from 'eslint';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const REPO = resolve(import.meta.dirname, '..');
const eslint = new ESLint({ cwd: REPO });
const LAYER_RULES = new Set(['credvault/layer-imports', 'no-restricted-syntax']);

/** The layer errors lint reports for `code` placed at `filePath`. */
async function layerErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: resolve(REPO, filePath) });
  return (result?.messages ?? [])
    .filter((m) => m.severity === 2 && LAYER_RULES.has(m.ruleId ?? ''))
    .map((m) => `${m.ruleId}: ${m.message}`);
}

const CORE = 'electron/core/x.ts';
const CORE_DEEP = 'electron/core/bearers/x.ts';
const ONLY_SERVER = "Only electron/main/ipc/serve-contract.ts may import 'ipcMain'";

describe('layer rules refuse', () => {
  it.each([
    // The core is plain Node: electron in any form, and no front end.
    [CORE, "import { app } from 'electron';"],
    [CORE, "import type { App } from 'electron';"],
    [CORE, "import { app } from 'electron/main';"],
    [CORE, "export const e = await import('electron');"],
    [CORE, "export const e = require('electron');"],
    [CORE, "export type E = typeof import('electron');"],
    [CORE, "export { app } from 'electron';"],
    [CORE, "import { createRequire } from 'node:module';"],
    [CORE, 'export const load = (name: string) => import(name);', 'a computed name'],
    [CORE, "import { x } from '../main/x';"],
    [CORE, "import { x } from '../cli/x';"],
    [CORE, "import { x } from '../web/x';"],
    [CORE, "import { x } from '../preload/x';"],
    [CORE, "export * from '../main/x';"],
    [CORE_DEEP, "import { x } from '../../main/x';"],
    [CORE_DEEP, "import { runCli } from '../../cli/run-cli';"],
    [CORE_DEEP, "import { x } from '../../../renderer/x';"],
    [CORE_DEEP, "import { x } from '../../../scripts/x';"],
    [CORE, "import _ from 'lodash';"],
    ['electron/core/x.test.ts', "import { app } from 'electron';"],
    // Test tools are for *.test.ts files only.
    [CORE, "import { vi } from 'vitest';"],
    [CORE, "import { makeTempDir } from '../../test-support/temp-dir';"],
    // shared/ is loaded by the renderer too: zod and itself only.
    ['shared/x.ts', "import { readFileSync } from 'node:fs';"],
    ['shared/x.ts', "import { readFileSync } from 'fs';"],
    ['shared/x.ts', "import { useState } from 'react';"],
    ['shared/x.ts', "import { BearerStore } from '../electron/core/bearers/bearer-store';"],
    ['shared/domain/x.ts', "import { x } from '@shared/../electron/core/x';"],
    // The renderer: no Node, nothing from electron/, no unlisted package.
    ['renderer/x.ts', "import { join } from 'node:path';"],
    ['renderer/x.ts', "import { readFileSync } from 'fs';"],
    ['renderer/x.ts', "import { BearerStore } from '../electron/core/bearers/bearer-store';"],
    ['renderer/views/x.tsx', "import { api } from '../../electron/preload/index';"],
    ['renderer/x.ts', "import { ipcRenderer } from 'electron';", "may not import 'electron'"],
    ['renderer/x.ts', "import _ from 'lodash';"],
    // The CLI and the web front end run on the core alone.
    ['electron/cli/x.ts', "import { app } from 'electron';"],
    ['electron/cli/x.ts', "import { x } from '../main/x';"],
    ['electron/cli/commands/x.ts', "import { x } from '../../../renderer/x';"],
    ['electron/web/x.ts', "import { x } from '../main/x';"],
    ['electron/web/x.ts', "import { app } from 'electron';"],
    // ipcMain belongs to the contract server, ipcRenderer to the preload.
    ['electron/main/window.ts', "import { ipcMain } from 'electron';", ONLY_SERVER],
    ['electron/main/window.ts', "import { ipcMain as bus } from 'electron/main';", ONLY_SERVER],
    ['electron/main/window.ts', "export { ipcMain } from 'electron';", ONLY_SERVER],
    ['electron/main/window.ts', "import * as electron from 'electron';", 'Take named imports'],
    ['electron/main/window.ts', "import electron from 'electron';", 'Take named imports'],
    ['electron/main/window.ts', "export const e = await import('electron');", 'Take named imports'],
    [
      'electron/main/window.ts',
      "import { ipcRenderer } from 'electron';",
      'Only electron/preload/ may',
    ],
    ['electron/preload/index.ts', "import { ipcMain } from 'electron';", ONLY_SERVER],
    [
      'electron/preload/index.ts',
      "import { shell } from 'electron';",
      'The preload takes only contextBridge and ipcRenderer',
    ],
    ['electron/preload/index.ts', "import { readFileSync } from 'node:fs';"],
    ['electron/preload/index.ts', "import { x } from '../core/x';"],
    // A file under electron/ in no layer escapes nothing.
    ['electron/helpers/x.ts', "import { x } from './y';", 'is in no layer'],
    // Tooling may not load electron; only the Electron suite drives it.
    ['scripts/x.ts', "import { app } from 'electron';", "Tooling may not load 'electron'"],
    [
      'e2e/specs/x.spec.ts',
      "import { _electron } from '@playwright/test';",
      'Only e2e/electron/ may drive Electron',
    ],
  ])('%s: %s', async (filePath, code, reason = 'may not import') => {
    expect((await layerErrors(filePath, code)).join('\n')).toContain(reason);
  });

  it('says what the layer may import instead', async () => {
    const [error] = await layerErrors(CORE_DEEP, "import { x } from '../../main/x';");
    expect(error).toContain("electron/core/ may not import '../../main/x' (electron/main/)");
    expect(error).toContain('It may import: electron/core/, shared/, node built-ins');
  });
});

describe('layer rules accept', () => {
  it.each([
    [CORE, "import type { Bearer } from '@shared/contract';"],
    [CORE, "import { readFileSync } from 'node:fs';"],
    [CORE, "import { jwtVerify } from 'jose';"],
    [CORE, "import { verify } from 'paseto/v4/public';"],
    [CORE_DEEP, "import { VaultError } from '../errors';"],
    // A relative import of this repo's own shared/ (three folders up from CORE_DEEP),
    // spelled out so the text is not mistaken for a path outside the repo.
    [CORE_DEEP, `import type { BearerSummary } from '${'../'.repeat(3)}shared/domain/bearer';`],
    [
      'electron/core/x.test.ts',
      "import { it } from 'vitest';\nimport fc from 'fast-check';\nimport { makeTempDir } from '../../test-support/temp-dir';",
    ],
    ['shared/x.ts', "import { z } from 'zod';\nimport type { Bearer } from './domain/bearer';"],
    ['renderer/x.tsx', "import { useState } from 'react';\nimport { create } from 'zustand';"],
    ['renderer/x.tsx', "import { createRoot } from 'react-dom/client';"],
    ['renderer/views/x.tsx', "import type { Bearer } from '@shared/contract';"],
    ['electron/cli/x.ts', "import { Command } from '@commander-js/extra-typings';"],
    ['electron/cli/commands/x.ts', "import { VaultError } from '../../core/errors';"],
    ['electron/web/x.ts', "import { createServer } from 'node:http';"],
    ['electron/main/ipc/serve-contract.ts', "import { ipcMain } from 'electron';"],
    ['electron/main/window.ts', "import { app, BrowserWindow } from 'electron';"],
    [
      'electron/preload/index.ts',
      "import { contextBridge, ipcRenderer } from 'electron';\nimport type { IpcRendererEvent } from 'electron';",
    ],
    ['scripts/x.ts', "import type { App } from 'electron';"],
    ['e2e/electron/x.spec.ts', "import { _electron } from '@playwright/test';"],
    ['e2e/electron/x.spec.ts', "import electronBinary from 'electron';"],
  ])('%s: %s', async (filePath, code) => {
    expect(await layerErrors(filePath, code)).toEqual([]);
  });
});
