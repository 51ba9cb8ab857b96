import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { doseEscalationId } from '../../activities/medication/activities';
import { escalationWorkflowId } from '../escalation/messages';
import { medicationStateQuery, takenUpdate } from './messages';
import { createMedicationHarness } from './testing/harness';
import { SERVER_START_MS, TEST_MS } from './testing/timeouts';

/**
 * A message the workflow never got: the API died between writing the row or the record and
 * telling the workflow, or the dev server lost the last seconds of history in a power cut.
 * What was written down still counts. An answer on the record is read before the backups are
 * paged; an edit on the row applies from the next dose, as its signal would have.
 */
describe('an answer or an edit written down whose message never reached the workflow (time-skipping server)', () => {
  const h = createMedicationHarness();
  before(h.start, { timeout: SERVER_START_MS });
  after(h.stop, { timeout: SERVER_START_MS });
  const { activities, recordBehindItsBack, schedules, pages, caregiver, backup, historyOf, scheduleOf, skipTo, until, untilChainWaits, remindersOf, recordOf } = h;
  // The schedules whose record cannot be read: PostgreSQL refuses the connection on every try.
  const unreadable = new Map<string, number>();
  const read = activities.answerOnRecord;
  activities.answerOnRecord = async (input) => {
    const tries = unreadable.get(input.scheduleId);
    if (tries === undefined) return read(input);
    unreadable.set(input.scheduleId, tries + 1);
    throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
  };
  const childStarts = async (handle: Parameters<typeof historyOf>[0]) =>
    (await historyOf(handle)).filter((e) => e.startChildWorkflowExecutionInitiatedEventAttributes).length;

  test('taken on the record at 08:10, the workflow never told → at 08:30 nobody is paged, and the dose closes as taken by who the record names', { timeout: TEST_MS }, async () => {
    const { scheduleId, handle, dueMs, key } = await scheduleOf({}, { answerWindowMinutes: 30 });
    await skipTo(dueMs('08:00'));
    await until(() => remindersOf(scheduleId).length === 1, 'the due reminder');
    const dose = { scheduleId, doseKey: key('08:00'), dueAt: new Date(dueMs('08:00')).toISOString() };
    const at = new Date(dueMs('08:10')).toISOString();
    recordBehindItsBack({ ...dose, outcome: 'taken', by: backup, via: 'sms', reason: null, at }, dueMs('08:10'));

    assert.deepEqual((await handle.result()).counts, { taken: 1, skipped: 0, missed: 0, late: 0 });
    assert.equal(await childStarts(handle), 0, 'no escalation child');
    assert.equal(pages.filter((p) => p.escalationId === doseEscalationId(scheduleId, dose.doseKey)).length, 0, 'nobody paged');
    assert.deepEqual((await handle.query(medicationStateQuery)).lastOutcome, { doseKey: dose.doseKey, outcome: 'taken' });
    assert.deepEqual([recordOf(scheduleId, dose.doseKey)!.by, recordOf(scheduleId, dose.doseKey)!.at], [backup, at], 'the record stands as written');
  });

  test('the record cannot be read → after three tries the backups are paged, as before the read', { timeout: TEST_MS }, async () => {
    const { scheduleId, handle, dueMs, key } = await scheduleOf({}, { answerWindowMinutes: 30 });
    unreadable.set(scheduleId, 0);
    const escalationId = doseEscalationId(scheduleId, key('08:00'));
    await skipTo(dueMs('08:30'));
    await until(() => pages.some((p) => p.escalationId === escalationId), 'the backup paged');
    await untilChainWaits(escalationId);
    assert.equal(unreadable.get(scheduleId), 3, 'tries');
    assert.equal(await childStarts(handle), 1);

    await handle.executeUpdate(takenUpdate, { args: [{ doseKey: key('08:00'), userId: backup, via: 'sms' }] });
    assert.equal((await h.client().workflow.getHandle(escalationWorkflowId(escalationId)).result()).outcome, 'resolved');
    assert.deepEqual((await handle.result()).counts, { taken: 0, skipped: 0, missed: 0, late: 1 });
  });

  test('caregiver and window changed at 08:05, the edit\'s signal lost → the 20:00 dose reminds the new caregiver, with the new window', { timeout: TEST_MS }, async () => {
    const { scheduleId, handle, dueMs, key } = await scheduleOf({ timesOfDay: ['08:00', '20:00'], doseCount: 2 }, { answerWindowMinutes: 30 });
    await skipTo(dueMs('08:00'));
    await until(() => remindersOf(scheduleId).length === 1, 'the 08:00 reminder');
    const row = schedules.get(scheduleId)!;
    schedules.set(scheduleId, { schedule: { ...row.schedule, assignedCaregiverId: backup, answerWindowMinutes: 60 }, version: row.version + 1 });
    await skipTo(dueMs('08:05'));
    await handle.executeUpdate(takenUpdate, { args: [{ doseKey: key('08:00'), userId: caregiver, via: 'app' }] });

    await skipTo(dueMs('20:00'));
    await until(() => remindersOf(scheduleId).length === 2, 'the 20:00 reminder');
    assert.equal(remindersOf(scheduleId)[1]!.userId, backup);
    const { pendingDose } = await handle.query(medicationStateQuery);
    assert.equal(pendingDose!.escalateAt, new Date(dueMs('21:00')).toISOString(), 'a 60-minute window');
    await handle.executeUpdate(takenUpdate, { args: [{ doseKey: key('20:00'), userId: backup, via: 'app' }] });
    assert.deepEqual((await handle.result()).counts, { taken: 2, skipped: 0, missed: 0, late: 0 });
  });
});
