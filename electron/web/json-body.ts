/**
 * A request body read as JSON, within a size cap. The cap is checked on the
 * declared length first and then on every chunk, so an oversized body is
 * refused without being held in memory.
 */
import type { IncomingMessage } from 'node:http';
import type { Refusal } from './request-guard';

/** Far above any call (a pasted token is at most 64 KiB), far below harm. */
export const MAX_BODY_BYTES = 1024 * 1024;

export class BodyRefusal extends Error implements Refusal {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function isJsonContentType(value: string | undefined): boolean {
  return /^application\/json\s*(;|$)/i.test(value ?? '');
}

export async function readJsonBody(
  request: IncomingMessage,
  maxBytes = MAX_BODY_BYTES,
): Promise<unknown> {
  // Demanding JSON also means a cross-site form or a no-CORS fetch could not
  // send this request without a preflight, which this server never grants.
  if (!isJsonContentType(request.headers['content-type'])) {
    throw new BodyRefusal(415, 'the request body must be application/json');
  }
  const declared = Number(request.headers['content-length'] ?? 0);
  if (declared > maxBytes)
    throw new BodyRefusal(413, `the request body is larger than ${maxBytes} bytes`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > maxBytes)
      throw new BodyRefusal(413, `the request body is larger than ${maxBytes} bytes`);
    chunks.push(chunk as Buffer);
  }
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks)));
  } catch {
    // Never the parser's message: it quotes what it choked on.
    throw new BodyRefusal(400, 'the request body is not valid JSON');
  }
}
