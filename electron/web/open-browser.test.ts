/**
 * Which opener starts the browser, and when none is tried: the URL always
 * travels as one argument (never through a shell), and a Linux session with
 * no display (SSH) starts nothing that could take over the terminal.
 */
import { describe, expect, it } from 'vitest';
import { openerFor } from './open-browser';

const URL_WITH_CODE = 'http://127.0.0.1:8765/#code=abc-DEF_123';

describe('openerFor', () => {
  it('uses xdg-open on a Linux desktop, and nothing without a display', () => {
    expect(openerFor(URL_WITH_CODE, 'linux', { DISPLAY: ':0' })).toEqual({
      command: 'xdg-open',
      args: [URL_WITH_CODE],
    });
    expect(openerFor(URL_WITH_CODE, 'linux', { WAYLAND_DISPLAY: 'wayland-0' })?.command).toBe(
      'xdg-open',
    );
    expect(openerFor(URL_WITH_CODE, 'linux', {})).toBeNull();
    expect(openerFor(URL_WITH_CODE, 'linux', { DISPLAY: '' })).toBeNull();
  });

  it('uses the platform opener on macOS and Windows, the URL as one argument', () => {
    expect(openerFor(URL_WITH_CODE, 'darwin', {})).toEqual({
      command: 'open',
      args: [URL_WITH_CODE],
    });
    expect(openerFor(URL_WITH_CODE, 'win32', {})).toEqual({
      command: 'rundll32',
      args: ['url.dll,FileProtocolHandler', URL_WITH_CODE],
    });
  });
});
