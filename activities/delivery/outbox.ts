import type { Queryable } from '../../api/events/publisher';
import { storeInOutbox, type OutgoingMessage } from '../../api/outbox/dev-outbox';

/**
 * The dev outbox as a provider: the message is stored where the SPA's outbox page shows
 * it. Its unique idempotency key makes a retried store a no-op.
 */
export async function sendToOutbox(db: Queryable, msg: OutgoingMessage): Promise<{ providerMessageId: string }> {
  await storeInOutbox(db, msg);
  const rows = (await db.query('SELECT id FROM outbox_messages WHERE idempotency_key = $1', [msg.idempotencyKey])) as { id: string }[];
  return { providerMessageId: `outbox:${rows[0]!.id}` };
}
