import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { watchdogOf } from '../../activities/system/testing/watchdog-of';
import { medicationHandle } from '../../temporal/medications';
import { newYorkSpringForward } from '../../workflows/medication/testing/spring-forward';
import { medicationStateQuery } from '../../workflows/medication/messages';
import { startMedicationFamily, until, type MedicationFamily } from './test-family';

/**
 * A schedule whose workflow dies: the watchdog shows it stopped and tells the admin once;
 * an admin restarts it and it carries on after its last recorded dose (real stack).
 */
describe('a failed medication workflow: seen by the watchdog, restarted by an admin', { timeout: 120_000 }, () => {
  let family: MedicationFamily;
  let reportFailedWorkflows: ReturnType<typeof watchdogOf>['reportFailedWorkflows'];
  /** Visibility lists a terminated run a moment later (longer on a loaded machine); the real watchdog looks every minute. */
  const reportedStopped = (id: string) => until(`the watchdog to report ${id} stopped`, async () => (await reportFailedWorkflows()).stopped.includes(id));
  before(async () => {
    family = await startMedicationFamily();
    const { app } = family;
    ({ reportFailedWorkflows } = watchdogOf(app));
  });
  after(() => family?.app.stop());

  test('terminated → stopped in the list and on Today, admin emailed once; restart resumes after the last recorded dose', async () => {
    const { app, admin, viewer, familyId } = family;
    const medication = await family.create();
    const handle = medicationHandle(app.client, medication.id);
    const hasNextDose = async () => Boolean((await handle.query(medicationStateQuery).catch(() => null))?.nextDose);
    await until('the next dose', hasNextDose);
    const first = (await handle.query(medicationStateQuery)).nextDose!;
    // That dose was given and written down before the workflow died.
    await app.dataSource.query(
      `INSERT INTO dose_records (schedule_id, dose_key, due_at, outcome, answered_by, answered_via, answered_at) VALUES ($1, $2, $3, 'taken', $4, 'app', now())`,
      [medication.id, first.doseKey, first.dueAt, admin.user.id],
    );
    const { runId } = await handle.describe();
    await handle.terminate('test: the workflow dies');

    await reportedStopped(medication.id);
    const list = await viewer.get(`/api/families/${familyId}/medications`);
    assert.equal(list.body.medications.find((m: { id: string }) => m.id === medication.id).status, 'stopped');
    const today = await viewer.get(`/api/families/${familyId}/today`);
    const open = today.body.doses.filter((d: { scheduleId: string; status: string }) => d.scheduleId === medication.id && ['due', 'snoozed', 'escalating'].includes(d.status));
    assert.deepEqual(open, [], 'Today shows nothing open for a stopped schedule');
    const told = async () =>
      (await app.dataSource.query(`SELECT idempotency_key FROM outbox_messages WHERE idempotency_key LIKE $1`, [`med/${medication.id}/stopped/%`])) as { idempotency_key: string }[];
    assert.deepEqual((await told()).map((m) => m.idempotency_key), [`med/${medication.id}/stopped/${runId}/${admin.user.id}/email`]);

    // The next minute's look changes nothing and tells nobody again.
    assert.ok(!(await reportFailedWorkflows()).stopped.includes(medication.id));
    assert.equal((await told()).length, 1);

    assert.equal((await viewer.post(`/api/families/${familyId}/medications/${medication.id}/restart`)).status, 403);
    const restarted = await admin.session.post(`/api/families/${familyId}/medications/${medication.id}/restart`);
    assert.equal(restarted.status, 200, JSON.stringify(restarted.body));
    assert.equal(restarted.body.medication.status, 'active');
    assert.equal((await handle.describe()).status.name, 'RUNNING');
    await until('the restarted run to look up its next dose', hasNextDose);
    const state = await handle.query(medicationStateQuery);
    assert.notEqual(state.nextDose!.doseKey, first.doseKey, 'the recorded dose is not asked for again');
    assert.ok(state.nextDose!.dueAt > first.dueAt, 'it goes on with the dose after it');
    assert.equal(state.counts.taken, 1);
    assert.deepEqual(state.lastOutcome, { doseKey: first.doseKey, outcome: 'taken' });

    // Running again: the watchdog leaves it be, and a second restart is refused.
    assert.ok(!(await reportFailedWorkflows()).stopped.includes(medication.id));
    const again = await admin.session.post(`/api/families/${familyId}/medications/${medication.id}/restart`);
    assert.equal(again.status, 409);
    assert.equal(again.body.error.code, 'conflict');
  });

  test('paused when the workflow died → stopped, then restarted still paused: nobody is reminded until someone resumes it', { timeout: 60_000 }, async () => {
    const { app, admin, familyId } = family;
    const medication = await family.create();
    const handle = medicationHandle(app.client, medication.id);
    const phase = async () => (await handle.query(medicationStateQuery).catch(() => null))?.phase;
    assert.equal((await admin.session.post(`/api/families/${familyId}/medications/${medication.id}/pause`)).status, 200);
    await until('the workflow to pause', async () => (await phase()) === 'paused');
    await handle.terminate('test: the workflow dies');
    await reportedStopped(medication.id);

    const restarted = await admin.session.post(`/api/families/${familyId}/medications/${medication.id}/restart`);
    assert.equal(restarted.status, 200, JSON.stringify(restarted.body));
    assert.equal(restarted.body.medication.status, 'paused');
    await until('the restarted run to stay paused', async () => (await phase()) === 'paused');
    assert.equal((await handle.query(medicationStateQuery)).nextDose, null, 'a paused run asks for no dose');
    await handle.terminate('test over');
  });

  test('doses due together, one recorded before the workflow died → the restart still asks for the others at that instant', { timeout: 60_000 }, async () => {
    const { app, admin, familyId } = family;
    // New York's spring-forward day: 02:00, 02:30 and 03:00 are all due at 07:00Z.
    const ny = (await admin.session.post(`/api/families/${familyId}/recipients`, { displayName: 'Pop', timeZone: 'America/New_York' })).body.recipient.id as string;
    const { date, gapEndsMs } = newYorkSpringForward(Date.now());
    const medication = await family.create({ careRecipientId: ny, timeZone: 'America/New_York', timesOfDay: ['02:00', '02:30', '03:00'], startDate: date, doseCount: 3 });
    const handle = medicationHandle(app.client, medication.id);
    await until('the next dose', async () => Boolean((await handle.query(medicationStateQuery).catch(() => null))?.nextDose));
    // 02:30 was written down before the workflow died; 02:00 and 03:00, due with it, were not.
    const due = new Date(gapEndsMs).toISOString();
    await app.dataSource.query(
      `INSERT INTO dose_records (schedule_id, dose_key, due_at, outcome, answered_by, answered_via, answered_at) VALUES ($1, $2, $3, 'taken', $4, 'app', now())`,
      [medication.id, `${date}T02:30`, due, admin.user.id],
    );
    await handle.terminate('test: the workflow dies');
    await reportedStopped(medication.id);

    const restarted = await admin.session.post(`/api/families/${familyId}/medications/${medication.id}/restart`);
    assert.equal(restarted.status, 200, JSON.stringify(restarted.body));
    await until('the restarted run to look up its next dose', async () => Boolean((await handle.query(medicationStateQuery).catch(() => null))?.nextDose));
    const state = await handle.query(medicationStateQuery);
    assert.deepEqual(state.nextDose, { doseKey: `${date}T02:00`, dueAt: due }, '02:00 shares the recorded dose\'s instant and is still asked for');
    assert.deepEqual(state.lastOutcome, { doseKey: `${date}T02:30`, outcome: 'taken' });
    await handle.terminate('test over');
  });
});
