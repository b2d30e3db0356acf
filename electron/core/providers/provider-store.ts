/**
 * The named providers of one vault: `<home>/providers.json` for what is not
 * secret, the SecretStore for client secrets. A provider's secret is written
 * before its config and removed after it, so a config never names a secret
 * that a crash left unwritten.
 */
import { join } from 'node:path';
import { z } from 'zod';
import { VaultError } from '../errors';
import type { LockOptions } from '../locks/file-lock';
import { quoteForMessage } from '../text/quote-for-message';
import { ConfigFile } from './config-file';
import {
  checkProviderConfig,
  fromFileEntry,
  needsClientSecret,
  providerFileEntrySchema,
  toFileEntry,
  type ProviderConfig,
} from './provider-config';
import { checkProviderName } from './provider-name';
import {
  FileSecretStore,
  checkSecretValue,
  providerSecretKey,
  type SecretStore,
} from './secret-store';

export const PROVIDERS_FILE = 'providers.json';
export const SECRETS_DIR = 'secrets';

const providersFileSchema = z.object({
  version: z.literal(1),
  providers: z.record(z.string(), providerFileEntrySchema),
});
type ProvidersFile = z.infer<typeof providersFileSchema>;

export interface ProviderEntry {
  config: ProviderConfig;
  /** Whether a client secret is stored (the secret itself is never listed). */
  hasClientSecret: boolean;
}

export interface AddProviderOptions {
  /** Replace an existing provider of that name (its stored secret is kept unless a new one is given). */
  replace?: boolean;
}

export class ProviderStore {
  private readonly file: ConfigFile<ProvidersFile>;

  constructor(
    readonly home: string,
    private readonly secrets: SecretStore = new FileSecretStore(join(home, SECRETS_DIR)),
    lock: LockOptions = {},
  ) {
    this.file = new ConfigFile(
      home,
      PROVIDERS_FILE,
      providersFileSchema,
      () => ({ version: 1, providers: {} }),
      lock,
    );
  }

  get path(): string {
    return this.file.path;
  }

  async list(): Promise<ProviderEntry[]> {
    const file = this.file.read();
    const names = Object.keys(file.providers).sort();
    const entries: ProviderEntry[] = [];
    for (const name of names) {
      const config = this.decode(file, name);
      entries.push({
        config,
        // Whether one is stored, not its value: listing needs no master key.
        hasClientSecret: await this.secrets.has(providerSecretKey(name)),
      });
    }
    return entries;
  }

  /** The provider named `name`; not-found when there is none. */
  async get(name: string): Promise<ProviderConfig> {
    checkProviderName(name);
    const file = this.file.read();
    if (!Object.hasOwn(file.providers, name)) throw noSuchProvider(name);
    return this.decode(file, name);
  }

  /** The provider whose configured issuer is exactly `issuer`, first by name; null when none. */
  async findByIssuer(issuer: string): Promise<ProviderConfig | null> {
    const file = this.file.read();
    for (const name of Object.keys(file.providers).sort()) {
      if (file.providers[name]?.issuer === issuer) return this.decode(file, name);
    }
    return null;
  }

  async clientSecret(name: string): Promise<string | null> {
    return this.secrets.read(providerSecretKey(checkProviderName(name)));
  }

  async add(
    input: ProviderConfig,
    clientSecret: string | null,
    options: AddProviderOptions = {},
  ): Promise<ProviderEntry> {
    const config = checkProviderConfig(input);
    if (clientSecret !== null) checkSecretValue(clientSecret, 'the client secret');
    await this.file.update(async (file) => {
      if (Object.hasOwn(file.providers, config.name) && !options.replace) {
        throw new VaultError(
          'bad-input',
          `provider ${quoteForMessage(config.name)} already exists; use --replace to change it`,
        );
      }
      return { next: await this.withProvider(file, config, clientSecret), result: undefined };
    });
    return this.afterWrite(config);
  }

  /**
   * Changes an existing provider: `change` gets its config as stored now and
   * returns the new one (the name is kept). Read, changed and written under
   * the providers lock, so two edits at once (two windows, the app and the
   * CLI) each keep their change instead of the later one writing back what
   * it read before the other landed. The stored secret is kept unless a new
   * one is given.
   */
  async edit(
    name: string,
    change: (current: ProviderConfig) => ProviderConfig,
    clientSecret: string | null,
  ): Promise<ProviderEntry> {
    checkProviderName(name);
    if (clientSecret !== null) checkSecretValue(clientSecret, 'the client secret');
    const config = await this.file.update(async (file) => {
      if (!Object.hasOwn(file.providers, name)) throw noSuchProvider(name);
      const next = checkProviderConfig({ ...change(this.decode(file, name)), name });
      return { next: await this.withProvider(file, next, clientSecret), result: next };
    });
    return this.afterWrite(config);
  }

  /**
   * `file` with `config` in it, its secret written first (or required when
   * the provider needs one and none is stored). Runs under the providers lock.
   */
  private async withProvider(
    file: ProvidersFile,
    config: ProviderConfig,
    clientSecret: string | null,
  ): Promise<ProvidersFile> {
    const key = providerSecretKey(config.name);
    if (!needsClientSecret(config) && clientSecret !== null) {
      throw new VaultError(
        'bad-input',
        `provider ${quoteForMessage(config.name)} uses no client authentication; it takes no client secret`,
      );
    }
    if (clientSecret !== null) {
      await this.secrets.write(key, clientSecret);
    } else if (needsClientSecret(config) && !(await this.secrets.has(key))) {
      throw new VaultError(
        'bad-input',
        `provider ${quoteForMessage(config.name)} uses ${config.clientAuth} and needs a client secret: pass --client-secret-stdin`,
      );
    }
    return { version: 1, providers: { ...file.providers, [config.name]: toFileEntry(config) } };
  }

  private async afterWrite(config: ProviderConfig): Promise<ProviderEntry> {
    // A provider that no longer authenticates must not keep a secret around.
    if (!needsClientSecret(config)) await this.secrets.remove(providerSecretKey(config.name));
    return { config, hasClientSecret: needsClientSecret(config) };
  }

  /**
   * Rewrites every provider's plain client secret in the encrypted form (the
   * vault has a master key now). Under the providers lock, so an add never
   * races it, and only for providers still configured, so a removal's secret
   * is never written back. Returns how many it rewrote.
   */
  async sealClientSecrets(): Promise<number> {
    return this.file.update(async (file) => {
      let sealed = 0;
      for (const name of Object.keys(file.providers).sort())
        if (await this.secrets.seal(providerSecretKey(name))) sealed++;
      return { next: null, result: sealed };
    });
  }

  /** Removes the provider and its secret; not-found when neither existed. */
  async remove(name: string): Promise<void> {
    checkProviderName(name);
    const removedConfig = await this.file.update((file) => {
      if (!Object.hasOwn(file.providers, name)) return { next: null, result: false };
      const providers = { ...file.providers };
      delete providers[name];
      return { next: { version: 1 as const, providers }, result: true };
    });
    const removedSecret = await this.secrets.remove(providerSecretKey(name));
    if (!removedConfig && !removedSecret)
      throw new VaultError('not-found', `no provider ${quoteForMessage(name)}`);
  }

  private decode(file: ProvidersFile, name: string): ProviderConfig {
    const entry = file.providers[name];
    if (entry === undefined)
      throw new VaultError('not-found', `no provider ${quoteForMessage(name)}`);
    try {
      return fromFileEntry(name, entry);
    } catch (error) {
      if (error instanceof VaultError) {
        throw new VaultError(
          'bad-input',
          `provider ${quoteForMessage(name)} in ${this.path} is invalid: ${error.message}`,
        );
      }
      throw error;
    }
  }
}

function noSuchProvider(name: string): VaultError {
  return new VaultError(
    'not-found',
    `no provider ${quoteForMessage(name)} (see: credvault providers list)`,
  );
}
