/**
 * API key calls over a temp vault home: every answer fits its channel's
 * schema, a new key appears in the answer to mint and nowhere else, and
 * every call that rewrote the file says so with keys.changed.
 */
import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { rejectionOf } from '../../../test-support/leak-marker';
import {
  callAs,
  homePath,
  sessionContextFixture,
} from '../../../test-support/session-context-fixture';
import { VaultError } from '../errors';
import { createKeyCalls } from './key-calls';

function setup() {
  const fx = sessionContextFixture();
  const keys = createKeyCalls(fx.context);
  const defaultFile = fx.context.vault.paths.defaultKeyFile;
  return { fx, keys, defaultFile };
}

describe('key calls', () => {
  it('mints into the vault key file, says it created it, and emits keys.changed', async () => {
    const { fx, keys, defaultFile } = setup();
    const before = await callAs('credvault:keys.list', keys.listKeys, {});
    expect(before).toEqual({ file: defaultFile, exists: false, keys: [] });

    const first = await callAs('credvault:keys.mint', keys.mintKey, { name: 'deploy-bot' });
    expect(first).toMatchObject({ file: defaultFile, createdFile: true, name: 'deploy-bot' });
    expect(first.key).toMatch(/^oxios_[0-9a-f]{64}$/);
    const second = await callAs('credvault:keys.mint', keys.mintKey, {
      name: 'ci',
      prefix: 'acme_',
    });
    expect(second.createdFile).toBe(false);
    expect(second.key).toMatch(/^acme_[0-9a-f]{64}$/);
    expect(fx.eventsOf('credvault:keys.changed')).toEqual([
      { file: defaultFile },
      { file: defaultFile },
    ]);

    const listed = await callAs('credvault:keys.list', keys.listKeys, {});
    expect(listed.exists).toBe(true);
    expect(listed.keys.map((key) => [key.name, key.hashHex])).toEqual([
      ['deploy-bot', first.hashHex],
      ['ci', second.hashHex],
    ]);
    expect(JSON.stringify(listed)).not.toContain(first.key);
  });

  it('validates a key, recording its use (one keys.changed a minute at most)', async () => {
    const { fx, keys } = setup();
    const minted = await keys.mintKey({ name: 'bot' });
    fx.emitted.length = 0;

    const valid = await callAs('credvault:keys.validate', keys.validateKey, {
      key: `  ${minted.key}\n`,
    });
    expect(valid).toEqual({ valid: true, name: 'bot', hashHex: minted.hashHex, warning: null });
    await callAs('credvault:keys.validate', keys.validateKey, { key: minted.key });
    expect(fx.eventsOf('credvault:keys.changed')).toHaveLength(1);
    const [entry] = (await keys.listKeys({})).keys;
    expect(entry?.lastUsed).not.toBeNull();

    const invalid = await callAs('credvault:keys.validate', keys.validateKey, {
      key: `oxios_${'0'.repeat(64)}`,
    });
    expect(invalid).toEqual({ valid: false, name: null, hashHex: null, warning: null });
  });

  it('revokes by name and by hash prefix, emitting keys.changed each time', async () => {
    const { fx, keys, defaultFile } = setup();
    const a = await keys.mintKey({ name: 'a' });
    const b = await keys.mintKey({ name: 'b' });
    fx.emitted.length = 0;

    const byName = await callAs('credvault:keys.revoke', keys.revokeKeys, { name: 'a' });
    expect(byName.revoked.map((key) => key.hashHex)).toEqual([a.hashHex]);
    const byHash = await callAs('credvault:keys.revoke', keys.revokeKeys, {
      hashPrefix: b.hashHex.slice(0, 10).toUpperCase(),
    });
    expect(byHash).toMatchObject({ file: defaultFile, revoked: [{ name: 'b' }] });
    expect(fx.eventsOf('credvault:keys.changed')).toHaveLength(2);
    expect((await keys.listKeys({})).keys).toEqual([]);
  });

  it('refuses a named key file that does not exist, except to mint into it', async () => {
    const { fx, keys } = setup();
    const file = homePath(fx, 'team-keys.json');
    const error = await rejectionOf(keys.listKeys({ file }));
    expect(error).toBeInstanceOf(VaultError);
    expect(error).toMatchObject({ kind: 'bad-input' });
    expect(error.message).toContain(file);

    const minted = await callAs('credvault:keys.mint', keys.mintKey, { file, name: 'x' });
    expect(minted).toMatchObject({ file, createdFile: true });
    expect((await keys.listKeys({ file })).keys).toHaveLength(1);
  });

  it('lists a malformed entry with its error, never dropping it', async () => {
    const { keys, defaultFile } = setup();
    await keys.mintKey({ name: 'ok' });
    writeFileSync(
      defaultFile,
      JSON.stringify({ keys: [{ name: 'broken', hash_hex: 'zz', created_at: 'x' }] }),
      { mode: 0o600 },
    );
    const listed = await callAs('credvault:keys.list', keys.listKeys, {});
    expect(listed.keys).toHaveLength(1);
    expect(listed.keys[0]?.error).toEqual(expect.any(String));
  });
});
