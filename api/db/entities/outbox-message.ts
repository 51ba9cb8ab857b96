import { EntitySchema } from 'typeorm';

export const CHANNELS = ['email', 'sms', 'push'] as const;
export type Channel = (typeof CHANNELS)[number];

/**
 * A message the dev outbox "delivered" because no provider credentials are set.
 * The idempotency key is unique, so a retried delivery activity cannot store a message twice.
 */
export interface OutboxMessage {
  id: string;
  idempotencyKey: string;
  channel: Channel;
  toAddress: string;
  userId: string | null;
  familyId: string | null;
  subject: string | null;
  body: string;
  link: string | null;
  createdAt: Date;
}

export const OutboxMessageEntity = new EntitySchema<OutboxMessage>({
  name: 'OutboxMessage',
  tableName: 'outbox_messages',
  columns: {
    id: { type: 'uuid', primary: true, generated: 'uuid' },
    idempotencyKey: { type: 'text', name: 'idempotency_key', unique: true },
    channel: { type: 'text' },
    toAddress: { type: 'text', name: 'to_address' },
    userId: { type: 'uuid', name: 'user_id', nullable: true },
    familyId: { type: 'uuid', name: 'family_id', nullable: true },
    subject: { type: 'text', nullable: true },
    body: { type: 'text' },
    link: { type: 'text', nullable: true },
    createdAt: { type: 'timestamptz', name: 'created_at', createDate: true },
  },
});
