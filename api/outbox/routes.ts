import { OutboxList } from '../contracts/families';
import { USER, defineRoute } from '../http/route';

export const outboxRoutes = [
  defineRoute({
    operationId: 'listOutbox',
    method: 'get',
    path: '/api/outbox',
    summary: 'Dev outbox: messages "sent" to my verified addresses while no provider is configured',
    tag: 'outbox',
    access: USER,
    response: { status: 200, schema: OutboxList, description: 'Newest first, at most 100.' },
    async handler({ user }, deps) {
      const u = user!;
      // The outbox stands in for a mailbox and a phone, so it shows what only their owner would
      // read: mail to my verified address, texts to my verified number since I proved it, my
      // pushes, and the codes and links I asked for to prove an address (else none could be proven).
      const rows: Record<string, unknown>[] = await deps.dataSource.query(
        `SELECT id, channel, to_address, subject, body, link, created_at FROM outbox_messages
          WHERE (purpose = 'verification' AND user_id = $1 AND to_address IN ($2, coalesce($4, '')))
             OR (purpose IS NULL AND (
                  (channel = 'email' AND $3::boolean AND to_address = $2 AND (user_id IS NULL OR user_id = $1))
               OR (channel = 'sms' AND $5::timestamptz IS NOT NULL AND to_address = $4 AND user_id = $1 AND created_at >= $5)
               OR (channel = 'push' AND user_id = $1)))
          ORDER BY created_at DESC LIMIT 100`,
        [u.id, u.email, u.emailVerifiedAt !== null, u.phone, u.phoneVerifiedAt],
      );
      const messages = rows.map((r) => ({
        id: r.id as string,
        channel: r.channel as 'email' | 'sms' | 'push',
        toAddress: r.to_address as string,
        subject: (r.subject as string | null) ?? null,
        body: r.body as string,
        link: (r.link as string | null) ?? null,
        createdAt: (r.created_at as Date).toISOString(),
      }));
      return { body: { messages } };
    },
  }),
];
