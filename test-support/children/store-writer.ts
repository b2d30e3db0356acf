// Rewrites one bearer through BearerStore.put in a loop (our own writer, in
// another process). argv: <root> <id> <count>. Record k as in seed-like-writer.
import { BearerStore } from '../../electron/core/bearers/bearer-store';

const [root, id, countText] = process.argv.slice(2) as [string, string, string];
const store = new BearerStore({ root });
for (let k = 1; k <= Number(countText); k++) {
  await store.put(id, {
    accessToken: `acc-${k}`,
    refreshToken: `ref-${k}`,
    expiresAtUnix: 1_000_000 + k,
  });
}
