/**
 * A put racing a writer that takes no lock (the seed's broker: access,
 * refresh, expiry, each rewritten in place) must leave one whole record on
 * disk and say that it met another writer. The other writer is played on cue
 * from the store's onFileReplaced hook, between and after our own files, so
 * every interleaving here happens every run.
 */
import { chmodSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rejectionOf } from '../../../test-support/leak-marker';
import { addProvider, oauthFixture, putLinkedBearer } from '../../../test-support/oauth-fixtures';
import { startOidcTestServer, type OidcTestServer } from '../../../test-support/oidc-test-server';
import { makeTempDir } from '../../../test-support/temp-dir';
import type { BearerFileName } from './bearer-file-codec';
import { BearerStore } from './bearer-store';

const OURS = { accessToken: 'acc-ours', refreshToken: 'ref-ours', expiresAtUnix: 2_000_000_001 };
const SEED: Record<BearerFileName, string> = {
  'access_token.json': 'acc-seed',
  'refresh_token.json': 'ref-seed',
  'expires_at.json': '2000000002',
};
const CONFLICT =
  /^another program wrote bearer "agent" while Credvault was writing it; Credvault's record is the one on disk, whole, .*may have to sign in again/;

/** The seed broker's write of one file: truncate and rewrite in place. */
function seedWrites(dir: string, ...files: BearerFileName[]): void {
  for (const file of files) {
    writeFileSync(join(dir, file), JSON.stringify(SEED[file]));
    chmodSync(join(dir, file), 0o600);
  }
}

type Cue = (file: BearerFileName, dir: string) => void;

/** A store whose writes call `cue` after each file, and a bearer it wrote long ago. */
async function storeWithOldBearer(): Promise<{
  store: BearerStore;
  dir: string;
  setCue: (cue: Cue | null) => void;
}> {
  const root = makeTempDir();
  const dir = join(root, 'agent');
  let cue: Cue | null = null;
  const store = new BearerStore({ root, onFileReplaced: (file) => cue?.(file, dir) });
  await store.put('agent', { accessToken: 'acc-old', refreshToken: 'ref-old', expiresAtUnix: 1 });
  const longAgo = new Date('2026-01-01T00:00:00Z');
  for (const file of Object.keys(SEED)) utimesSync(join(dir, file), longAgo, longAgo);
  return { store, dir, setCue: (next) => (cue = next) };
}

/** What a fresh reader finds on disk. */
function onDisk(store: BearerStore) {
  return new BearerStore({ root: store.root }).reveal('agent');
}

describe('a put racing a writer that takes no lock', () => {
  it('that wrote into our new files: the record is written again whole, and the conflict is reported', async () => {
    const { store, setCue } = await storeWithOldBearer();
    let rounds = 0;
    setCue((file, dir) => {
      if (rounds > 0) return;
      // The seed's access lands in the file we are about to replace (lost);
      // its refresh and expiry land in our new files.
      if (file === 'refresh_token.json') seedWrites(dir, 'access_token.json');
      if (file === 'expires_at.json') {
        seedWrites(dir, 'refresh_token.json', 'expires_at.json');
        rounds++;
      }
    });
    const outcome = await store.put('agent', OURS);
    expect(outcome.conflict).toMatch(CONFLICT);
    expect(await onDisk(store)).toMatchObject({ ...OURS, warning: null });
  });

  it('that wrote only into the files we replaced, and went on after we finished: noticed all the same', async () => {
    const { store, setCue } = await storeWithOldBearer();
    let seedDone: Promise<void> = Promise.resolve();
    setCue((file, dir) => {
      if (file !== 'refresh_token.json') return;
      setCue(null);
      seedWrites(dir, 'access_token.json'); // into the old access file, which we replace next
      // The rest of its write comes once our own write has returned.
      seedDone = new Promise((resolve) =>
        setImmediate(() => {
          seedWrites(dir, 'refresh_token.json', 'expires_at.json');
          resolve();
        }),
      );
    });
    const outcome = await store.put('agent', OURS);
    await seedDone;
    expect(outcome.conflict).toMatch(CONFLICT);
    expect(await onDisk(store)).toMatchObject({ ...OURS, warning: null });
  });

  it('that was half way through its write when ours began: waited for, then the record is made whole', async () => {
    const { store, dir } = await storeWithOldBearer();
    seedWrites(dir, 'access_token.json');
    // It finishes 100 ms later, well after our write.
    const seedDone = new Promise<void>((resolve) =>
      setTimeout(() => {
        seedWrites(dir, 'refresh_token.json', 'expires_at.json');
        resolve();
      }, 100),
    );
    const outcome = await store.put('agent', OURS);
    await seedDone;
    expect(outcome.conflict).toMatch(CONFLICT);
    expect(await onDisk(store)).toMatchObject({ ...OURS, warning: null });
  });

  it('that keeps interleaving with every write: put fails (environment) naming the bearer', async () => {
    const { store, setCue } = await storeWithOldBearer();
    setCue((file, dir) => {
      if (file === 'refresh_token.json') seedWrites(dir, 'access_token.json');
      if (file === 'expires_at.json') seedWrites(dir, 'refresh_token.json', 'expires_at.json');
    });
    const error = await rejectionOf(store.put('agent', OURS));
    expect(error).toMatchObject({ kind: 'environment' });
    expect(error.message).toMatch(/^another program kept rewriting bearer "agent" while Credvault/);
  });

  it('that does not come: no conflict, and back-to-back puts of one bearer land whole', async () => {
    const { store } = await storeWithOldBearer();
    for (let k = 0; k < 5; k++) {
      const record = { accessToken: `acc-${k}`, refreshToken: `ref-${k}`, expiresAtUnix: k };
      expect((await store.put('agent', record)).conflict).toBeNull();
      expect(await onDisk(store)).toMatchObject({ ...record, warning: null });
    }
  });
});

describe('a refresh racing a writer that takes no lock', () => {
  let server: OidcTestServer;
  beforeAll(async () => {
    server = await startOidcTestServer();
  });
  afterAll(async () => {
    await server.close();
  });

  it('stores the refreshed record whole and reports the conflict', async () => {
    const fx = oauthFixture();
    await addProvider(fx, server, 'oidc');
    const refreshToken = await server.issueRefreshToken('post');
    await putLinkedBearer(
      fx,
      'agent',
      { accessToken: 'old-access', refreshToken, expiresInS: 30 },
      'oidc',
    );
    const dir = join(fx.root, 'agent');
    let played = false;
    const store = new BearerStore({
      root: fx.root,
      onFileReplaced: (file) => {
        if (played || file !== 'expires_at.json') return;
        played = true;
        seedWrites(dir, 'refresh_token.json', 'expires_at.json');
      },
    });
    const outcome = await fx.services.refresher(store).refresh('agent');
    expect(outcome).toMatchObject({ requested: true, rotated: true });
    expect(outcome.conflict).toMatch(CONFLICT);
    const record = await onDisk(store);
    expect(record).toMatchObject({ expiresAtUnix: outcome.expiresAtUnix, warning: null });
    expect(record.refreshToken).not.toBe(SEED['refresh_token.json']);
    expect(await server.refreshTokenState(record.refreshToken)).toBe('active');
  });
});
