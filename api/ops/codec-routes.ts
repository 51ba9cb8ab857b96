import Router from '@koa/router';
import type { Context, Middleware } from 'koa';
import type { Payload } from '@temporalio/common';
import { z } from 'zod';
import { dataConverter } from '../../temporal/data-converter';
import { originOf, recordAudit } from '../audit/record';
import type { AppDeps } from '../deps';
import { AppError, badRequest } from '../http/errors';
import { codecCors } from './codec-cors';
import { requireOps } from './ops-auth';

/** A history page's payloads can be large (Temporal allows 2 MB each); base64 adds a third. */
const MAX_CODEC_BODY_BYTES = 8 * 1024 * 1024;

const base64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, 'must be base64');
/** The remote codec protocol of Temporal UI and the temporal CLI: proto3 JSON of Payloads. */
const CodecBody = z.object({
  payloads: z.array(z.object({ metadata: z.record(z.string(), base64).optional(), data: base64.optional() })).max(10_000),
});

/**
 * The codec server (POST <endpoint>/decode and /encode) that lets ops read encrypted
 * payloads in Temporal UI and the CLI. Mounted on the API so it shares the keys
 * (PAYLOAD_KEYS), the ops credential and the one error format; see docs/decisions.md.
 */
export function codecRouter(deps: AppDeps): Router {
  const router = new Router({ prefix: '/ops/codec' });
  const codecs = dataConverter.payloadCodecs ?? [];
  router.use(codecCors(deps));
  router.options(['/decode', '/encode'], () => {}); // answered by codecCors; the route makes the path exist
  router.post('/decode', auditDecode(deps), requireOps(deps), async (ctx) => {
    const payloads = await readPayloads(ctx, deps);
    let decoded = payloads;
    try {
      for (const codec of [...codecs].reverse()) decoded = await codec.decode(decoded);
    } catch (err) {
      throw new AppError(400, 'validation_failed', `A payload could not be decrypted: ${(err as Error).message}`);
    }
    ctx.body = { payloads: decoded.map(toJson) };
  });
  router.post('/encode', requireOps(deps), async (ctx) => {
    let encoded = await readPayloads(ctx, deps);
    for (const codec of codecs) encoded = await codec.encode(encoded);
    ctx.body = { payloads: encoded.map(toJson) };
  });
  return router;
}

/**
 * Decoding reveals health data, so each call goes on the audit trail (no family: the codec
 * protocol does not say which workflow a payload came from), refused ones too. Written
 * before the answer leaves: a decode that cannot be recorded fails.
 */
function auditDecode(deps: AppDeps): Middleware {
  const record = (ctx: Context, outcome: 'allowed' | 'denied') =>
    recordAudit(deps.dataSource, {
      ...originOf(ctx),
      familyId: null,
      userId: null,
      action: 'read',
      resourceType: 'workflow_payloads',
      resourceId: null,
      outcome,
      operation: 'opsCodecDecode',
    });
  return async (ctx, next) => {
    try {
      await next();
    } catch (err) {
      if (err instanceof AppError && err.status === 401) await record(ctx, 'denied');
      throw err;
    }
    await record(ctx, 'allowed');
  };
}

async function readPayloads(ctx: Context, deps: AppDeps): Promise<Payload[]> {
  const namespace = ctx.get('x-namespace');
  if (namespace && namespace !== deps.config.temporal.namespace) {
    throw badRequest(`This codec server holds the keys of namespace "${deps.config.temporal.namespace}", not "${namespace}".`);
  }
  if (!ctx.is('application/json')) throw new AppError(415, 'unsupported_media_type', 'Send the body as application/json.');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of ctx.req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_CODEC_BODY_BYTES) throw new AppError(413, 'payload_too_large', `The request body is larger than ${MAX_CODEC_BODY_BYTES} bytes.`);
    chunks.push(chunk);
  }
  let json: unknown;
  try {
    json = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new AppError(400, 'malformed_json', 'The request body is not valid JSON.');
  }
  const parsed = CodecBody.safeParse(json);
  if (!parsed.success) {
    throw badRequest('Expected { payloads: [{ metadata: { key: base64 }, data: base64 }] }.', parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })));
  }
  return parsed.data.payloads.map((p) => ({
    metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64')])),
    data: Buffer.from(p.data ?? '', 'base64'),
  }));
}

function toJson(payload: Payload) {
  const b64 = (bytes: Uint8Array | null | undefined) => Buffer.from(bytes ?? []).toString('base64');
  return {
    metadata: Object.fromEntries(Object.entries(payload.metadata ?? {}).map(([k, v]) => [k, b64(v)])),
    data: b64(payload.data),
  };
}
