import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startAppointmentFamily, type AppointmentFamily } from '../../api/appointments/test-family';
import { startMedicationFamily, until, type MedicationFamily } from '../../api/medications/test-family';
import { medicationHandle } from '../../temporal/medications';
import { appointmentSeriesWorkflowId } from '../../workflows/appointment/messages';
import { medicationStateQuery, medicationWorkflowId, pauseSignal } from '../../workflows/medication/messages';
import { careShiftWorkflowId, shiftRotationWorkflowId } from '../../workflows/shift/messages';
import type { OutOfStep } from './out-of-step';
import { createRotationAndShift } from './testing/rotation-and-shift';
import { watchdogOf } from './testing/watchdog-of';

const sorted = (steps: OutOfStep[]) => [...steps].sort((a, b) => a.id.localeCompare(b.id));

/**
 * A schedule whose workflow missed a pause, a resume or a delete (the API died between the
 * signal and the row, or the Temporal store lost the signal) is told again what its row
 * says: a row that says active while its workflow waits paused reminds nobody (real stack).
 */
describe('the watchdog and a schedule whose workflow disagrees with its row', { timeout: 240_000 }, () => {
  let family: MedicationFamily;
  before(async () => {
    family = await startMedicationFamily();
  });
  after(() => family?.app.stop());

  test('a lost resume, pause or delete → told again, once; in step or still settling → left alone', { timeout: 200_000 }, async () => {
    const { app, admin, familyId } = family;
    const setRow = (id: string, status: string, changed: string) =>
      app.dataSource.query(`UPDATE medication_schedules SET status = $2, updated_at = now() - $3::interval WHERE id = $1`, [id, status, changed]);
    const phase = async (id: string) => (await medicationHandle(app.client, id).query(medicationStateQuery)).phase;
    const listed = async (query: string) => {
      const ids: string[] = [];
      for await (const run of app.client.workflow.list({ query: `WorkflowType = 'medicationSchedule' AND TaskQueue = '${app.taskQueue}' AND ${query}` })) ids.push(run.workflowId);
      return ids.sort();
    };

    const [lostResume, lostPause, lostDelete, inStep, settling] = await Promise.all([family.create(), family.create(), family.create(), family.create(), family.create()]);
    await until('every workflow sleeping for its next dose', async () => (await listed(`CareState = 'scheduled' AND NextDoseAt > '${new Date().toISOString()}'`)).length === 5, 60_000);

    // The API told the workflow "pause" and died before the row said so: the list still says active.
    await medicationHandle(app.client, lostResume.id).signal(pauseSignal);
    // The rows say paused and deleted; their signals never reached the workflows.
    await setRow(lostPause.id, 'paused', '5 minutes');
    await setRow(lostDelete.id, 'deleted', '5 minutes');
    const paused = await admin.session.post(`/api/families/${familyId}/medications/${inStep.id}/pause`);
    assert.equal(paused.status, 200, JSON.stringify(paused.body));
    // Paused a moment ago: the API may still be telling its workflow.
    await setRow(settling.id, 'paused', '0 seconds');
    await setRow(lostResume.id, 'active', '5 minutes');
    await setRow(inStep.id, 'paused', '5 minutes');
    const pausedNow = [lostResume.id, inStep.id].map(medicationWorkflowId).sort();
    await until('visibility to show both paused workflows', async () => JSON.stringify(await listed(`CareState = 'paused'`)) === JSON.stringify(pausedNow), 30_000);

    const { reportFailedWorkflows } = watchdogOf(app);
    const first = await reportFailedWorkflows();
    assert.deepEqual(
      sorted(first.retold),
      sorted([
        { what: 'medication schedule', id: lostResume.id, told: 'resume' },
        { what: 'medication schedule', id: lostPause.id, told: 'pause' },
        { what: 'medication schedule', id: lostDelete.id, told: 'delete' },
      ]),
    );
    assert.deepEqual(first.stopped, []);
    await until('the lost resume to remind again', async () => (await phase(lostResume.id)) === 'scheduled');
    await until('the lost pause to hold its reminders', async () => (await phase(lostPause.id)) === 'paused');
    await until('the deleted schedule to stop', async () => (await medicationHandle(app.client, lostDelete.id).describe()).status.name === 'COMPLETED');
    assert.equal(await phase(inStep.id), 'paused');
    assert.equal(await phase(settling.id), 'scheduled', 'a row still settling is left to the API');

    const nowPaused = [lostPause.id, inStep.id].map(medicationWorkflowId).sort();
    await until('visibility to show the schedules in step', async () => JSON.stringify(await listed(`CareState = 'paused' AND ExecutionStatus = 'Running'`)) === JSON.stringify(nowPaused), 30_000);
    await setRow(settling.id, 'paused', '0 seconds');
    assert.deepEqual((await reportFailedWorkflows()).retold, [], 'in step now: nothing told twice');
  });
});

/** The same for a deleted appointment series or shift rotation and a cancelled shift: they would go on reminding people (real stack). */
describe('the watchdog and a deleted series or rotation, or a cancelled shift, whose workflow still runs', { timeout: 240_000 }, () => {
  let f: AppointmentFamily;
  before(async () => {
    f = await startAppointmentFamily();
  });
  after(() => f?.app.stop());

  test('told again to delete or cancel, once; one changed a moment ago is left to the API', { timeout: 200_000 }, async () => {
    const [series, settlingSeries] = [(await f.create()).id as string, (await f.create()).id as string];
    const { rotation, shift } = await createRotationAndShift(f);
    const statusOf = async (workflowId: string) => (await f.app.client.workflow.getHandle(workflowId).describe()).status.name;
    const workflows = [appointmentSeriesWorkflowId(series), appointmentSeriesWorkflowId(settlingSeries), shiftRotationWorkflowId(rotation), careShiftWorkflowId(shift)];
    // Each has read its rows and sleeps until its next step: from here only a signal tells it of a change.
    await until('every workflow asleep until its next step', async () => {
      const asleep = await f.app.client.workflow.count(
        `ExecutionStatus = 'Running' AND NextDueAt > '2000-01-01T00:00:00Z' AND WorkflowId IN (${workflows.map((w) => `'${w}'`).join(', ')})`,
      );
      return asleep.count === workflows.length;
    }, 60_000);

    // The rows say deleted and cancelled; their signals never reached the workflows.
    const q = (sql: string, id: string) => f.app.dataSource.query(sql, [id]);
    await q(`UPDATE appointment_series SET status = 'deleted', updated_at = now() - interval '5 minutes' WHERE id = $1`, series);
    await q(`UPDATE appointment_series SET status = 'deleted', updated_at = now() WHERE id = $1`, settlingSeries);
    await q(`UPDATE shift_rotations SET status = 'deleted', updated_at = now() - interval '5 minutes' WHERE id = $1`, rotation);
    await q(`UPDATE shifts SET state = 'cancelled', updated_at = now() - interval '5 minutes' WHERE id = $1`, shift);

    const { reportFailedWorkflows } = watchdogOf(f.app);
    assert.deepEqual(
      sorted((await reportFailedWorkflows()).retold),
      sorted([
        { what: 'appointment series', id: series, told: 'delete' },
        { what: 'shift rotation', id: rotation, told: 'delete' },
        { what: 'shift', id: shift, told: 'cancel' },
      ]),
    );
    // Told: each shows it at once (a deleted series then waits a minute for its cancelled visits to close).
    const told = [appointmentSeriesWorkflowId(series), shiftRotationWorkflowId(rotation), careShiftWorkflowId(shift)];
    await until('each told workflow to show it', async () => (await f.app.client.workflow.count(`WorkflowId IN (${told.map((w) => `'${w}'`).join(', ')}) AND CareState IN ('deleted', 'cancelled')`)).count === 3, 60_000);
    assert.equal(await statusOf(appointmentSeriesWorkflowId(settlingSeries)), 'RUNNING', 'a row changed a moment ago is left to the API');
    await q(`UPDATE appointment_series SET updated_at = now() WHERE id = $1`, settlingSeries);
    assert.deepEqual((await reportFailedWorkflows()).retold, [], 'ended now: nothing told twice');
    await f.app.client.workflow.getHandle(appointmentSeriesWorkflowId(settlingSeries)).terminate('test over');
  });
});
