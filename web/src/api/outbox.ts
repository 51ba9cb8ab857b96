import { z } from 'zod';
import { request, seg } from './client';
import { OutboxList } from './contracts';

export const listOutbox = () => request('GET', '/api/outbox', { schema: OutboxList });

const OutboxReply = z.object({ reply: z.string() });
/** Dev only: plays the person answering an SMS, through the same code path as Twilio's webhook. */
export const replyToSms = (messageId: string, body: string) =>
  request('POST', `/api/outbox/${seg(messageId)}/reply`, { body: { body }, schema: OutboxReply });
