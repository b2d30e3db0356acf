/**
 * The bearer whose token `inspect ID` looks at. The argument is where users
 * paste the token itself by mistake (`credvault inspect "$JWT"`), so no error
 * here quotes it: a token is refused on sight (see secret-shapes.ts), and an
 * id that is not a bearer's (an opaque token, say) is named only as "the id
 * given". The way to inspect a token is standard input: `inspect -`.
 */
import type { BearerRecord } from '../bearers/bearer-record-reader';
import { isValidBearerId } from '../bearers/bearer-id';
import { VaultError } from '../errors';
import { refuseSecretShaped } from '../text/secret-shapes';

const STDIN_HINT = 'to inspect a token, give it on standard input: credvault inspect -';

/** What this needs of a bearer store. */
export interface BearerRecordSource {
  readonly root: string;
  readValidRecord(id: string): Promise<BearerRecord>;
}

/** The access token of bearer `id`; errors never quote `id`. */
export async function bearerTokenToInspect(store: BearerRecordSource, id: string): Promise<string> {
  refuseSecretShaped(id, 'bearer id', { hint: STDIN_HINT });
  if (!isValidBearerId(id)) {
    throw new VaultError(
      'bad-input',
      `the source given (not shown) is neither a bearer id nor "-" (${STDIN_HINT})`,
    );
  }
  try {
    return (await store.readValidRecord(id)).accessToken;
  } catch (error) {
    if (error instanceof VaultError && error.kind === 'not-found') {
      throw new VaultError(
        'not-found',
        `no bearer with the id given in ${store.root} (${STDIN_HINT})`,
      );
    }
    throw error;
  }
}
