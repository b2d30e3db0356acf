import { describe, expect, it } from 'vitest';
import type { ProviderInfo } from '../../stores/providers-slice';
import {
  changesOf,
  configOf,
  EMPTY_VALUES,
  formProblem,
  parseExtraParams,
  valuesOf,
} from './provider-form-values';

const PROVIDER: ProviderInfo = {
  name: 'corp',
  tokenUrl: 'https://id.example.com/token?tenant=t1',
  clientId: 'svc',
  clientAuth: 'client_secret_basic',
  scope: 'read write',
  extraParams: { audience: 'api', resource: 'https://api.example.com' },
  issuer: 'https://id.example.com',
  jwksUrl: null,
  pasetoPublicKeyHex: null,
  userinfoUrl: 'https://id.example.com/userinfo',
  hasClientSecret: true,
  linkedBearers: [],
};

describe('the provider form values', () => {
  it('prefill every field of a provider, and nothing changed means no changes', () => {
    const values = valuesOf(PROVIDER);
    expect(values).toMatchObject({
      name: 'corp',
      tokenUrl: 'https://id.example.com/token?tenant=t1',
      scope: 'read write',
      jwksUrl: '',
      extraParams: 'audience=api\nresource=https://api.example.com',
    });
    expect(changesOf(PROVIDER, values)).toEqual({});
  });

  it('send only what changed, a cleared optional field as null', () => {
    const values = {
      ...valuesOf(PROVIDER),
      tokenUrl: ' https://id.example.com/v2/token ',
      scope: '  ',
      extraParams: 'resource=https://api.example.com\naudience=api',
    };
    expect(changesOf(PROVIDER, values)).toEqual({
      tokenUrl: 'https://id.example.com/v2/token',
      scope: null,
    });
    expect(changesOf(PROVIDER, { ...values, extraParams: '' })).toMatchObject({ extraParams: {} });
  });

  it('make a whole config for Add, empty optional fields as none', () => {
    expect(
      configOf({ ...EMPTY_VALUES, name: ' corp ', tokenUrl: 'https://a/t', clientId: 'svc' }),
    ).toEqual({
      name: 'corp',
      tokenUrl: 'https://a/t',
      clientId: 'svc',
      clientAuth: 'client_secret_post',
      scope: null,
      extraParams: {},
      issuer: null,
      jwksUrl: null,
      pasetoPublicKeyHex: null,
      userinfoUrl: null,
    });
  });

  it('read extra parameters one name=value a line, naming the line that is not', () => {
    expect(parseExtraParams('\n audience = api \n\nprompt=\nx=a=b')).toEqual({
      audience: 'api',
      prompt: '',
      x: 'a=b',
    });
    expect(formProblem({ ...EMPTY_VALUES, extraParams: 'a=1\njust-a-name' })).toBe(
      'Extra parameters: line 2 is not name=value',
    );
    expect(formProblem({ ...EMPTY_VALUES, extraParams: '=1' })).toBe(
      'Extra parameters: line 1 is not name=value',
    );
    expect(formProblem({ ...EMPTY_VALUES, extraParams: 'a=1\na=2' })).toBe(
      'Extra parameters: a is given twice',
    );
    expect(formProblem(EMPTY_VALUES)).toBeNull();
  });
});
