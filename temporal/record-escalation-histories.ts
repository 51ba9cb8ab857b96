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
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { WorkflowHandle } from '@temporalio/client';
import { seedFamily } from '../activities/escalation/open-escalation.test-seed';
import type { EscalationPolicyInput } from '../api/contracts/escalations';
import { acknowledgeUpdate, claimUpdate, resolveUpdate } from '../workflows/escalation/messages';
import { startEscalation } from './escalations';
import { startThrowawayStack } from './throwaway-stack';

const stack = await startThrowawayStack('record-escalation-histories', path.resolve(import.meta.dirname, '..', 'workflows', 'escalation', 'histories'));
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
  return { family, handle: await startEscalation(client, taskQueue, input) };
}

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
