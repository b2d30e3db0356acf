/**
 * What a token endpoint's error text may say back to the user: nothing of a
 * secret, whatever form the server echoes it in. The "server" here echoes
 * what it received, so the Basic header checked is the one really sent.
 */
import { describe, expect, it } from 'vitest';
import {
  LEAK_MARKER,
  assertErrorHasNoLeak,
  markedSecret,
  rejectionOf,
} from '../../../test-support/leak-marker';
import type { HttpClient, HttpRequest } from '../http/http-client';
import type { ProviderConfig } from '../providers/provider-config';
import { requestClientCredentials, requestRefresh, type TokenClient } from './token-endpoint';

const TOKEN_URL = 'https://auth.example.com/token';

/** A token endpoint that refuses every request, saying `echo(request)` as its description. */
function echoingServer(echo: (request: HttpRequest) => string): HttpClient & {
  requests: HttpRequest[];
} {
  const requests: HttpRequest[] = [];
  return {
    requests,
    timeoutMs: 1000,
    send: async (request) => {
      requests.push(request);
      const body = JSON.stringify({ error: 'invalid_client', error_description: echo(request) });
      return { status: 401, headers: new Headers(), body: new TextEncoder().encode(body) };
    },
  };
}

function client(
  http: HttpClient,
  clientSecret: string,
  clientAuth: ProviderConfig['clientAuth'] = 'client_secret_basic',
): TokenClient {
  return {
    provider: {
      name: 'acme',
      tokenUrl: TOKEN_URL,
      clientId: 'acme-client',
      clientAuth,
      scope: null,
      extraParams: {},
      issuer: null,
      jwksUrl: null,
      pasetoPublicKeyHex: null,
      userinfoUrl: null,
    },
    clientSecret,
    http,
  };
}

function authorizationOf(request: HttpRequest): string {
  return new Headers(request.headers).get('authorization') ?? '';
}

/** The description the user is shown, with the leak guard applied to the whole error. */
async function shownDescription(promise: Promise<unknown>): Promise<string> {
  const error = await rejectionOf(promise);
  assertErrorHasNoLeak(error);
  const match = /invalid_client \((.*)\)$/.exec(error.message);
  return match?.[1] ?? error.message;
}

describe('token endpoint error text', () => {
  // A secret with characters that URL and form encoding change.
  const secret = `${markedSecret('client')} s/cr+t*é`;

  it('cuts out the echoed Basic header, its base64, its decoding and its password', async () => {
    const echoes: ((request: HttpRequest) => string)[] = [
      (request) => `bad header ${authorizationOf(request)}`,
      (request) => `bad credentials ${authorizationOf(request).slice('Basic '.length)}`,
      (request) =>
        `decoded ${Buffer.from(authorizationOf(request).slice(6), 'base64').toString('utf8')}`,
      (request) => `mid-header ${authorizationOf(request).slice(20, 34)}`,
    ];
    for (const echo of echoes) {
      const http = echoingServer(echo);
      const shown = await shownDescription(requestClientCredentials(client(http, secret)));
      expect(authorizationOf(http.requests[0]!)).toMatch(/^Basic \S+$/);
      expect(shown).toMatch(/\[redacted\]/);
      // No 8-character piece of what was sent survives in the shown text.
      const sent = authorizationOf(http.requests[0]!).slice(6);
      for (let i = 0; i + 8 <= sent.length; i++) expect(shown).not.toContain(sent.slice(i, i + 8));
    }
  });

  it('cuts out the secret upper-cased, a 14-character piece of it, and its encodings', async () => {
    const echoes = [
      secret.toUpperCase(),
      secret.slice(3, 17),
      secret.slice(3, 17).toUpperCase(),
      encodeURIComponent(secret),
      new URLSearchParams({ s: secret }).toString().slice(2),
    ];
    for (const echoed of echoes) {
      const http = echoingServer(() => `unknown secret ${echoed} for acme-client`);
      const shown = await shownDescription(
        requestClientCredentials(client(http, secret, 'client_secret_post')),
      );
      expect(shown).toBe('unknown secret [redacted] for acme-client');
    }
  });

  it('cuts out the refresh token sent and the access token the caller knows', async () => {
    const refreshToken = markedSecret('refresh');
    const accessToken = markedSecret('access');
    const http = echoingServer(
      () =>
        `refresh ${refreshToken.toUpperCase()} access ${accessToken.slice(2, 12)} sent ${encodeURIComponent(accessToken)}`,
    );
    const shown = await shownDescription(
      requestRefresh(client(http, secret), refreshToken, [accessToken]),
    );
    expect(shown).toBe('refresh [redacted] access [redacted] sent [redacted]');
    expect(shown).not.toContain(LEAK_MARKER);
  });
});
