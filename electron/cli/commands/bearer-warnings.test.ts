/**
 * Records that look half written stay usable, with a warning on stderr; a
 * bearer that never stays quiet is `busy`, and commands that need it exit 3.
 * As a user runs them (test-support/oauth-cli.ts: in-process, leak-checked).
 */
import { chmodSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { markedSecret } from '../../../test-support/leak-marker';
import { useOAuthCli } from '../../../test-support/oauth-cli';

const s = useOAuthCli();

/** Rewrites one file in place, as an editor, `sed -i` or the seed's broker does. */
function rewrite(name: string, value: string): void {
  const path = join(s.home, 'bearers', 'agent', name);
  writeFileSync(path, JSON.stringify(value));
  chmodSync(path, 0o600);
}

/** Dates files `agoS` back, all to the same instant. */
function backdate(agoS: number, ...names: string[]): void {
  const at = new Date((Math.floor(Date.now() / 1000) - agoS) * 1000);
  for (const name of names) utimesSync(join(s.home, 'bearers', 'agent', name), at, at);
}

const WARNING =
  /^credvault: warning: bearer "agent": access_token\.json is newer than expires_at\.json: edited by hand, copied without keeping file times .*, or a write that stopped half way; .*\n$/;

describe('a bearer whose token file is newer than its expiry', () => {
  it('is listed with a warning (table and --json); show, show --reveal, token and header serve it and warn on stderr', async () => {
    await s.putBearer('agent', {
      access: markedSecret(),
      refresh: markedSecret(),
      expiresInS: 3600,
    });
    backdate(120, 'expires_at.json', 'refresh_token.json');
    const pasted = markedSecret('pasted');
    rewrite('access_token.json', pasted);
    backdate(60, 'access_token.json');

    const json = await s.cli(['bearers', 'list', '--json']);
    expect(json.code).toBe(0);
    const [row] = JSON.parse(json.stdout) as Array<Record<string, unknown>>;
    expect(row).toMatchObject({ id: 'agent', status: 'ok', window_s: 300, error: null });
    expect(row?.warning).toMatch(
      /^access_token\.json is newer than expires_at\.json: edited by hand/,
    );

    const table = await s.cli(['bearers', 'list']);
    expect(table.stdout).toMatch(/^ID +STATUS +EXPIRES \(UTC\) +IN +NOTE\n/);
    expect(table.stdout).toMatch(
      /\nagent +ok +\S+ +in [\dhms ]+ +warning: access_token\.json is newer than expires_at\.json: /,
    );

    const show = await s.cli(['bearers', 'show', 'agent']);
    expect(show).toMatchObject({ code: 0 });
    expect(show.stdout).toMatch(/^id: +agent\nstatus: +ok\n/);
    expect(show.stderr).toMatch(WARNING);
    const shown = await s.cli(['bearers', 'show', 'agent', '--json']);
    expect(JSON.parse(shown.stdout)).toMatchObject({ warning: row?.warning, window_s: 300 });

    const revealed = await s.cli(['bearers', 'show', 'agent', '--reveal'], { reveals: true });
    expect(revealed).toMatchObject({ code: 0 });
    expect(revealed.stdout).toContain(`access_token:  ${JSON.stringify(pasted)}`);
    expect(revealed.stderr).toMatch(WARNING);

    const token = await s.cli(['token', 'agent'], { reveals: true });
    expect(token).toMatchObject({ code: 0, stdout: `${pasted}\n` });
    expect(token.stderr).toMatch(WARNING);
    const header = await s.cli(['header', 'agent'], { reveals: true });
    expect(header).toMatchObject({ code: 0, stdout: `Authorization: Bearer ${pasted}\n` });
    expect(header.stderr).toMatch(WARNING);
  });

  it('whose writer was killed between renames: the rotated refresh token reads back, and refresh --force uses it and clears the warning', async () => {
    await s.addProvider('oidc');
    await s.putBearer(
      'agent',
      { access: 'old-access-token', refresh: markedSecret('spent'), expiresInS: 3600 },
      'oidc',
    );
    backdate(120, 'expires_at.json', 'access_token.json');
    // The server rotated the refresh token; the writer got no further than that file.
    const rotated = await s.server.issueRefreshToken('post');
    rewrite('refresh_token.json', rotated);
    backdate(60, 'refresh_token.json');

    const revealed = await s.cli(['bearers', 'show', 'agent', '--reveal', '--json'], {
      reveals: true,
    });
    expect(revealed.code).toBe(0);
    expect(JSON.parse(revealed.stdout)).toMatchObject({
      access_token: 'old-access-token',
      refresh_token: rotated,
      warning: expect.stringMatching(/^refresh_token\.json is newer than expires_at\.json: /),
    });
    const token = await s.cli(['token', 'agent'], { reveals: true });
    expect(token).toMatchObject({ code: 0, stdout: 'old-access-token\n' });
    expect(token.stderr).toMatch(
      /^credvault: warning: bearer "agent": refresh_token\.json is newer/,
    );

    const refreshed = await s.cli(['bearers', 'refresh', 'agent', '--force']);
    expect(refreshed, refreshed.stderr).toMatchObject({ code: 0, stderr: '' });
    expect(await s.server.refreshTokenState(rotated)).toBe('consumed');
    const [row] = JSON.parse((await s.cli(['bearers', 'list', '--json'])).stdout) as Array<
      Record<string, unknown>
    >;
    expect(row).toMatchObject({ status: 'ok', warning: null });
  });
});

describe('a bearer another program rewrites without pause', () => {
  it('lists as busy with its reason; token exits 3 naming it, and prints nothing', async () => {
    await s.putBearer('agent', {
      access: markedSecret(),
      refresh: markedSecret(),
      expiresInS: 3600,
    });
    let n = 0;
    let started: () => void = () => {};
    const firstWrite = new Promise<void>((resolve) => (started = resolve));
    const writer = setInterval(() => {
      rewrite('access_token.json', `rewritten-${n++}`);
      started();
    }, 5);
    try {
      await firstWrite;
      const list = await s.cli(['bearers', 'list', '--json']);
      expect(list.code).toBe(0);
      expect(JSON.parse(list.stdout)).toMatchObject([
        {
          id: 'agent',
          status: 'busy',
          expires_at_unix: null,
          error: expect.stringMatching(/kept changing for 2\.0 s.*another program is rewriting it/),
          warning: null,
        },
      ]);
      const token = await s.cli(['token', 'agent']);
      expect(token).toMatchObject({ code: 3, stdout: '' });
      expect(token.stderr).toMatch(
        /^credvault: bearer "agent" is busy: its files kept changing.*\n$/,
      );
    } finally {
      clearInterval(writer);
    }
  });
});
