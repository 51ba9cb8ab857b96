import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import type { TimelineEventInput } from '../../activities/escalation/types';
import { INVALID_DATA } from '../../activities/database-failures';
import { startEscalation } from '../../temporal/escalations';
import { createWorker } from '../../temporal/worker';
import { startTimeSkipping } from '../../test/support/temporal';
import type { RecordActivities } from './escalation-run';
import { resolveUpdate } from './messages';
import type { DeliveryActivities } from './notify-person';

/**
 * Issue 8 item 11, the workflow side: a resolution note PostgreSQL cannot store (a NUL
 * byte) used to be retried forever, leaving the emergency "active" in the database with
 * paging stopped. Through the real worker interceptor the refusal is non-retryable; the
 * escalation records "resolved" without the note, saying why, and finishes.
 */
describe('a resolution note PostgreSQL refuses (time-skipping server)', { timeout: 60_000 }, () => {
  let env: TestWorkflowEnvironment;
  let worker: Worker;
  let running: Promise<void>;
  const taskQueue = `refused-note-${randomUUID()}`;
  const tries: TimelineEventInput[] = [];
  const anna = randomUUID();

  before(async () => {
    env = await startTimeSkipping();
    const activities: RecordActivities & DeliveryActivities = {
      async openEscalation() {
        return { ackCode: '1234', steps: [{ userIds: [anna], channels: ['sms'], waitMinutes: 15 }], repeat: 1, memberIds: [anna], adminIds: [anna] };
      },
      async recordEscalationEvent(e) {
        tries.push(e);
        if (e.resolutionNote?.includes('\u0000')) throw Object.assign(new Error('invalid byte sequence for encoding "UTF8": 0x00'), { code: '22021' });
        return { recorded: true };
      },
      async planContacts({ userIds, channels }) {
        return userIds.map((userId) => ({ userId, channels, quietUntil: null }));
      },
      async deliver() {
        return { status: 'sent', provider: 'fake', providerMessageId: null };
      },
    };
    worker = await createWorker({ connection: env.nativeConnection, namespace: 'default', taskQueue, activities });
    running = worker.run();
  });

  after(async () => {
    worker?.shutdown();
    await running;
    await env?.teardown();
  });

  test('resolved with a NUL in the note → refused once, recorded resolved without it (notStored: InvalidData), the escalation ends', async () => {
    const escalationId = randomUUID();
    const handle = await startEscalation(env.client, taskQueue, { escalationId, familyId: randomUUID(), careRecipientId: null, kind: 'emergency', urgency: 'urgent' });
    const state = await handle.executeUpdate(resolveUpdate, { args: [{ userId: anna, note: 'all fine\u0000' }] });
    assert.equal(state.phase, 'resolved');
    assert.deepEqual(await handle.result(), { outcome: 'resolved', by: anna, via: 'app' });

    const resolved = tries.filter((e) => e.escalationId === escalationId && e.type === 'resolved');
    assert.equal(resolved.length, 2, 'once with the note (not retried), once without');
    assert.equal(resolved[0]!.resolutionNote, 'all fine\u0000');
    assert.equal(resolved[1]!.resolutionNote, undefined);
    assert.deepEqual([resolved[1]!.status, resolved[1]!.detail], ['resolved', { notStored: INVALID_DATA }]);
  });
});
