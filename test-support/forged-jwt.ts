/**
 * A forger's copy of a JWT: the same header (kid included) and claims, signed
 * with a key of their own. Only a signature check against the issuer's real
 * keys tells it from the original.
 */
import { SignJWT, generateKeyPair } from 'jose';

function decodePart(part: string | undefined): Record<string, unknown> {
  return JSON.parse(Buffer.from(part ?? '', 'base64url').toString('utf8')) as Record<
    string,
    unknown
  >;
}

export async function reSignedWithAnotherKey(token: string): Promise<string> {
  const [header, payload] = token.split('.');
  const protectedHeader = decodePart(header) as { alg: string };
  const { privateKey } = await generateKeyPair(protectedHeader.alg);
  return new SignJWT(decodePart(payload)).setProtectedHeader(protectedHeader).sign(privateKey);
}
