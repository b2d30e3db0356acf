/**
 * One provider's sv checker shared by many checks: each check reports its
 * own lookup failure, never the one another check met at the same time.
 */
import { describe, expect, it } from 'vitest';
import type { HttpClient, HttpRequest } from '../http/http-client';
import type { TokenInspection } from '../inspect/inspect-token';
import { systemClock } from '../ports/clock';
import { ProviderSessionVersion } from './provider-check-tools';

/** A token whose claims were read without keys (the provider has none). */
function unverified(subject: string, sv: number): TokenInspection {
  return {
    kind: 'jwt',
    header: { alg: 'ES256' },
    claims: { sub: subject, sv },
    footer: null,
    issuedAt: null,
    notBefore: null,
    expiresAt: null,
    scopes: [],
    audience: [],
    issuer: null,
    subject,
    signature: { state: 'not-checked', reason: 'no keys configured' },
    problem: null,
  };
}

/** Answers each token with the HTTP status it names, after `release()`. */
function statusPerToken(): HttpClient & { release(): void; requests: number } {
  let release = () => {};
  const gate = new Promise<void>((resolve) => (release = resolve));
  const client = {
    timeoutMs: 1000,
    requests: 0,
    release: () => release(),
    send: async (request: HttpRequest) => {
      client.requests++;
      await gate;
      const status = Number(/status-(\d+)/.exec(request.headers?.authorization ?? '')?.[1]);
      return {
        status,
        headers: new Headers(),
        body: new TextEncoder().encode('{"error":"server_error"}'),
      };
    },
  };
  return client;
}

describe('ProviderSessionVersion', () => {
  it('gives each concurrent check its own lookup failure', async () => {
    const http = statusPerToken();
    const sv = new ProviderSessionVersion({
      userinfoUrl: 'http://127.0.0.1:9/userinfo',
      http,
      clock: systemClock,
    });
    const first = sv.check('status-500', unverified('alice', 1), { keysConfigured: false });
    const second = sv.check('status-503', unverified('bob', 1), { keysConfigured: false });
    http.release();
    const [a, b] = await Promise.all([first, second]);
    expect(http.requests).toBe(2);
    expect(a.result.result).toBe('unverifiable');
    expect(a.lookupFailure).toContain('HTTP 500');
    expect(b.result.result).toBe('unverifiable');
    expect(b.lookupFailure).toContain('HTTP 503');
  });

  it('does not report an old failure once the lookup works again', async () => {
    let status = 500;
    const http: HttpClient = {
      timeoutMs: 1000,
      send: async () => ({
        status,
        headers: new Headers(),
        body: new TextEncoder().encode(status === 200 ? '{"session_version":"x"}' : '{}'),
      }),
    };
    const sv = new ProviderSessionVersion({
      userinfoUrl: 'http://127.0.0.1:9/userinfo',
      http,
      clock: systemClock,
    });
    const failed = await sv.check('tok', unverified('alice', 1), { keysConfigured: false });
    expect(failed.lookupFailure).toContain('HTTP 500');
    status = 200; // answers, but with a version that is not an integer
    const answered = await sv.check('tok', unverified('alice', 1), { keysConfigured: false });
    expect(answered.result).toMatchObject({ result: 'unverifiable' });
    expect(answered.lookupFailure).toBeNull();
  });
});
