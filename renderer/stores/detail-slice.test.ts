import { beforeEach, describe, expect, it } from 'vitest';
import { ContractError } from '@shared/contract';
import { FakeVaultClient, ROOT, fakeDeps, summary } from '../test-support/fake-vault-client';
import { stateText } from '../test-support/state-text';
import { createAppStore, type AppStore } from './app-store';
import { connectEvents } from './connect-events';
import { BROWSER_CLIPBOARD_NOTE, type Inspection } from './detail-slice';

// Marked like every test secret (see test-support/leak-marker.ts), written out
// here because the renderer's tests cannot load Node's crypto.
const ACCESS_TOKEN = 'eyJhbGciOiJFUzI1NiJ9.access-LEAKMARK-5f1c.sig';
const REFRESH_TOKEN = 'refresh-LEAKMARK-9a0e';
const REF = { root: ROOT, id: 'agent-ci' };

const revealed = (accessToken: string) => ({
  ...summary('agent-ci'),
  expiresAtUnix: 2_000_000_000,
  accessToken,
  refreshToken: REFRESH_TOKEN,
});

const INSPECTION: Inspection = {
  kind: 'jwt',
  header: { alg: 'ES256', kid: 'k1' },
  claims: { sub: 'agent-ci', scope: 'read write' },
  footer: null,
  issuedAt: null,
  notBefore: null,
  expiresAt: { unix: 2_000_000_000, iso: '2033-05-18T03:33:20Z', relativeS: 100 },
  scopes: ['read', 'write'],
  audience: ['api'],
  issuer: 'https://id.example.test',
  subject: 'agent-ci',
  signature: { state: 'verified', keyId: 'k1', algorithm: 'ES256', reason: null },
  provider: 'acme',
  problem: null,
};

describe('the detail slice', () => {
  let client: FakeVaultClient;
  let store: AppStore;
  let clipboard: string[];

  const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
  const withMode = (mode: 'desktop' | 'browser') => {
    client.handlers['credvault:app.info'] = () => ({ version: '0.1.0', home: '/home/dev', mode });
    return store.getState().loadAppInfo();
  };

  beforeEach(() => {
    client = new FakeVaultClient({
      'credvault:inspect.run': () => INSPECTION,
      'credvault:bearers.reveal': () => revealed(ACCESS_TOKEN),
      'credvault:bearers.show': () => summary('agent-ci'),
      'credvault:settings.get': () => ({
        version: 1,
        roots: [{ path: ROOT, windowS: 300, shared: false, keepFresh: false, encrypted: false }],
        keyFiles: [],
        tokenFiles: [],
        keepFreshBearers: [],
        notifications: { enabled: true },
        clipboard: { clearAfterS: 30 },
        theme: 'system',
        app: { closeToTray: false, launchAtLogin: false },
      }),
    });
    const fake = fakeDeps(client);
    clipboard = fake.clipboard;
    store = createAppStore(fake.deps);
    connectEvents(client, store);
  });

  it('inspects the bearer in the vault, verifying, and holds no token until Reveal', async () => {
    store.getState().openDetail(REF);
    await settle();
    expect(client.callsTo('credvault:inspect.run')).toEqual([
      { source: { kind: 'bearer', ref: REF }, verify: true },
    ]);
    expect(store.getState().detail.inspection).toEqual({ state: 'ready', value: INSPECTION });
    expect(client.callsTo('credvault:bearers.reveal')).toEqual([]);
    expect(stateText(store.getState())).not.toContain('LEAKMARK');

    await store.getState().revealToken();
    expect(store.getState().detail.reveal).toEqual({ state: 'shown', accessToken: ACCESS_TOKEN });
    // Only the access token: the refresh token is dropped on arrival.
    expect(stateText(store.getState())).not.toContain(REFRESH_TOKEN);
  });

  it('drops the revealed token when the detail closes, and when it shows another bearer', async () => {
    store.getState().openDetail(REF);
    await store.getState().revealToken();
    store.getState().closeDetail();
    expect(stateText(store.getState())).not.toContain('LEAKMARK');

    store.getState().openDetail(REF);
    await store.getState().revealToken();
    store.getState().openDetail({ root: ROOT, id: 'other' });
    expect(stateText(store.getState())).not.toContain('LEAKMARK');
  });

  it('drops a Reveal that answers after the detail closed', async () => {
    store.getState().openDetail(REF);
    client.hold();
    const revealing = store.getState().revealToken();
    store.getState().closeDetail();
    client.release();
    await revealing;
    expect(store.getState().detail.ref).toBeNull();
    expect(stateText(store.getState())).not.toContain('LEAKMARK');
  });

  it('hides a shown token and inspects again when the bearer changes on disk', async () => {
    store.getState().openDetail(REF);
    await store.getState().revealToken();
    client.calls.length = 0;
    client.emit('credvault:bearers.changed', { root: ROOT, ids: ['agent-ci'], origin: 'disk' });
    await settle();
    expect(store.getState().detail.reveal).toEqual({ state: 'hidden' });
    expect(stateText(store.getState())).not.toContain('LEAKMARK');
    expect(client.callsTo('credvault:inspect.run')).toHaveLength(1);
  });

  it('leaves the open detail alone when another bearer changes', async () => {
    store.getState().openDetail(REF);
    await store.getState().revealToken();
    client.emit('credvault:bearers.changed', { root: ROOT, ids: ['someone-else'], origin: 'disk' });
    await settle();
    expect(store.getState().detail.reveal.state).toBe('shown');
  });

  it('checks the break-glass session version only when asked, with its reasons', async () => {
    client.handlers['credvault:bearers.checkSv'] = ({ ref }) => ({
      ref,
      result: 'stale',
      tokenSv: 3,
      currentSv: 4,
      reason: 'the session was revoked at version 4',
      provider: 'acme',
      signature: 'verified',
      signatureReason: null,
    });
    store.getState().openDetail(REF);
    await settle();
    expect(client.callsTo('credvault:bearers.checkSv')).toEqual([]);
    await store.getState().checkSv();
    expect(store.getState().detail.sv).toMatchObject({
      state: 'ready',
      value: { result: 'stale', reason: 'the session was revoked at version 4' },
    });
  });

  it('copies in the desktop app through main: the token never enters the page', async () => {
    await withMode('desktop');
    client.handlers['credvault:clipboard.copyBearer'] = () => ({ clearsAfterS: 30 });
    store.getState().openDetail(REF);
    await store.getState().copyToken('header');
    expect(client.callsTo('credvault:clipboard.copyBearer')).toEqual([{ ref: REF, as: 'header' }]);
    expect(client.callsTo('credvault:bearers.reveal')).toEqual([]);
    expect(clipboard).toEqual([]);
    expect(store.getState().detail.copy).toEqual({
      state: 'done',
      as: 'header',
      message: 'Copied the Authorization header. The clipboard clears in 30 s.',
    });
  });

  it('copies in a browser by revealing, says the clipboard stays, and keeps no token', async () => {
    await withMode('browser');
    store.getState().openDetail(REF);
    await store.getState().copyToken('header');
    expect(clipboard).toEqual([`Authorization: Bearer ${ACCESS_TOKEN}`]);
    expect(client.callsTo('credvault:clipboard.copyBearer')).toEqual([]);
    const { copy } = store.getState().detail;
    expect(copy.state === 'done' && copy.message).toContain(BROWSER_CLIPBOARD_NOTE);
    expect(stateText(store.getState())).not.toContain('LEAKMARK');
  });

  it('refuses to copy as a header a token that would break the header line', async () => {
    await withMode('browser');
    client.handlers['credvault:bearers.reveal'] = () => revealed(`${ACCESS_TOKEN}\r\nX-Evil: 1`);
    store.getState().openDetail(REF);
    await store.getState().copyToken('header');
    expect(clipboard).toEqual([]);
    const { copy } = store.getState().detail;
    expect(copy.state).toBe('failed');
    expect(stateText(store.getState())).not.toContain('LEAKMARK');
  });

  it('falls back to the page’s copy when the vault says it has no clipboard', async () => {
    client.handlers['credvault:clipboard.copyBearer'] = () => {
      throw new ContractError({ kind: 'unsupported', message: 'no clipboard here', input: null });
    };
    store.getState().openDetail(REF);
    await store.getState().copyToken('token');
    expect(clipboard).toEqual([ACCESS_TOKEN]);
  });
});
