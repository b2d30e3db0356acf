/**
 * A real OAuth server for integration tests: oidc-provider 9 on 127.0.0.1 (a
 * random port), with JWT access tokens for one resource server, refresh token
 * rotation, client_credentials, and two confidential clients (secret sent by
 * post and by basic auth; secrets carry the leak marker, and so does every
 * refresh token it issues).
 *
 * Next to it, on the same port, routes the tests steer:
 *  - /sv-userinfo        GET: {sub, session_version}; `svReply` changes it;
 *  - /stub/token         POST: records the request, answers `stubReply`
 *                        (default: a seed-style reply without token_type);
 *  - /stub/stall         never answers;
 *  - /stub/redirect      302 to the real token endpoint.
 * `tokenRequests` counts POSTs to the real token endpoint, `jwksRequests`
 * GETs of the JWKS, `svUserinfoRequests` requests to /sv-userinfo (the
 * caches' tests count them).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair } from 'jose';
import Provider from 'oidc-provider';
import { markedSecret } from './leak-marker';

export const TEST_RESOURCE = 'urn:credvault:test-api';
export const TEST_SCOPE = 'api:read';
export const TEST_ACCOUNT = 'user-1';

export interface TestClient {
  id: string;
  secret: string;
}

export interface StubReply {
  status: number;
  body: string;
  contentType?: string;
}

export interface StubRequest {
  authorization: string | null;
  form: Record<string, string>;
}

export interface OidcTestServer {
  issuer: string;
  tokenUrl: string;
  jwksUrl: string;
  svUserinfoUrl: string;
  stubUrl(name: 'token' | 'stall' | 'redirect'): string;
  clients: { post: TestClient; basic: TestClient };
  /** POSTs the real token endpoint has received. */
  tokenRequests: number;
  /** Requests for the JWKS. */
  jwksRequests: number;
  /** Requests to /sv-userinfo. */
  svUserinfoRequests: number;
  /** The `sv` claim put into JWT access tokens issued from now on (null: none). */
  tokenSv: number | null;
  /** What /sv-userinfo answers: a session_version (any JSON value) or an HTTP error status. */
  svReply: { sessionVersion: unknown } | { status: number };
  stubReply: StubReply;
  stubRequests: StubRequest[];
  /** A refresh token for `client`'s grant to TEST_ACCOUNT, as a login would have left. */
  issueRefreshToken(client: 'post' | 'basic'): Promise<string>;
  /** 'active', 'consumed' (rotated away) or 'gone'. */
  refreshTokenState(value: string): Promise<'active' | 'consumed' | 'gone'>;
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function subjectOf(authorization: string | undefined): string {
  const token = authorization?.replace(/^Bearer /, '') ?? '';
  try {
    const claims = JSON.parse(
      Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8'),
    ) as { sub?: unknown };
    return typeof claims.sub === 'string' ? claims.sub : TEST_ACCOUNT;
  } catch {
    return TEST_ACCOUNT;
  }
}

function send(
  res: ServerResponse,
  status: number,
  body: string,
  contentType = 'application/json',
): void {
  res.writeHead(status, { 'content-type': contentType, 'cache-control': 'no-store' });
  res.end(body);
}

export async function startOidcTestServer(): Promise<OidcTestServer> {
  const http = createServer();
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  const clients = {
    post: { id: 'client-post', secret: markedSecret('client-secret-post') },
    basic: { id: 'client-basic', secret: markedSecret('client-secret-basic') },
  };
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const signingKey = {
    ...(await exportJWK(privateKey)),
    kid: 'test-key-1',
    alg: 'RS256',
    use: 'sig',
  };

  const state = {
    tokenSv: 1 as number | null,
  };
  const clientMetadata = (client: TestClient, method: string) => ({
    client_id: client.id,
    client_secret: client.secret,
    grant_types: ['refresh_token', 'client_credentials'],
    response_types: [],
    redirect_uris: [],
    token_endpoint_auth_method: method,
    scope: `${TEST_SCOPE} offline_access`,
  });
  const provider = new Provider(issuer, {
    clients: [
      clientMetadata(clients.post, 'client_secret_post'),
      clientMetadata(clients.basic, 'client_secret_basic'),
    ],
    jwks: { keys: [signingKey] },
    scopes: [TEST_SCOPE, 'offline_access'],
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: async () => TEST_RESOURCE,
        useGrantedResource: async () => true,
        getResourceServerInfo: async () => ({
          scope: TEST_SCOPE,
          audience: TEST_RESOURCE,
          accessTokenFormat: 'jwt',
          accessTokenTTL: 3600,
          jwt: { sign: { alg: 'RS256' } },
        }),
      },
    },
    rotateRefreshToken: true,
    findAccount: async (_ctx: unknown, sub: string) => ({
      accountId: sub,
      claims: async () => ({ sub }),
    }),
    extraTokenClaims: async () => (state.tokenSv === null ? undefined : { sv: state.tokenSv }),
    ttl: {
      AccessToken: 3600,
      ClientCredentials: 3600,
      RefreshToken: 86_400,
      Grant: 86_400,
      Session: 86_400,
      Interaction: 600,
      IdToken: 3600,
    },
  });
  // Every refresh token it issues carries the leak marker, so any output that
  // shows one fails the test.
  provider.RefreshToken.prototype.generateTokenId = () => markedSecret('refresh-token');

  const providerCallback = provider.callback();
  const server: OidcTestServer = {
    issuer,
    tokenUrl: `${issuer}/token`,
    jwksUrl: `${issuer}/jwks`,
    svUserinfoUrl: `${issuer}/sv-userinfo`,
    stubUrl: (name) => `${issuer}/stub/${name}`,
    clients,
    tokenRequests: 0,
    jwksRequests: 0,
    svUserinfoRequests: 0,
    get tokenSv() {
      return state.tokenSv;
    },
    set tokenSv(value) {
      state.tokenSv = value;
    },
    svReply: { sessionVersion: 1 },
    stubReply: {
      status: 200,
      body: JSON.stringify({ access_token: markedSecret('stub-access-token'), expires_in: 120 }),
    },
    stubRequests: [],
    async issueRefreshToken(which) {
      const client = await provider.Client.find(clients[which].id);
      const grant = new provider.Grant({ accountId: TEST_ACCOUNT, clientId: clients[which].id });
      grant.addResourceScope(TEST_RESOURCE, TEST_SCOPE);
      const grantId = await grant.save();
      const token = new provider.RefreshToken({
        accountId: TEST_ACCOUNT,
        client,
        grantId,
        scope: TEST_SCOPE,
        resource: TEST_RESOURCE,
        gty: 'authorization_code',
      });
      return token.save();
    },
    async refreshTokenState(value) {
      const token = await provider.RefreshToken.find(value, { ignoreExpiration: true });
      if (token === undefined) return 'gone';
      return token.consumed ? 'consumed' : 'active';
    },
    close: () =>
      new Promise<void>((resolve) => {
        http.closeAllConnections();
        http.close(() => resolve());
      }),
  };

  const stubRoutes = async (
    req: IncomingMessage,
    res: ServerResponse,
    path: string,
  ): Promise<void> => {
    if (path === '/sv-userinfo') {
      server.svUserinfoRequests++;
      if (!req.headers.authorization?.startsWith('Bearer '))
        return send(res, 401, '{"error":"invalid_token"}');
      const reply = server.svReply;
      if ('status' in reply)
        return send(
          res,
          reply.status,
          '{"error":"server_error","error_description":"lookup failed"}',
        );
      return send(
        res,
        200,
        JSON.stringify({
          sub: subjectOf(req.headers.authorization),
          session_version: reply.sessionVersion,
        }),
      );
    }
    if (path === '/stub/token') {
      const form = Object.fromEntries(new URLSearchParams(await readBody(req)));
      server.stubRequests.push({ authorization: req.headers.authorization ?? null, form });
      return send(
        res,
        server.stubReply.status,
        server.stubReply.body,
        server.stubReply.contentType,
      );
    }
    if (path === '/stub/redirect') {
      res.writeHead(302, { location: server.tokenUrl });
      res.end();
      return;
    }
    // /stub/stall: hold the request open; close() ends it.
  };

  http.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', issuer).pathname;
    if (path === '/sv-userinfo' || path.startsWith('/stub/')) {
      stubRoutes(req, res, path).catch(() => send(res, 500, '{"error":"server_error"}'));
      return;
    }
    if (path === '/token' && req.method === 'POST') server.tokenRequests++;
    if (path === '/jwks') server.jwksRequests++;
    providerCallback(req, res);
  });
  return server;
}
