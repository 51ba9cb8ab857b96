import { z } from 'zod';
import { originOf } from '../audit/record';
import { Uuid } from '../contracts/common';
import { notFound } from '../http/errors';
import { USER, defineRoute } from '../http/route';
import { handleSmsReply } from '../webhooks/sms-reply';

/**
 * Dev outbox only: "reply" to an SMS that was delivered to the outbox, through the same
 * code path as Twilio's webhook. The logged-in user stands in for the phone's owner,
 * so the message must have gone to them at the number they have verified.
 */
export const outboxReplyRoute = defineRoute({
  operationId: 'replyToOutboxSms',
  method: 'post',
  path: '/api/outbox/:messageId/reply',
  summary: 'Dev outbox: answer an SMS as if replying from the phone',
  tag: 'outbox',
  access: USER,
  params: z.object({ messageId: Uuid }),
  body: z.strictObject({ body: z.string().trim().min(1).max(160) }),
  response: { status: 200, schema: z.object({ reply: z.string() }), description: 'What the SMS answer would say.' },
  async handler({ params, body, user, ctx }, deps) {
    // With real SMS configured, replies come from phones through the signed webhook only.
    if (deps.config.delivery.sms.provider !== 'outbox') throw notFound('The dev outbox');
    const rows: { to_address: string }[] = user!.phoneVerifiedAt
      ? await deps.dataSource.query(
          `SELECT to_address FROM outbox_messages WHERE id = $1 AND channel = 'sms' AND purpose IS NULL AND user_id = $2 AND to_address = $3`,
          [params.messageId, user!.id, user!.phone],
        )
      : [];
    if (!rows[0]) throw notFound('This SMS in your outbox');
    return { body: { reply: await handleSmsReply(deps, rows[0].to_address, body.body, originOf(ctx, 'sms')) } };
  },
});
