/**
 * Records the replay-test fixtures from real runs: a throwaway PostgreSQL and dev server,
 * the real worker and activities, each invitation path once, each history exported.
 *
 *   node --import tsx temporal/record-histories.ts
 *
 * When a workflow changes on purpose, add new fixtures beside the old ones rather than
 * replacing them: the old histories stand for workflows still running in production.
 */
import path from 'node:path';
import { seedInvitation } from '../test/support/temporal';
import { invitationState } from '../workflows/invitation/invitation-expiry';
import { signalInvitationAnswered, startInvitationExpiry } from './invitations';
import { startThrowawayStack } from './throwaway-stack';

const stack = await startThrowawayStack('record-histories', path.resolve(import.meta.dirname, '..', 'workflows', 'invitation', 'histories'));
const { client, dataSource, worker, taskQueue, save } = stack;

await worker.runUntil(async () => {
  // Nobody answers: the timer fires and the activity expires the row.
  const lapsing = await seedInvitation(dataSource, { ttlMs: 2_000 });
  const expired = await startInvitationExpiry(client, taskQueue, lapsing);
  await expired.result();
  await save('expired', expired.workflowId);

  // Accepted while the timer runs: the API commits the answer, then signals.
  const answered = await seedInvitation(dataSource, { ttlMs: 72 * 3_600_000 });
  const accepted = await startInvitationExpiry(client, taskQueue, answered);
  await accepted.query(invitationState); // the timer is scheduled once the first task has run
  await dataSource.query(`UPDATE invitations SET status = 'accepted', answered_at = now() WHERE id = $1`, [answered.invitationId]);
  await signalInvitationAnswered(client, answered.invitationId, 'accepted');
  await accepted.result();
  await save('accepted', accepted.workflowId);
});

await stack.stop();
