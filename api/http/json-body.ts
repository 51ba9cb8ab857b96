import type { Context } from 'koa';
import { AppError } from './errors';

/** Large enough for any form we have; anything bigger is refused before it is parsed. */
export const MAX_BODY_BYTES = 64 * 1024;

/** Reads and parses a JSON body with a hard size limit, so a bad request fails before any handler runs. */
export async function readJsonBody(ctx: Context): Promise<unknown> {
  const declared = Number(ctx.get('content-length') || 0);
  if (declared > MAX_BODY_BYTES) throw tooLarge();
  const hasBody = declared > 0 || ctx.get('transfer-encoding') !== '';
  if (!hasBody) return undefined;
  if (!ctx.is('application/json')) {
    throw new AppError(415, 'unsupported_media_type', 'Send the body as application/json.');
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of ctx.req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw tooLarge();
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new AppError(400, 'malformed_json', 'The request body is not valid JSON.');
  }
}

function tooLarge() {
  return new AppError(413, 'payload_too_large', `The request body is larger than ${MAX_BODY_BYTES} bytes.`);
}
