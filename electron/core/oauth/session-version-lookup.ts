/**
 * The break-glass lookup: GET the provider's userinfo URL with the token
 * itself (`Authorization: Bearer`), and hand back its `session_version` as
 * it is (SessionVersionChecker judges whether it is a usable integer). The
 * URL comes from the provider's config, never from the token.
 *
 * The checker reports failures in generic words on purpose; `lastFailure`
 * keeps our own (secret-free) message so a front end can say more.
 */
import { VaultError } from '../errors';
import type { HttpClient } from '../http/http-client';
import { NetworkError } from '../http/network-error';
import { checkServerUrl, describeUrl } from '../http/url-policy';
import type { SessionVersionLookup } from '../inspect/session-version-check';
import { formatOAuthError, oauthErrorText } from './oauth-error-text';

function parseJson(body: Uint8Array): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body)) };
  } catch {
    return { ok: false };
  }
}

export class UserinfoSessionVersionLookup implements SessionVersionLookup {
  lastFailure: string | null = null;

  constructor(
    private readonly userinfoUrl: string,
    private readonly http: HttpClient,
  ) {}

  async currentSessionVersion(subject: string, bearerToken: string): Promise<unknown> {
    try {
      return await this.ask(subject, bearerToken);
    } catch (error) {
      this.lastFailure = error instanceof VaultError ? error.message : 'unexpected error';
      throw error;
    }
  }

  private async ask(subject: string, bearerToken: string): Promise<unknown> {
    const url = checkServerUrl(this.userinfoUrl, 'userinfo URL');
    const where = describeUrl(url);
    const response = await this.http.send({
      method: 'GET',
      url: url.href,
      headers: { authorization: `Bearer ${bearerToken}`, accept: 'application/json' },
    });
    const { status } = response;
    if (status >= 300 && status < 400) {
      throw new NetworkError(
        'redirect',
        `userinfo endpoint ${where} answered with a redirect (HTTP ${status}); not followed`,
        { status },
      );
    }
    const parsed = parseJson(response.body);
    if (status < 200 || status >= 300) {
      const said = formatOAuthError(oauthErrorText(parsed.ok ? parsed.value : null, [bearerToken]));
      throw new NetworkError(
        'http-status',
        `userinfo endpoint ${where} answered HTTP ${status}${said ? ` ${said}` : ''}`,
        { status },
      );
    }
    if (!parsed.ok)
      throw new NetworkError(
        'not-json',
        `userinfo endpoint ${where} answered with a body that is not JSON`,
        { status },
      );
    const body = parsed.value;
    if (body === null || typeof body !== 'object' || Array.isArray(body)) {
      throw new NetworkError(
        'bad-reply',
        `userinfo endpoint ${where} answered with JSON that is not an object`,
        { status },
      );
    }
    const fields = body as Record<string, unknown>;
    // The answer must be about the token's own user, or it says nothing about this token.
    if (subject !== '' && fields.sub !== undefined && fields.sub !== subject) {
      throw new NetworkError(
        'bad-reply',
        `userinfo endpoint ${where} answered for a different subject`,
        { status },
      );
    }
    return fields.session_version;
  }
}

/** A lookup for a provider without a userinfo URL: always fails, saying why. */
export class MissingSessionVersionLookup implements SessionVersionLookup {
  readonly lastFailure: string;

  constructor(reason: string) {
    this.lastFailure = reason;
  }

  async currentSessionVersion(): Promise<unknown> {
    throw new VaultError('bad-input', this.lastFailure);
  }
}
