import { request } from './client';
import { OutboxList } from './contracts';

export const listOutbox = () => request('GET', '/api/outbox', { schema: OutboxList });
