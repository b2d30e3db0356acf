/** API keys as listed: metadata only. The key itself is shown once, at mint. */
export interface ApiKeyInfo {
  name: string;
  /** Lowercase hex SHA-256 of the key: identifies it, cannot be used as it. */
  hashHex: string;
  createdAt: string;
  lastUsed: string | null;
  /**
   * Set when the file's entry is malformed: it is kept as it is, never
   * matches a key, and the fields above hold only what could be read of it.
   */
  error?: string;
}

/** The one moment a key exists in clear: the result of minting it. */
export interface MintedApiKeySecret {
  name: string;
  key: string;
  hashHex: string;
  createdAt: string;
}

export const DEFAULT_API_KEY_PREFIX = 'oxios_';
