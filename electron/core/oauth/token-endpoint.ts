/**
 * The two grants the vault makes: refresh_token and client_credentials.
 * oauth4webapi builds and sends the request (client authentication
 * `client_secret_post` / `client_secret_basic` / `none`, form encoding, extra
 * parameters), through the vault's HttpClient, so its URL policy, timeout,
 * size cap and no-redirect rule apply. The reply is read by token-reply.ts
 * (see there why not by oauth4webapi).
 */
import * as oauth from 'oauth4webapi';
import { VaultError } from '../errors';
import { fetchThrough } from '../http/fetch-adapter';
import type { HttpClient } from '../http/http-client';
import { checkServerUrl, describeUrl, isLoopbackHttp } from '../http/url-policy';
import type { ProviderConfig } from '../providers/provider-config';
import { quoteForMessage } from '../text/quote-for-message';
import { parseTokenReply, type TokenReply } from './token-reply';

export interface TokenClient {
  provider: ProviderConfig;
  /** Null for `none` client authentication. */
  clientSecret: string | null;
  http: HttpClient;
}

function clientAuthentication({ provider, clientSecret }: TokenClient): oauth.ClientAuth {
  if (provider.clientAuth === 'none') return oauth.None();
  if (clientSecret === null || clientSecret === '') {
    throw new VaultError(
      'bad-input',
      `provider ${quoteForMessage(provider.name)} uses ${provider.clientAuth} but has no client secret stored (add it again with --client-secret-stdin --replace)`,
    );
  }
  return provider.clientAuth === 'client_secret_basic'
    ? oauth.ClientSecretBasic(clientSecret)
    : oauth.ClientSecretPost(clientSecret);
}

/**
 * What a Basic `Authorization` header gives away, should a server echo it:
 * its base64 and the (form-encoded) password that decodes from it. Read from
 * the header actually sent, so it matches whatever encoding oauth4webapi uses.
 */
function basicHeaderSecrets(headers: Record<string, string>): string[] {
  const credentials = new Headers(headers).get('authorization')?.match(/^Basic\s+(\S+)$/i)?.[1];
  if (credentials === undefined) return [];
  const decoded = Buffer.from(credentials, 'base64').toString('utf8');
  return [credentials, decoded.slice(decoded.indexOf(':') + 1)];
}

/**
 * `secrets`: every secret the request carries or the caller knows, cut out of
 * any error text the server sends back (see oauth-error-text.ts).
 */
async function send(
  client: TokenClient,
  secrets: string[],
  makeRequest: (
    as: oauth.AuthorizationServer,
    oauthClient: oauth.Client,
    auth: oauth.ClientAuth,
    options: oauth.TokenEndpointRequestOptions,
  ) => Promise<Response>,
): Promise<TokenReply> {
  const { provider, http } = client;
  const url = checkServerUrl(
    provider.tokenUrl,
    `token URL of provider ${quoteForMessage(provider.name)}`,
  );
  const where = describeUrl(url);
  const auth = clientAuthentication(client);
  const as: oauth.AuthorizationServer = {
    issuer: provider.issuer ?? url.origin,
    token_endpoint: url.href,
  };
  const redacted = secrets.filter((secret) => secret !== '');
  const fetchVia = fetchThrough(http);
  const options: oauth.TokenEndpointRequestOptions = {
    [oauth.customFetch]: (requestUrl, init) => {
      redacted.push(...basicHeaderSecrets(init.headers));
      return fetchVia(requestUrl, init);
    },
    // oauth4webapi refuses plain http unless told; the URL policy already
    // allowed it, and only for this machine.
    [oauth.allowInsecureRequests]: isLoopbackHttp(url),
  };
  let response: Response;
  try {
    response = await makeRequest(as, { client_id: provider.clientId }, auth, options);
  } catch (error) {
    if (error instanceof VaultError) throw error;
    // oauth4webapi's own errors may carry the request as their cause: keep none of it.
    throw new VaultError('environment', `could not build the token request for ${where}`);
  }
  const body = new Uint8Array(await response.arrayBuffer());
  return parseTokenReply({ status: response.status, body }, where, redacted);
}

function formParams(provider: ProviderConfig, withScope: boolean): URLSearchParams {
  const params = new URLSearchParams(provider.extraParams);
  if (withScope && provider.scope !== null) params.set('scope', provider.scope);
  return params;
}

/** `alsoRedact`: secrets not sent but known to the caller (a bearer's access token, say). */
export async function requestClientCredentials(
  client: TokenClient,
  alsoRedact: readonly string[] = [],
): Promise<TokenReply> {
  const secrets = [client.clientSecret ?? '', ...alsoRedact];
  return send(client, secrets, (as, oauthClient, auth, options) =>
    oauth.clientCredentialsGrantRequest(
      as,
      oauthClient,
      auth,
      formParams(client.provider, true),
      options,
    ),
  );
}

/**
 * No scope is sent with a refresh: the server then grants what the refresh
 * token was issued for, where a narrower configured scope would shrink it.
 * `alsoRedact` as for requestClientCredentials: pass the bearer's access token.
 */
export async function requestRefresh(
  client: TokenClient,
  refreshToken: string,
  alsoRedact: readonly string[] = [],
): Promise<TokenReply> {
  if (refreshToken === '')
    throw new VaultError('bad-input', 'there is no refresh token to refresh with');
  const secrets = [refreshToken, client.clientSecret ?? '', ...alsoRedact];
  return send(client, secrets, (as, oauthClient, auth, options) =>
    oauth.refreshTokenGrantRequest(as, oauthClient, auth, refreshToken, {
      ...options,
      additionalParameters: formParams(client.provider, false),
    }),
  );
}
