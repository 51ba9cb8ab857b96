import Router from '@koa/router';
import type { Context } from 'koa';
import twilio from 'twilio';
import { originOf } from '../audit/record';
import type { AppDeps } from '../deps';
import { AppError } from '../http/errors';
import { MAX_BODY_BYTES } from '../http/json-body';
import { refuseUnstorableText } from '../http/validation';
import { handleSmsReply } from './sms-reply';

export const TWILIO_SMS_WEBHOOK_PATH = '/api/webhooks/twilio/sms';

async function readForm(ctx: Context): Promise<Record<string, string>> {
  if (!ctx.is('application/x-www-form-urlencoded')) throw new AppError(415, 'unsupported_media_type', 'Twilio posts form-encoded bodies.');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of ctx.req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new AppError(413, 'payload_too_large', 'Body too large.');
    chunks.push(chunk);
  }
  return Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
}

function twiml(message: string): string {
  const response = new twilio.twiml.MessagingResponse();
  response.message(message);
  return response.toString();
}

/**
 * Twilio's inbound-SMS webhook. The X-Twilio-Signature (HMAC-SHA1 of the public URL and
 * the sorted form fields, keyed by the auth token) proves the request came from Twilio;
 * Twilio signs no timestamp, so a replay is refused by remembering each MessageSid.
 */
export function twilioWebhookRouter(deps: AppDeps): Router {
  const router = new Router();
  router.post(TWILIO_SMS_WEBHOOK_PATH, async (ctx) => {
    const authToken = deps.config.twilioAuthToken;
    if (!authToken) throw new AppError(404, 'not_found', 'SMS replies are not configured (TWILIO_AUTH_TOKEN is not set).');
    const form = await readForm(ctx);
    refuseUnstorableText(form, 'body');
    const signature = ctx.get('x-twilio-signature');
    const url = new URL(TWILIO_SMS_WEBHOOK_PATH, deps.config.appBaseUrl).toString();
    if (!signature || !twilio.validateRequest(authToken, signature, url, form)) {
      throw new AppError(403, 'forbidden', 'The request is not signed by Twilio.');
    }
    const sid = form.MessageSid;
    if (!sid || !form.From) throw new AppError(400, 'validation_failed', 'MessageSid and From are required.');
    const fresh: unknown[] = await deps.dataSource.query(
      `INSERT INTO inbound_webhooks (provider, message_id) VALUES ('twilio', $1) ON CONFLICT DO NOTHING RETURNING message_id`,
      [sid],
    );
    if (fresh.length === 0) throw new AppError(409, 'conflict', 'This message was already received.');
    const reply = await handleSmsReply(deps, form.From, form.Body ?? '', originOf(ctx, 'sms'));
    ctx.type = 'text/xml';
    ctx.body = twiml(reply);
  });
  return router;
}
