/**
 * The architecture's layer rules are lint errors: these snippets, placed in
 * each layer, must be refused (and the allowed ones accepted).
 */
import { ESLint } from 'eslint';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: resolve(import.meta.dirname, '..') });

async function errorsFor(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, {
    filePath: resolve(import.meta.dirname, '..', filePath),
  });
  return (result?.messages ?? [])
    .filter((m) => m.severity === 2)
    .map((m) => `${m.ruleId}: ${m.message}`);
}

describe('layer rules', () => {
  it.each([
    ['electron/core/bearers/x.ts', "import { app } from 'electron';\nexport const a = app;\n"],
    [
      'electron/core/bearers/x.ts',
      "import { runCli } from '../../cli/run-cli';\nexport const a = runCli;\n",
    ],
    ['electron/cli/x.ts', "import { app } from 'electron';\nexport const a = app;\n"],
    ['shared/x.ts', "import { readFileSync } from 'node:fs';\nexport const a = readFileSync;\n"],
    [
      'shared/x.ts',
      "import { BearerStore } from '../electron/core/bearers/bearer-store';\nexport const a = BearerStore;\n",
    ],
    ['renderer/x.ts', "import { readFileSync } from 'fs';\nexport const a = readFileSync;\n"],
    [
      'renderer/x.ts',
      "import { BearerStore } from '../electron/core/bearers/bearer-store';\nexport const a = BearerStore;\n",
    ],
  ])('%s may not import against the grain: %s', async (filePath, code) => {
    const errors = await errorsFor(filePath, code);
    expect(errors.some((e) => e.startsWith('no-restricted-imports'))).toBe(true);
  });

  it('accepts imports with the grain', async () => {
    expect(
      await errorsFor(
        'electron/core/bearers/x.ts',
        "import { readFileSync } from 'node:fs';\nimport type { BearerSummary } from '@shared/domain/bearer';\nexport const a: BearerSummary | null = null;\nexport const b = readFileSync;\n",
      ),
    ).toEqual([]);
    expect(
      await errorsFor('shared/x.ts', "import { z } from 'zod';\nexport const a = z.string();\n"),
    ).toEqual([]);
  });
});
