/**
 * The one Content-Security-Policy of every page Credvault shows: the desktop
 * window (app:// protocol), browser mode's server, and (less frame-ancestors,
 * which a meta tag cannot carry) renderer/index.html. No inline script, no
 * eval, nothing from elsewhere, never framed.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  "img-src 'self' data:",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');
