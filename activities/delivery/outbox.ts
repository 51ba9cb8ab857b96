import type { Queryable } from '../../api/events/publisher';
import { storeInOutbox, type OutgoingMessage } from '../../api/outbox/dev-outbox';

/**
 * The dev outbox as a provider: the message is stored where the SPA's outbox page shows
 * it. Its unique idempotency key makes a retried store a no-op.
 */
export async function sendToOutbox(db: Queryable, msg: OutgoingMessage): Promise<{ providerMessageId: string }> {
  // A retry after a stored message reads the id the first try stored.
  const id = (await storeInOutbox(db, msg)) ?? (await storedId(db, msg.idempotencyKey));
  return { providerMessageId: `outbox:${id}` };
}

async function storedId(db: Queryable, idempotencyKey: string): Promise<string> {
  const rows = (await db.query('SELECT id FROM outbox_messages WHERE idempotency_key = $1', [idempotencyKey])) as { id: string }[];
  return rows[0]!.id;
}
