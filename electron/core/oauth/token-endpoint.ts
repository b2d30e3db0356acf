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
  const options: oauth.TokenEndpointRequestOptions = {
    [oauth.customFetch]: fetchThrough(http),
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
  return parseTokenReply({ status: response.status, body }, where, secrets);
}

function formParams(provider: ProviderConfig, withScope: boolean): URLSearchParams {
  const params = new URLSearchParams(provider.extraParams);
  if (withScope && provider.scope !== null) params.set('scope', provider.scope);
  return params;
}

export async function requestClientCredentials(client: TokenClient): Promise<TokenReply> {
  const secrets = client.clientSecret ? [client.clientSecret] : [];
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
 */
export async function requestRefresh(
  client: TokenClient,
  refreshToken: string,
): Promise<TokenReply> {
  if (refreshToken === '')
    throw new VaultError('bad-input', 'there is no refresh token to refresh with');
  const secrets = [refreshToken, ...(client.clientSecret ? [client.clientSecret] : [])];
  return send(client, secrets, (as, oauthClient, auth, options) =>
    oauth.refreshTokenGrantRequest(as, oauthClient, auth, refreshToken, {
      ...options,
      additionalParameters: formParams(client.provider, false),
    }),
  );
}
