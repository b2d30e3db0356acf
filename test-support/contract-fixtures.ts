/**
 * One valid request and one schema-valid response per contract channel, and
 * a fake VaultSession answering with them. Typed as mapped types over every
 * channel, so a channel added to the contract without a fixture is a compile
 * error here too. Secrets in responses carry the leak marker, so a test can
 * tell where they travel.
 */
import {
  EVENTS,
  type ChannelName,
  type ChannelRequest,
  type ChannelResponse,
  type EventName,
  type EventPayload,
  type ParsedRequest,
} from '@shared/contract';
import { EventHub } from '../electron/core/session/event-hub';
import type { VaultSession } from '../electron/core/session/session-api';
import type { HostPorts } from '../electron/core/api/host-ports';
import { markedSecret } from './leak-marker';

export const HOME = '/home/ada/.credvault';
export const ROOT = `${HOME}/bearers`;
const REF = { root: ROOT, id: 'agent-a' };
const EXPIRES = 1_900_000_000;

export const SUMMARY: ChannelResponse<'credvault:bearers.show'> = {
  root: ROOT,
  id: 'agent-a',
  status: 'ok',
  expiresAtUnix: EXPIRES,
  windowS: 300,
  error: null,
  warning: null,
  tokenKind: 'jwt',
  provider: 'acme',
  keepFresh: false,
  storage: 'plain',
  lastRefresh: { atUnix: EXPIRES - 3600, ok: true, message: 'expires at 2030-03-17T17:46:40Z' },
};

const SETTINGS: ChannelResponse<'credvault:settings.get'> = {
  version: 1,
  roots: [{ path: ROOT, windowS: 300, shared: false, keepFresh: false, encrypted: false }],
  keyFiles: [],
  tokenFiles: [`${HOME}/.auth_token`],
  keepFreshBearers: [],
  notifications: { enabled: true },
  clipboard: { clearAfterS: 30 },
  theme: 'system',
  app: { closeToTray: false, launchAtLogin: false },
};

const PROVIDER: ChannelResponse<'credvault:providers.add'> = {
  name: 'acme',
  tokenUrl: 'https://id.example.com/token',
  clientId: 'credvault',
  clientAuth: 'client_secret_post',
  scope: 'openid',
  extraParams: {},
  issuer: 'https://id.example.com',
  jwksUrl: null,
  pasetoPublicKeyHex: null,
  userinfoUrl: null,
  hasClientSecret: true,
  linkedBearers: [REF],
};

const KEY_INFO = {
  name: 'ci',
  hashHex: 'ab'.repeat(32),
  createdAt: '2026-11-01T10:00:00Z',
  lastUsed: null,
  error: null,
};

const POSTURE: ChannelResponse<'credvault:keychain.status'> = {
  backend: null,
  masterKey: 'unavailable',
  reason: 'no keyring answers',
  roots: [],
  providerSecrets: { plain: 1, encrypted: 0 },
};

export const TRAY: ChannelResponse<'credvault:tray.get'> = {
  state: 'ok',
  counts: { expired: 0, nearExpiry: 0, attention: 0, ok: 1 },
  tooltip: 'Credvault: 1 bearer, all fresh',
  items: [],
};

/** A call as a caller would make it (defaults left out). */
export const REQUESTS: { [C in ChannelName]: ChannelRequest<C> } = {
  'credvault:bearers.list': {},
  'credvault:bearers.show': { ref: REF },
  'credvault:bearers.reveal': { ref: REF },
  'credvault:bearers.token': { ref: REF, windowS: 60 },
  'credvault:bearers.put': {
    ref: REF,
    record: { accessToken: 'access', refreshToken: '', expiresAtUnix: EXPIRES },
  },
  'credvault:bearers.remove': { ref: REF },
  'credvault:bearers.link': { ref: REF, provider: 'acme' },
  'credvault:bearers.refresh': { ref: REF },
  'credvault:bearers.checkSv': { ref: REF },
  'credvault:bearers.setKeepFresh': { ref: REF, enabled: true },
  'credvault:inspect.run': { source: { kind: 'text', token: 'a.b.c' } },
  'credvault:keys.list': {},
  'credvault:keys.mint': { name: 'ci' },
  'credvault:keys.validate': { key: 'cv_key' },
  'credvault:keys.revoke': { name: 'ci' },
  'credvault:workspace.list': {},
  'credvault:workspace.reveal': { path: `${HOME}/.auth_token` },
  'credvault:workspace.set': { path: `${HOME}/.auth_token`, token: 'workspace-token' },
  'credvault:providers.list': {},
  'credvault:providers.add': {
    provider: {
      name: 'acme',
      tokenUrl: 'https://id.example.com/token',
      clientId: 'credvault',
      clientAuth: 'none',
      scope: null,
      extraParams: { audience: 'api' },
      issuer: null,
      jwksUrl: null,
      pasetoPublicKeyHex: null,
      userinfoUrl: null,
    },
  },
  'credvault:providers.edit': { name: 'acme', changes: { scope: 'openid email' } },
  'credvault:providers.remove': { name: 'acme' },
  'credvault:providers.token': { name: 'acme' },
  'credvault:settings.get': {},
  'credvault:settings.update': { theme: 'dark' },
  'credvault:settings.addRoot': { path: '/srv/bearers' },
  'credvault:settings.updateRoot': { path: ROOT, windowS: 600 },
  'credvault:settings.removeRoot': { path: '/srv/bearers' },
  'credvault:keychain.status': {},
  'credvault:keychain.enable': { root: ROOT },
  'credvault:keychain.disable': { root: ROOT },
  'credvault:keychain.retry': {},
  'credvault:tray.get': {},
  'credvault:app.resume': {},
  'credvault:app.info': {},
  'credvault:clipboard.copyBearer': { ref: REF, as: 'header' },
};

/** A response each channel's schema accepts; secrets carry the leak marker. */
export function responseFixtures(): { [C in ChannelName]: ChannelResponse<C> } {
  return {
    'credvault:bearers.list': { bearers: [SUMMARY], rootErrors: [] },
    'credvault:bearers.show': SUMMARY,
    'credvault:bearers.reveal': {
      ...SUMMARY,
      expiresAtUnix: EXPIRES,
      accessToken: markedSecret('access'),
      refreshToken: markedSecret('refresh'),
    },
    'credvault:bearers.token': {
      ref: REF,
      accessToken: markedSecret('access'),
      expiresAtUnix: EXPIRES,
      refreshed: false,
      warning: null,
    },
    'credvault:bearers.put': { bearer: SUMMARY, conflict: null },
    'credvault:bearers.remove': { ref: REF, unlinkedFrom: 'acme' },
    'credvault:bearers.link': { ref: REF, provider: 'acme' },
    'credvault:bearers.refresh': {
      ref: REF,
      provider: 'acme',
      requested: true,
      grant: 'refresh_token',
      rotated: true,
      expiresAtUnix: EXPIRES,
      windowS: 300,
      conflict: null,
    },
    'credvault:bearers.checkSv': {
      ref: REF,
      result: 'current',
      tokenSv: 3,
      currentSv: 3,
      reason: null,
      detail: null,
      provider: 'acme',
      signature: 'verified',
      signatureReason: null,
    },
    'credvault:bearers.setKeepFresh': { ref: REF, keepFresh: true },
    'credvault:inspect.run': {
      kind: 'jwt',
      header: { alg: 'RS256' },
      claims: { sub: 'ada' },
      footer: null,
      issuedAt: null,
      notBefore: null,
      expiresAt: { unix: EXPIRES, iso: '2030-03-17T17:46:40Z', relativeS: 1000 },
      scopes: ['openid'],
      audience: [],
      issuer: null,
      subject: 'ada',
      signature: { state: 'not-checked', keyId: null, algorithm: 'RS256', reason: 'no keys' },
      provider: null,
      problem: null,
    },
    'credvault:keys.list': { file: `${HOME}/keys.json`, exists: true, keys: [KEY_INFO] },
    'credvault:keys.mint': {
      file: `${HOME}/keys.json`,
      createdFile: false,
      name: 'ci',
      key: markedSecret('key'),
      hashHex: KEY_INFO.hashHex,
      createdAt: KEY_INFO.createdAt,
    },
    'credvault:keys.validate': {
      valid: true,
      name: 'ci',
      hashHex: KEY_INFO.hashHex,
      warning: null,
    },
    'credvault:keys.revoke': { file: `${HOME}/keys.json`, revoked: [KEY_INFO] },
    'credvault:workspace.list': {
      files: [{ path: `${HOME}/.auth_token`, present: true, error: null }],
    },
    'credvault:workspace.reveal': { path: `${HOME}/.auth_token`, token: markedSecret('ws') },
    'credvault:workspace.set': { path: `${HOME}/.auth_token`, written: true },
    'credvault:providers.list': { providers: [PROVIDER] },
    'credvault:providers.add': PROVIDER,
    'credvault:providers.edit': PROVIDER,
    'credvault:providers.remove': { name: 'acme', unlinked: [REF] },
    'credvault:providers.token': {
      provider: 'acme',
      accessToken: markedSecret('cc'),
      expiresAtUnix: EXPIRES,
      expiresInS: 3600,
      scope: null,
      storedAs: null,
    },
    'credvault:settings.get': SETTINGS,
    'credvault:settings.update': { ...SETTINGS, theme: 'dark' },
    'credvault:settings.addRoot': SETTINGS,
    'credvault:settings.updateRoot': SETTINGS,
    'credvault:settings.removeRoot': SETTINGS,
    'credvault:keychain.status': POSTURE,
    'credvault:keychain.enable': POSTURE,
    'credvault:keychain.disable': POSTURE,
    'credvault:keychain.retry': POSTURE,
    'credvault:tray.get': TRAY,
    'credvault:app.resume': {},
    'credvault:app.info': { version: '0.1.0', home: HOME, mode: 'desktop' },
    'credvault:clipboard.copyBearer': { clearsAfterS: 30 },
  };
}

/** One schema-valid payload per event. */
export const EVENT_FIXTURES: { [E in EventName]: EventPayload<E> } = {
  'credvault:bearers.changed': { root: ROOT, ids: ['agent-a'], origin: 'disk' },
  'credvault:bearers.expiry': { ref: REF, from: 'ok', to: 'near_expiry', expiresAtUnix: EXPIRES },
  'credvault:bearers.keepFresh': { ref: REF, ok: true, message: 'refreshed', retryAtUnix: null },
  'credvault:bearers.open': { ref: REF },
  'credvault:keys.changed': { file: `${HOME}/keys.json` },
  'credvault:providers.changed': {},
  'credvault:settings.changed': SETTINGS,
  'credvault:progress': { task: 'list', root: ROOT, done: 1, total: 2 },
  'credvault:keychain.changed': { masterKey: 'present', reason: null },
  'credvault:tray.changed': TRAY,
  'credvault:notification': { key: 'k', title: 'Credvault', body: 'agent-a expires', ref: REF },
};

for (const [event, payload] of Object.entries(EVENT_FIXTURES)) {
  // A fixture that drifts from its schema would make every test using it lie.
  EVENTS[event as EventName].parse(payload);
}

/** What a fake session method received, in call order. */
export interface RecordedCall {
  method: keyof VaultSession;
  request: unknown;
}

export interface FakeSession {
  session: VaultSession;
  calls: RecordedCall[];
  hub: EventHub;
  responses: ReturnType<typeof responseFixtures>;
  resumed(): number;
}

/** A VaultSession whose every call records its request and answers with its fixture. */
export function fakeSession(): FakeSession {
  const responses = responseFixtures();
  const calls: RecordedCall[] = [];
  const hub = new EventHub();
  let resumes = 0;
  const answer =
    <C extends ChannelName>(method: keyof VaultSession, channel: C) =>
    async (request: ParsedRequest<C>): Promise<ChannelResponse<C>> => {
      calls.push({ method, request });
      return responses[channel];
    };
  const session: VaultSession = {
    home: HOME,
    listBearers: answer('listBearers', 'credvault:bearers.list'),
    showBearer: answer('showBearer', 'credvault:bearers.show'),
    revealBearer: answer('revealBearer', 'credvault:bearers.reveal'),
    bearerToken: answer('bearerToken', 'credvault:bearers.token'),
    putBearer: answer('putBearer', 'credvault:bearers.put'),
    removeBearer: answer('removeBearer', 'credvault:bearers.remove'),
    linkBearer: answer('linkBearer', 'credvault:bearers.link'),
    refreshBearer: answer('refreshBearer', 'credvault:bearers.refresh'),
    checkSv: answer('checkSv', 'credvault:bearers.checkSv'),
    setKeepFresh: answer('setKeepFresh', 'credvault:bearers.setKeepFresh'),
    inspect: answer('inspect', 'credvault:inspect.run'),
    clientCredentialsToken: answer('clientCredentialsToken', 'credvault:providers.token'),
    listKeys: answer('listKeys', 'credvault:keys.list'),
    mintKey: answer('mintKey', 'credvault:keys.mint'),
    validateKey: answer('validateKey', 'credvault:keys.validate'),
    revokeKeys: answer('revokeKeys', 'credvault:keys.revoke'),
    listTokenFiles: answer('listTokenFiles', 'credvault:workspace.list'),
    revealTokenFile: answer('revealTokenFile', 'credvault:workspace.reveal'),
    setTokenFile: answer('setTokenFile', 'credvault:workspace.set'),
    listProviders: answer('listProviders', 'credvault:providers.list'),
    addProvider: answer('addProvider', 'credvault:providers.add'),
    editProvider: answer('editProvider', 'credvault:providers.edit'),
    removeProvider: answer('removeProvider', 'credvault:providers.remove'),
    getSettings: answer('getSettings', 'credvault:settings.get'),
    updateSettings: answer('updateSettings', 'credvault:settings.update'),
    addRoot: answer('addRoot', 'credvault:settings.addRoot'),
    updateRoot: answer('updateRoot', 'credvault:settings.updateRoot'),
    removeRoot: answer('removeRoot', 'credvault:settings.removeRoot'),
    keychainStatus: answer('keychainStatus', 'credvault:keychain.status'),
    enableKeychain: answer('enableKeychain', 'credvault:keychain.enable'),
    disableKeychain: answer('disableKeychain', 'credvault:keychain.disable'),
    retryKeychain: answer('retryKeychain', 'credvault:keychain.retry'),
    subscribe: (event, listener) => hub.subscribe(event, listener),
    startWatching: async () => {},
    resume: () => {
      resumes += 1;
    },
    close: async () => {},
  };
  return { session, calls, hub, responses, resumed: () => resumes };
}

/** Host ports for every later-issue channel, each answering with its fixture. */
export function fakeHostPorts(overrides: Partial<HostPorts> = {}): HostPorts & {
  copied: Array<{ text: string; clearAfterS: number | null }>;
} {
  const copied: Array<{ text: string; clearAfterS: number | null }> = [];
  return {
    mode: 'desktop',
    version: '0.1.0',
    clipboard: {
      copySecret: async (text, clearAfterS) => {
        copied.push({ text, clearAfterS });
      },
    },
    tray: { model: async () => TRAY },
    ...overrides,
    copied,
  };
}
