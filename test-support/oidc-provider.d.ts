/**
 * The little of oidc-provider 9 (a dev dependency without bundled types) that
 * oidc-test-server.ts uses.
 */
declare module 'oidc-provider' {
  import type { IncomingMessage, ServerResponse } from 'node:http';

  interface OidcModelInstance {
    save(): Promise<string>;
    consumed?: number;
    addResourceScope(resource: string, scope: string): void;
  }

  interface OidcModelClass {
    new (payload: Record<string, unknown>): OidcModelInstance;
    find(
      value: string,
      options?: { ignoreExpiration?: boolean },
    ): Promise<OidcModelInstance | undefined>;
    prototype: { generateTokenId(): string };
  }

  export default class Provider {
    constructor(issuer: string, configuration: Record<string, unknown>);
    callback(): (req: IncomingMessage, res: ServerResponse) => void;
    Client: { find(id: string): Promise<unknown> };
    Grant: OidcModelClass;
    RefreshToken: OidcModelClass;
  }
}
