import { describe, expect, it } from 'vitest';
import { summary } from '../test-support/fake-vault-client';
import { filterBearers } from './bearer-filter';

const rows = [
  summary('agent-ci', { provider: 'acme', tokenKind: 'jwt' }),
  summary('agent-deploy', { status: 'near_expiry', tokenKind: 'paseto-v4-public' }),
  summary('broken', {
    root: '/srv/ci/bearers',
    status: 'invalid',
    expiresAtUnix: null,
    tokenKind: null,
    error: 'expires_at.json is not a whole number of seconds',
  }),
];
const ids = (query: string) => filterBearers(rows, query).map((row) => row.id);

describe('the bearers filter', () => {
  it('keeps every row, in order, for an empty or blank query', () => {
    expect(ids('')).toEqual(['agent-ci', 'agent-deploy', 'broken']);
    expect(ids('   ')).toEqual(['agent-ci', 'agent-deploy', 'broken']);
  });

  it('matches each word anywhere, case-insensitively, all words required', () => {
    expect(ids('AGENT')).toEqual(['agent-ci', 'agent-deploy']);
    expect(ids('agent acme')).toEqual(['agent-ci']);
    expect(ids('/srv/ci')).toEqual(['broken']);
    expect(ids('whole number')).toEqual(['broken']);
  });

  it('scopes a word to a column with field:word', () => {
    expect(ids('id:ci')).toEqual(['agent-ci']); // not "broken", whose root holds "ci"
    expect(ids('status:near')).toEqual(['agent-deploy']);
    expect(ids('status:near_expiry')).toEqual(['agent-deploy']);
    expect(ids('kind:paseto')).toEqual(['agent-deploy']);
    expect(ids('provider:acme')).toEqual(['agent-ci']);
  });

  it('treats an unknown prefix as text to find', () => {
    expect(ids('https://id.example')).toEqual([]);
    expect(ids('bearers:')).toEqual([]);
  });
});
