/**
 * Workspace token file calls over a temp vault home: set and reveal round
 * trip with the seed's rules, and the list shows each configured file's
 * state without ever holding a token.
 */
import { mkdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { markedSecret, rejectionOf } from '../../../test-support/leak-marker';
import {
  callAs,
  homePath,
  sessionContextFixture,
} from '../../../test-support/session-context-fixture';
import { createWorkspaceCalls } from './workspace-calls';

function setup() {
  const fx = sessionContextFixture();
  return { fx, workspace: createWorkspaceCalls(fx.context) };
}

describe('workspace calls', () => {
  it('sets and reveals a token file, stripped, skipping an identical write', async () => {
    const { fx, workspace } = setup();
    const path = homePath(fx, 'project', '.auth_token');
    const token = markedSecret('workspace-token');

    const written = await callAs('credvault:workspace.set', workspace.setTokenFile, {
      path,
      token: `  ${token}\n`,
    });
    expect(written).toEqual({ path, written: true });
    expect(readFileSync(path, 'utf8')).toBe(token);
    expect(statSync(path).mode & 0o777).toBe(0o600);

    const revealed = await callAs('credvault:workspace.reveal', workspace.revealTokenFile, {
      path,
    });
    expect(revealed).toEqual({ path, token });

    const again = await callAs('credvault:workspace.set', workspace.setTokenFile, {
      path,
      token,
    });
    expect(again).toEqual({ path, written: false });
  });

  it('refuses an empty token and reveals a missing file as no token', async () => {
    const { fx, workspace } = setup();
    const path = homePath(fx, '.auth_token');
    const error = await rejectionOf(workspace.setTokenFile({ path, token: ' \n ' }));
    expect(error).toMatchObject({ kind: 'bad-input' });
    expect(await workspace.revealTokenFile({ path })).toEqual({ path, token: null });
  });

  it('lists the configured token files: present, empty, missing, unreadable', async () => {
    const { fx, workspace } = setup();
    mkdirSync(homePath(fx, 'ws'));
    const present = homePath(fx, 'ws', 'present');
    const empty = homePath(fx, 'ws', 'empty');
    const missing = homePath(fx, 'ws', 'missing');
    const link = homePath(fx, 'ws', 'link');
    const token = markedSecret('listed-token');
    writeFileSync(present, token, { mode: 0o600 });
    writeFileSync(empty, '\n', { mode: 0o600 });
    symlinkSync(present, link);
    await fx.context.settings.update((settings) => ({
      ...settings,
      tokenFiles: [present, empty, missing, link],
    }));

    const listed = await callAs('credvault:workspace.list', workspace.listTokenFiles, {});
    expect(listed.files.map(({ path, present: has }) => [path, has])).toEqual([
      [present, true],
      [empty, false],
      [missing, false],
      [link, false],
    ]);
    expect(listed.files.slice(0, 3).every((file) => file.error === null)).toBe(true);
    expect(listed.files[3]?.error).toContain(link);
    expect(JSON.stringify(listed)).not.toContain(token);
  });
});
