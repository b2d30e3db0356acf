import { describe, expect, it } from 'vitest';
import {
  applySessionPolicy,
  hardenContents,
  isAppResource,
  mainWindowOptions,
  type HardenableContents,
  type PolicySession,
} from './window';

describe('the main window’s options', () => {
  const options = mainWindowOptions('/app/out/preload/index.cjs', {
    x: 10,
    y: 20,
    width: 900,
    height: 600,
    maximized: false,
  });

  it('isolates and sandboxes the page, with no Node anywhere and web security on', () => {
    expect(options.webPreferences).toMatchObject({
      preload: '/app/out/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
  });

  it('opens hidden (shown once painted) at the remembered place', () => {
    expect(options).toMatchObject({ show: false, x: 10, y: 20, width: 900, height: 600 });
    const unplaced = mainWindowOptions('/p', { width: 800, height: 500, maximized: false });
    expect(unplaced).not.toHaveProperty('x');
    expect(unplaced).not.toHaveProperty('y');
  });
});

function fakeContents() {
  const listeners = new Map<string, (event: { preventDefault(): void }) => void>();
  let openHandler: (() => { action: string }) | undefined;
  const contents: HardenableContents = {
    on(event, listener) {
      listeners.set(event, listener);
    },
    setWindowOpenHandler(handler) {
      openHandler = handler;
    },
  };
  const fire = (event: string) => {
    let prevented = false;
    listeners.get(event)?.({ preventDefault: () => (prevented = true) });
    return prevented;
  };
  return { contents, fire, open: () => openHandler?.() };
}

describe('hardenContents', () => {
  it('refuses every navigation, redirect and <webview>', () => {
    const fake = fakeContents();
    hardenContents(fake.contents);
    expect(fake.fire('will-navigate')).toBe(true);
    expect(fake.fire('will-redirect')).toBe(true);
    expect(fake.fire('will-attach-webview')).toBe(true);
  });

  it('denies window.open', () => {
    const fake = fakeContents();
    hardenContents(fake.contents);
    expect(fake.open()).toEqual({ action: 'deny' });
  });
});

function fakeSession() {
  let request: Parameters<PolicySession['setPermissionRequestHandler']>[0] | undefined;
  let check: (() => boolean) | undefined;
  let beforeRequest: Parameters<PolicySession['webRequest']['onBeforeRequest']>[0] | undefined;
  const session: PolicySession = {
    setPermissionRequestHandler: (handler) => (request = handler),
    setPermissionCheckHandler: (handler) => (check = handler),
    webRequest: { onBeforeRequest: (listener) => (beforeRequest = listener) },
  };
  return {
    session,
    ask(permission: string) {
      let granted: boolean | undefined;
      request!({}, permission, (answer) => (granted = answer));
      return granted;
    },
    check: () => check!(),
    load(url: string) {
      let cancelled: boolean | undefined;
      beforeRequest!({ url }, (response) => (cancelled = response.cancel));
      return cancelled;
    },
  };
}

describe('applySessionPolicy', () => {
  it.each([
    'notifications',
    'media',
    'clipboard-read',
    'clipboard-sanitized-write',
    'geolocation',
    'openExternal',
  ])('refuses the %s permission, asked or checked', (permission) => {
    const fake = fakeSession();
    applySessionPolicy(fake.session);
    expect(fake.ask(permission)).toBe(false);
    expect(fake.check()).toBe(false);
  });

  it('cancels every request that is not for the app’s own files', () => {
    const fake = fakeSession();
    applySessionPolicy(fake.session);
    expect(fake.load('app://credvault/assets/app.js')).toBe(false);
    expect(fake.load('https://cdn.example/lib.js')).toBe(true);
    expect(fake.load('http://127.0.0.1:8080/')).toBe(true);
    expect(fake.load('file:///etc/passwd')).toBe(true);
    expect(fake.load('app://credvault.evil/')).toBe(true);
    expect(fake.load('app://other/index.html')).toBe(true);
  });

  it('isAppResource is an exact prefix, not a look-alike host', () => {
    expect(isAppResource('app://credvault/')).toBe(true);
    expect(isAppResource('app://credvaultx/')).toBe(false);
    expect(isAppResource('app://credvault')).toBe(false);
  });
});
