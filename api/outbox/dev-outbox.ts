import type { Channel } from '../db/entities/outbox-message';
import type { Queryable } from '../events/publisher';

export interface OutgoingMessage {
  idempotencyKey: string;
  channel: Channel;
  toAddress: string;
  userId?: string | null;
  familyId?: string | null;
  subject?: string | null;
  body: string;
  link?: string | null;
  /** 'verification': a code or link proving an address; its owner sees it before the address is verified. */
  purpose?: 'verification' | null;
}

/**
 * Stores a message in the dev outbox (used when no provider credentials are set).
 * The unique idempotency key turns a repeated send into a no-op: returns the new message's
 * id, or null when the key was stored before.
 */
export async function storeInOutbox(db: Queryable, msg: OutgoingMessage): Promise<string | null> {
  const rows = (await db.query(
    `INSERT INTO outbox_messages (idempotency_key, channel, to_address, user_id, family_id, subject, body, link, purpose)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (idempotency_key) DO NOTHING RETURNING id`,
    [
      msg.idempotencyKey,
      msg.channel,
      msg.toAddress,
      msg.userId ?? null,
      msg.familyId ?? null,
      msg.subject ?? null,
      msg.body,
      msg.link ?? null,
      msg.purpose ?? null,
    ],
  )) as { id: string }[];
  return rows[0]?.id ?? null;
}
