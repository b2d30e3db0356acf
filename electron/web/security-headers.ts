/**
 * Headers on every response of the browser-mode server, data or refusal:
 * the same strict CSP as the desktop app's window (no inline script, no
 * eval, nothing from elsewhere, never framed), and nothing cached or sent
 * on as a referrer. No Access-Control-* header is ever sent: the API is for
 * this origin's page only.
 */
import type { OutgoingHttpHeaders } from 'node:http';
import { CONTENT_SECURITY_POLICY } from '@shared/csp';

export { CONTENT_SECURITY_POLICY };

export const SECURITY_HEADERS: Readonly<OutgoingHttpHeaders> = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  // The page is small and served from this machine: never worth a stale copy,
  // and API answers may hold a secret that no cache should keep.
  'cache-control': 'no-store',
};
