import { OutboxList } from '../contracts/families';
import { USER, defineRoute } from '../http/route';

export const outboxRoutes = [
  defineRoute({
    operationId: 'listOutbox',
    method: 'get',
    path: '/api/outbox',
    summary: 'Dev outbox: messages "sent" to me while no provider is configured',
    tag: 'outbox',
    access: USER,
    response: { status: 200, schema: OutboxList, description: 'Newest first, at most 100.' },
    async handler({ user }, deps) {
      // Only what was addressed to me: an invitation link in someone else's mail is their secret.
      const rows: Record<string, unknown>[] = await deps.dataSource.query(
        `SELECT id, channel, to_address, subject, body, link, created_at FROM outbox_messages
          WHERE user_id = $1 OR to_address = $2 OR ($3::text IS NOT NULL AND to_address = $3)
          ORDER BY created_at DESC LIMIT 100`,
        [user!.id, user!.email, user!.phone],
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
