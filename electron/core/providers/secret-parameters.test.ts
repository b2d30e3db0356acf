import { describe, expect, it } from 'vitest';
import { markedSecret, rejectionOf } from '../../../test-support/leak-marker';
import { makeTempDir } from '../../../test-support/temp-dir';
import type { VaultError } from '../errors';
import type { ProviderConfig } from './provider-config';
import { ProviderStore } from './provider-store';
import { elideQueryValues } from './secret-parameters';

function config(overrides: Partial<ProviderConfig>): ProviderConfig {
  return {
    name: 'acme',
    tokenUrl: 'https://auth.example.com/token',
    clientId: 'client-1',
    clientAuth: 'client_secret_post',
    scope: null,
    extraParams: {},
    issuer: null,
    jwksUrl: null,
    pasetoPublicKeyHex: null,
    userinfoUrl: null,
    ...overrides,
  };
}

const SECRET_NAMES = [
  'client_secret',
  'password',
  'refresh_token',
  'access_token',
  'assertion',
  'client_assertion',
  'code_verifier',
];

/** The name as a user might type it: upper case, mixed case. */
const spellings = (name: string) => [
  name,
  name.toUpperCase(),
  name[0]!.toUpperCase() + name.slice(1),
];

async function refusal(overrides: Partial<ProviderConfig>): Promise<VaultError> {
  const store = new ProviderStore(makeTempDir());
  const error = (await rejectionOf(store.add(config(overrides), markedSecret()))) as VaultError;
  expect(error.kind).toBe('bad-input');
  expect(await store.list()).toEqual([]);
  return error;
}

describe('secrets kept out of a provider configuration', () => {
  it.each(SECRET_NAMES)(
    'refuses %s as an extra parameter, in any case, pointing to stdin',
    async (name) => {
      for (const spelled of spellings(name)) {
        const error = await refusal({ extraParams: { [spelled]: markedSecret() } });
        expect(error.message).toContain(`extra parameter "${spelled}" would carry a secret`);
        expect(error.message).toMatch(/standard input/);
      }
    },
  );

  it('says the client secret goes through --client-secret-stdin', async () => {
    const error = await refusal({ extraParams: { client_secret: markedSecret() } });
    expect(error.message).toMatch(
      /give the client secret on standard input with --client-secret-stdin$/,
    );
  });

  it.each(SECRET_NAMES)(
    'refuses a token URL carrying %s in its query, in any spelling',
    async (name) => {
      const secret = markedSecret();
      const queries = [
        ...spellings(name).map((spelled) => `?${spelled}=${secret}`),
        `?tenant=t&${name}=${secret}`,
        `?tenant=t;${name}=${secret}`,
        `?${encodeURIComponent(name).replace('_', '%5F')}=${secret}`,
        `?${name}`,
      ];
      for (const query of queries) {
        const error = await refusal({ tokenUrl: `https://auth.example.com/token${query}` });
        expect(error.message, query).toMatch(
          new RegExp(`^token URL carries "${name}" in its query; .*standard input`),
        );
      }
    },
  );

  it('applies the same rule to every URL the provider stores', async () => {
    const secret = markedSecret();
    const cases: Array<[Partial<ProviderConfig>, string]> = [
      [{ jwksUrl: `https://auth.example.com/jwks?access_token=${secret}` }, 'JWKS URL'],
      [{ userinfoUrl: `https://auth.example.com/me?Access_Token=${secret}` }, 'userinfo URL'],
      [{ issuer: `https://auth.example.com/?password=${secret}` }, 'issuer'],
    ];
    for (const [overrides, what] of cases) {
      expect((await refusal(overrides)).message).toMatch(new RegExp(`^${what} carries `));
    }
  });

  it('never quotes the query of a URL it cannot parse', async () => {
    const secret = markedSecret();
    const error = await refusal({ tokenUrl: `https://[bad/token?code=${secret}` });
    expect(error.message).toBe('token URL "https://[bad/token" is not a valid URL');
  });

  it('still accepts other parameters and queries', async () => {
    const store = new ProviderStore(makeTempDir());
    await store.add(
      config({
        tokenUrl: 'https://auth.example.com/token?tenant=t1',
        extraParams: { provider: 'client_credentials', audience: 'api' },
      }),
      markedSecret(),
    );
    expect((await store.get('acme')).tokenUrl).toBe('https://auth.example.com/token?tenant=t1');
  });
});

describe('URLs as listings show them', () => {
  it.each([
    ['https://a.example/token', 'https://a.example/token'],
    ['https://a.example/token?tenant=t1', 'https://a.example/token?tenant=…'],
    ['https://a.example/token?a=1&b=&c', 'https://a.example/token?a=…&b=…&…'],
    ['https://a.example/token?a=1;b=2#frag', 'https://a.example/token?a=…&b=…#…'],
    ['https://a.example/token#access_token=x', 'https://a.example/token#…'],
    ['https://a.example/token?', 'https://a.example/token?'],
  ])('%s lists as %s', (raw, shown) => {
    expect(elideQueryValues(raw)).toBe(shown);
  });
});
