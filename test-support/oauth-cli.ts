/**
 * The OAuth commands as a user runs them (in-process, with the leak checks of
 * cli-harness.ts) against the oidc test server: one fresh vault home per test.
 */
import { afterAll, beforeAll, beforeEach, expect } from 'vitest';
import { runCliInProcess, type CliResult, type CliRunOptions } from './cli-harness';
import { startOidcTestServer, type OidcTestServer, type TestClient } from './oidc-test-server';
import { makeTempDir } from './temp-dir';

export interface OAuthCliSession {
  readonly server: OidcTestServer;
  readonly home: string;
  cli(argv: string[], options?: CliRunOptions): Promise<CliResult>;
  /** `providers add NAME` for a test client (post by default), secret on stdin. */
  addProvider(
    name: string,
    extra?: string[],
    client?: TestClient,
    tokenUrl?: string,
  ): Promise<void>;
  /** The --issuer, --jwks-url and --userinfo-url flags of the test server. */
  keysFlags(): string[];
  /** `bearers put ID`, expiring in `expiresInS`, then `bearers link` when a provider is given. */
  putBearer(
    id: string,
    record: { access: string; refresh: string; expiresInS: number },
    provider?: string,
  ): Promise<void>;
  /** Adds provider "oidc" (with keys) and returns a JWT access token it issued. */
  jwtFromServer(): Promise<string>;
}

/** Registers the hooks (server per file, home per test) and returns the session. */
export function useOAuthCli(): OAuthCliSession {
  let server: OidcTestServer | undefined;
  let home = '';
  beforeAll(async () => {
    server = await startOidcTestServer();
  });
  afterAll(async () => {
    await server?.close();
  });
  beforeEach(() => {
    home = makeTempDir();
    if (server) {
      server.tokenSv = 1;
      server.svReply = { sessionVersion: 1 };
    }
  });
  const theServer = () => {
    if (!server) throw new Error('the oidc test server is not running');
    return server;
  };
  const session: OAuthCliSession = {
    get server() {
      return theServer();
    },
    get home() {
      return home;
    },
    cli: (argv, options = {}) =>
      runCliInProcess(argv, { ...options, env: { CREDVAULT_HOME: home, ...options.env } }),
    async addProvider(
      name,
      extra = [],
      client = theServer().clients.post,
      tokenUrl = theServer().tokenUrl,
    ) {
      const argv = [
        'providers',
        'add',
        name,
        '--token-url',
        tokenUrl,
        '--client-id',
        client.id,
        '--client-secret-stdin',
        ...extra,
      ];
      const result = await session.cli(argv, { stdin: `${client.secret}\n` });
      expect(result, result.stderr).toMatchObject({ code: 0 });
    },
    keysFlags: () => [
      '--issuer',
      theServer().issuer,
      '--jwks-url',
      theServer().jwksUrl,
      '--userinfo-url',
      theServer().svUserinfoUrl,
    ],
    async putBearer(id, record, provider) {
      const stdin = JSON.stringify({
        access_token: record.access,
        refresh_token: record.refresh,
        expires_at_unix: Math.floor(Date.now() / 1000) + record.expiresInS,
      });
      expect((await session.cli(['bearers', 'put', id], { stdin })).code).toBe(0);
      if (provider)
        expect((await session.cli(['bearers', 'link', id, '--provider', provider])).code).toBe(0);
    },
    async jwtFromServer() {
      await session.addProvider('oidc', session.keysFlags());
      const { stdout } = await session.cli(['providers', 'token', 'oidc'], { reveals: true });
      return stdout.trim();
    },
  };
  return session;
}
