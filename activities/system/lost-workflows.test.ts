import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { insertEscalationRow } from '../../api/escalations/open-row';
import { startMedicationFamily, type MedicationFamily } from '../../api/medications/test-family';
import { medicationHandle } from '../../temporal/medications';
import { escalationWorkflowId } from '../../workflows/escalation/messages';
import { watchdogOf } from './testing/watchdog-of';

/**
 * A schedule row that says "active" while no workflow of it exists reminds nobody, and no
 * failed run is there to see: the watchdog stops it, tells the admin once, and an admin's
 * restart brings it back. An emergency in the same state pages nobody: it is marked
 * failed, so the family knows to raise another (real stack).
 */
describe('the watchdog and a schedule or an emergency whose workflow never started', { timeout: 200_000 }, () => {
  let family: MedicationFamily;
  before(async () => {
    family = await startMedicationFamily();
  });
  after(() => family?.app.stop());

  /** A copy of a schedule's row as the API commits it, with no workflow started: the API died in between. */
  async function committedWithoutWorkflow(like: string, opts: { changedAgo: string; asNeeded?: boolean }): Promise<string> {
    const id = randomUUID();
    await family.app.dataSource.query(
      `INSERT INTO medication_schedules (id, family_id, care_recipient_id, schedule, created_at, updated_at)
       SELECT $1, family_id, care_recipient_id, CASE WHEN $3 THEN jsonb_set(schedule, '{asNeeded}', 'true') ELSE schedule END,
              now() - $2::interval, now() - $2::interval
         FROM medication_schedules WHERE id = $4`,
      [id, opts.changedAgo, opts.asNeeded ?? false, like],
    );
    return id;
  }
  const statusOf = async (id: string) =>
    ((await family.app.dataSource.query(`SELECT status, stopped_from FROM medication_schedules WHERE id = $1`, [id])) as { status: string; stopped_from: string | null }[])[0];
  const toldAdmins = async (id: string) =>
    ((await family.app.dataSource.query(`SELECT idempotency_key FROM outbox_messages WHERE idempotency_key LIKE $1`, [`med/${id}/stopped/%`])) as { idempotency_key: string }[]).map(
      (m) => m.idempotency_key,
    );

  test('lost → stopped and the admin emailed once; still settling, as-needed or running → left alone; a restart brings it back', { timeout: 120_000 }, async () => {
    const { app, admin, familyId } = family;
    const running = await family.create();
    // Changed long ago too: only the missing workflow makes a row lost.
    await app.dataSource.query(`UPDATE medication_schedules SET updated_at = now() - interval '10 minutes' WHERE id = $1`, [running.id]);
    const lost = await committedWithoutWorkflow(running.id, { changedAgo: '5 minutes' });
    const settling = await committedWithoutWorkflow(running.id, { changedAgo: '0 seconds' });
    const asNeeded = await committedWithoutWorkflow(running.id, { changedAgo: '5 minutes', asNeeded: true });

    const { reportFailedWorkflows } = watchdogOf(family.app);
    assert.deepEqual((await reportFailedWorkflows()).lost, [lost]);
    assert.deepEqual(await statusOf(lost), { status: 'stopped', stopped_from: 'active' });
    for (const id of [running.id, settling, asNeeded]) assert.equal((await statusOf(id))?.status, 'active', id);
    const told = await toldAdmins(lost);
    assert.equal(told.length, 1, JSON.stringify(told));
    assert.match(told[0]!, new RegExp(`^med/${lost}/stopped/lost-\\d+/${admin.user.id}/email$`));

    // The create route marks a schedule whose start failed as deleted; this one goes the same way.
    await app.dataSource.query(`UPDATE medication_schedules SET status = 'deleted' WHERE id = $1`, [settling]);
    // A second loss after that look: more rows than running workflows, so the next look lists them again.
    const lostLater = await committedWithoutWorkflow(running.id, { changedAgo: '5 minutes' });
    assert.deepEqual((await reportFailedWorkflows()).lost, [lostLater]);
    assert.deepEqual(await toldAdmins(lost), told, 'the first loss is not told again');

    const restarted = await admin.session.post(`/api/families/${familyId}/medications/${lost}/restart`);
    assert.equal(restarted.status, 200, JSON.stringify(restarted.body));
    assert.equal(restarted.body.medication.status, 'active');
    assert.equal((await medicationHandle(app.client, lost).describe()).status.name, 'RUNNING');
    await app.dataSource.query(`UPDATE medication_schedules SET updated_at = now() - interval '10 minutes' WHERE id = $1`, [lost]);
    assert.deepEqual((await reportFailedWorkflows()).lost, [], 'running again: not lost');
    assert.equal((await statusOf(lost))?.status, 'active');
    await medicationHandle(app.client, lost).terminate('test over');
  });

  test('an emergency recorded but never started → failed once, with its timeline entry; one that is paging → left alone', { timeout: 60_000 }, async () => {
    const { app, admin, familyId } = family;
    const paging = await admin.session.post(`/api/families/${familyId}/emergencies`, { note: 'Fell in the hall' });
    assert.equal(paging.status, 201, JSON.stringify(paging.body));
    const pagingId = paging.body.escalation.id as string;
    // The API died after recording this one: its workflow was never started.
    const lost = randomUUID();
    await insertEscalationRow(app.dataSource, { id: lost, familyId, careRecipientId: null, kind: 'emergency', urgency: 'emergency', startedBy: admin.user.id, note: null });
    const settling = randomUUID();
    await insertEscalationRow(app.dataSource, { id: settling, familyId, careRecipientId: null, kind: 'emergency', urgency: 'emergency', startedBy: admin.user.id, note: null });
    await app.dataSource.query(`UPDATE escalations SET started_at = now() - interval '5 minutes' WHERE id = ANY($1)`, [[lost, pagingId]]);

    const { reportFailedWorkflows } = watchdogOf(family.app);
    assert.deepEqual((await reportFailedWorkflows()).lost, [lost]);
    const shown = await admin.session.get(`/api/families/${familyId}/escalations/${lost}`);
    assert.equal(shown.status, 200, JSON.stringify(shown.body));
    assert.equal(shown.body.escalation.status, 'failed');
    for (const id of [pagingId, settling]) assert.equal((await admin.session.get(`/api/families/${familyId}/escalations/${id}`)).body.escalation.status, 'active', id);
    const failedEvents = async () =>
      (await app.dataSource.query(`SELECT dedupe_key FROM escalation_events WHERE escalation_id = $1 AND type = 'failed'`, [lost])) as { dedupe_key: string }[];
    assert.deepEqual((await failedEvents()).map((e) => e.dedupe_key), [`${lost}:failed/none`]);

    assert.deepEqual((await reportFailedWorkflows()).lost, [], 'the next look changes nothing');
    assert.equal((await failedEvents()).length, 1);
    await app.client.workflow.getHandle(escalationWorkflowId(pagingId)).terminate('test over');
    await app.dataSource.query(`UPDATE escalations SET status = 'cancelled' WHERE id = $1`, [settling]);
  });
});
