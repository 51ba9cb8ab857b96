/**
 * Records workflows/escalation/histories/answered-mid-record.json: a step answered while
 * its delivery record write runs, so the old (cancellable) write is asked to cancel. The
 * fixture was recorded with the workflow code of commit 68dfb28, from a worktree of it:
 *
 *   git worktree add --detach /tmp/old 68dfb28 && cp temporal/record-answered-mid-record-history.ts /tmp/old/temporal/
 *   (cd /tmp/old && node --import tsx temporal/record-answered-mid-record-history.ts out.json)
 *
 * On today's code the write is not cancellable (RECORD_NOT_CANCELLABLE), so no cancel appears.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';
import type { DeliveryActivities } from '../workflows/escalation/notify-person';
import type { RecordActivities } from '../workflows/escalation/escalation-run';
import { acknowledgeUpdate } from '../workflows/escalation/messages';
import { startEscalation } from './escalations';
import { createWorker } from './worker';
import { historyToJson } from './history-json';
import { startTimeSkipping } from '../test/support/temporal';

const env = await startTimeSkipping();
const taskQueue = 'record-cancelled-write';
let entered = () => {};
const inDelivery = new Promise<void>((r) => (entered = r));
let release = () => {};
const gate = new Promise<void>((r) => (release = r));
const anna = randomUUID();
const input = { escalationId: randomUUID(), familyId: randomUUID(), careRecipientId: randomUUID(), kind: 'medication' as const, urgency: 'urgent' as const };
const activities: RecordActivities & DeliveryActivities = {
  async openEscalation() {
    return { ackCode: '4821', steps: [{ userIds: [anna], channels: ['sms'], waitMinutes: 15 }], repeat: 1, memberIds: [anna], adminIds: [anna] };
  },
  async recordEscalationEvent(e) {
    if (e.type === 'delivery') {
      entered();
      await gate;
    }
    return { recorded: true };
  },
  async planContacts({ userIds, channels }) {
    return userIds.map((userId) => ({ userId, channels, quietUntil: null }));
  },
  async deliver() {
    return { status: 'sent', provider: 'fake', providerMessageId: null };
  },
};
const worker = await createWorker({ connection: env.nativeConnection, namespace: 'default', taskQueue, activities });
await worker.runUntil(async () => {
  const handle = await startEscalation(env.client, taskQueue, input);
  await inDelivery;
  await handle.executeUpdate(acknowledgeUpdate, { args: [{ userId: anna, via: 'app' }] });
  for (;;) {
    const events = (await handle.fetchHistory()).events ?? [];
    if (events.some((e) => e.activityTaskCancelRequestedEventAttributes)) break;
    await delay(50);
  }
  release();
  console.log(JSON.stringify(await handle.result()));
  fs.writeFileSync(process.argv[2]!, historyToJson(await handle.fetchHistory()));
});
await env.teardown();
