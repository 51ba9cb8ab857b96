/**
 * Records the escalation replay fixtures from real runs: a throwaway PostgreSQL and dev
 * server, the real worker and activities (deliveries land in the dev outbox), each path
 * once, each history exported to workflows/escalation/histories/.
 *
 *   node --import tsx temporal/record-escalation-histories.ts
 *
 * Waits are real, so the chains use the shortest a policy allows (1 minute); the paths run
 * side by side and the whole recording takes about a minute and a half. When the workflow
 * changes on purpose, add new fixtures beside the old ones rather than replacing them.
 * `acknowledged-on-row` and `claimed-on-row` write the answer on the row only (its Update lost).
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { WorkflowHandle } from '@temporalio/client';
import { seedFamily } from '../activities/escalation/open-escalation.test-seed';
import { recordEventActivities } from '../activities/escalation/record-event';
import type { TimelineEventInput } from '../activities/escalation/types';
import type { EscalationPolicyInput } from '../api/contracts/escalations';
import { acknowledgeUpdate, claimUpdate, resolveUpdate } from '../workflows/escalation/messages';
import { startEscalation } from './escalations';
import { startThrowawayStack } from './throwaway-stack';

// RECORD_OUT writes elsewhere, to record new fixtures without overwriting the old ones.
const out = process.env.RECORD_OUT ?? path.resolve(import.meta.dirname, '..', 'workflows', 'escalation', 'histories');
const stack = await startThrowawayStack('record-escalation-histories', out);
const { client, dataSource, worker, taskQueue, save } = stack;

/** Resolves once the workflow has started `count` timers (a wait is under way). */
async function untilTimers(handle: WorkflowHandle, count: number) {
  for (;;) {
    const events = (await handle.fetchHistory()).events ?? [];
    if (events.filter((e) => e.timerStartedEventAttributes).length >= count) return;
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** A family whose recipient has `policy` (or the default chain), and a started escalation for it. */
async function escalate(policy: EscalationPolicyInput | null, urgency: 'urgent' | 'emergency' = 'urgent') {
  const family = await seedFamily(dataSource);
  if (policy) {
    await dataSource.query(`INSERT INTO escalation_policies (care_recipient_id, family_id, steps, repeat) VALUES ($1, $2, $3, $4)`, [
      family.recipientId,
      family.familyId,
      JSON.stringify(policy.steps),
      policy.repeat,
    ]);
  }
  const input = {
    escalationId: randomUUID(),
    familyId: family.familyId,
    careRecipientId: family.recipientId,
    kind: urgency === 'emergency' ? ('emergency' as const) : ('medication' as const),
    urgency,
  };
  return { family, escalationId: input.escalationId, handle: await startEscalation(client, taskQueue, input) };
}

/** An answer written on the escalation's row whose Update never reached the workflow. */
const writeOnRowOnly = (e: TimelineEventInput) => recordEventActivities({ dataSource }).recordEscalationEvent(e);

const oneMinute = (role: 'caregiver' | 'admin') => ({ targets: { kind: 'role' as const, role }, channels: ['sms' as const, 'email' as const], waitMinutes: 1 });

await worker.runUntil(async () => {
  await Promise.all([
    (async () => {
      // The default chain; a caregiver acknowledges from the app during step 1's wait.
      const { family, handle } = await escalate(null);
      await untilTimers(handle, 1);
      await handle.executeUpdate(acknowledgeUpdate, { args: [{ userId: family.anna, via: 'app' }] });
      await handle.result();
      await save('acknowledged', handle.workflowId);
    })(),
    (async () => {
      // Nobody answers a one-step chain: unreached, and the admin is told.
      const { handle } = await escalate({ steps: [oneMinute('caregiver')], repeat: 1 });
      await handle.result();
      await save('unreached', handle.workflowId);
    })(),
    (async () => {
      // A caregiver claims for a minute and lets it lapse; step 2 pages the admin, who acknowledges.
      const { family, handle } = await escalate({ steps: [oneMinute('caregiver'), oneMinute('admin')], repeat: 1 });
      await untilTimers(handle, 1);
      await handle.executeUpdate(claimUpdate, { args: [{ userId: family.ben, via: 'sms', minutes: 1 }] });
      await untilTimers(handle, 3);
      await handle.executeUpdate(acknowledgeUpdate, { args: [{ userId: family.admin, via: 'email' }] });
      await handle.result();
      await save('claim-expired', handle.workflowId);
    })(),
    (async () => {
      // The admin acknowledged by email on the row during step 1's wait, the Update lost: step 2 starts, pages nobody, ends acknowledged.
      const { family, handle, escalationId } = await escalate({ steps: [oneMinute('caregiver'), oneMinute('admin')], repeat: 1 });
      await untilTimers(handle, 1);
      await writeOnRowOnly({ escalationId, familyId: family.familyId, type: 'acknowledged', userId: family.admin, via: 'email', status: 'acknowledged', claimUntil: null, dedupeKey: 'acknowledged' });
      await handle.result();
      await save('acknowledged-on-row', handle.workflowId);
    })(),
    (async () => {
      // Ben claimed for a minute on the row, the Update lost: step 2 waits it out, then pages the admin, who acknowledges.
      const { family, handle, escalationId } = await escalate({ steps: [oneMinute('caregiver'), oneMinute('admin')], repeat: 1 });
      await untilTimers(handle, 1);
      const claimUntil = new Date(Date.now() + 90_000).toISOString();
      await writeOnRowOnly({ escalationId, familyId: family.familyId, type: 'claimed', userId: family.ben, via: 'sms', status: 'claimed', claimUntil, dedupeKey: 'claimed/1' });
      await untilTimers(handle, 3);
      await handle.executeUpdate(acknowledgeUpdate, { args: [{ userId: family.admin, via: 'email' }] });
      await handle.result();
      await save('claimed-on-row', handle.workflowId);
    })(),
    (async () => {
      // An emergency: everyone on every channel; one claims, then resolves it with a note.
      const { family, handle } = await escalate(null, 'emergency');
      await untilTimers(handle, 1);
      await handle.executeUpdate(claimUpdate, { args: [{ userId: family.anna, via: 'push', minutes: 30 }] });
      await handle.executeUpdate(resolveUpdate, { args: [{ userId: family.anna, note: 'On the phone with her, all fine' }] });
      await handle.result();
      await save('emergency', handle.workflowId);
    })(),
  ]);
});

await stack.stop();
