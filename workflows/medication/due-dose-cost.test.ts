import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { CareState, NextDoseAt } from '../../temporal/search-attributes';
import { medicationStateQuery, takenUpdate } from './messages';
import { createMedicationHarness } from './testing/harness';
import { SERVER_START_MS, TEST_MS } from './testing/timeouts';

/**
 * Issue 12: at 08:00 every family's doses fall due together, and each task a due dose
 * costs is queued behind all the others. A due dose now costs one workflow task: the
 * reminder (carrying its live status) is a local activity inside it, and no patch marker
 * is met there; the next doses are looked up once, before the sleep; the outcome is
 * written by a local activity, so an answer returns in the workflow task that took it, and
 * the record brings the next doses back, so that task also goes to sleep until them.
 */
describe('what a due dose costs in tasks (time-skipping server)', () => {
  const h = createMedicationHarness();
  // The reminders of these schedules fail their first try, as a provider answering 503 would.
  const failFirstTry = new Set<string>();
  const remindDose = h.activities.remindDose;
  h.activities.remindDose = async (input) => {
    if (failFirstTry.delete(input.scheduleId)) throw new Error('twilio: 503 Service Unavailable');
    return remindDose(input);
  };
  // The records of these schedules come back without the doses ahead, as when the look-ahead is slow or fails.
  const noLookAhead = new Set<string>();
  const recordDoseOutcome = h.activities.recordDoseOutcome;
  h.activities.recordDoseOutcome = async (input) => {
    const { ahead, ...recorded } = await recordDoseOutcome(input);
    return noLookAhead.has(input.scheduleId) ? recorded : { ...recorded, ahead };
  };
  before(h.start, { timeout: SERVER_START_MS });
  after(h.stop, { timeout: SERVER_START_MS });

  test('08:00 falls due → one workflow task, the reminder sent inside it (a local activity), no patch marker; "taken" returns and sleeps until 20:00 in one workflow task', { timeout: TEST_MS }, async () => {
    const { scheduleId, handle, dueMs, key } = await h.scheduleOf({ timesOfDay: ['08:00', '20:00'], doseCount: 2 });
    await h.skipTo(dueMs('08:00'));
    await h.until(() => h.remindersOf(scheduleId).length === 1, 'the due reminder');
    await h.until(() => h.announcements.some((a) => a.scheduleId === scheduleId && a.status === 'due'), 'the live status');
    // No write at the due instant: ops find the open dose by its past NextDoseAt (README, Ops).
    const open = (await handle.describe()).typedSearchAttributes;
    assert.equal(open.get(CareState), 'scheduled');
    assert.equal(open.get(NextDoseAt)?.getTime(), dueMs('08:00'));
    assert.equal((await handle.query(medicationStateQuery)).phase, 'awaiting_answer', "the workflow's own state says it");
    await h.skipTo(dueMs('08:05'));
    await handle.executeUpdate(takenUpdate, { args: [{ doseKey: key('08:00'), userId: h.caregiver, via: 'app' }] });
    await h.untilState(handle, (s) => s.nextDose?.doseKey === key('20:00'), 'the 20:00 dose looked up');

    const events = await h.historyOf(handle);
    const dueAt = events.findIndex((e) => e.timerFiredEventAttributes);
    const answeredAt = events.findIndex((e) => e.workflowExecutionUpdateAcceptedEventAttributes);
    assert.ok(dueAt > 0 && answeredAt > dueAt, 'the due timer fired, then the answer came');
    const scheduled = (from: number, to: number) =>
      events.slice(from, to).flatMap((e) => (e.activityTaskScheduledEventAttributes ? [e.activityTaskScheduledEventAttributes.activityType!.name!] : []));
    const markers = (from: number, to: number) => events.slice(from, to).flatMap((e) => (e.markerRecordedEventAttributes ? [e.markerRecordedEventAttributes.markerName!] : []));
    assert.deepEqual(scheduled(dueAt, answeredAt), [], 'no activity task for the due dose');
    // The workflow task the due timer started ends with its whole work: the reminder's marker and the window's timer.
    const doneAt = events.findIndex((e, i) => i > dueAt && e.workflowTaskCompletedEventAttributes);
    const nextTaskAt = events.findIndex((e, i) => i > doneAt && e.workflowTaskScheduledEventAttributes);
    assert.ok(doneAt > dueAt && nextTaskAt > doneAt && nextTaskAt < answeredAt);
    const commands = events.slice(doneAt + 1, nextTaskAt);
    assert.equal(commands.length, 2, 'two events from the due task');
    assert.deepEqual(markers(dueAt, nextTaskAt), ['core_local_activity'], 'the reminder, a local marker; no patch marker at the due instant');
    assert.equal(commands.filter((e) => e.timerStartedEventAttributes).length, 1, "the answer window's timer");
    assert.equal(events.slice(dueAt, answeredAt).filter((e) => e.upsertWorkflowSearchAttributesEventAttributes).length, 0, 'no search-attribute write at the due instant');
    const firstDone = events.findIndex((e) => e.workflowTaskCompletedEventAttributes);
    const secondTask = events.findIndex((e, i) => i > firstDone && e.workflowTaskScheduledEventAttributes);
    assert.equal(markers(0, secondTask).filter((m) => m === 'core_patch').length, 3, "the run's three patches, asked in its first workflow task");
    assert.ok(!markers(secondTask, events.length).includes('core_patch'), 'no patch marker after it');
    assert.ok(!scheduled(0, events.length).includes('nextDoseFor'), 'the old lookup is gone');
    assert.equal(scheduled(0, dueAt).filter((a) => a === 'dosesAhead').length, 1, 'the 08:00 doses looked up once, before the sleep');

    // "Taken" is written down and answered in the workflow task that took it.
    const returnedAt = events.findIndex((e) => e.workflowExecutionUpdateCompletedEventAttributes);
    assert.ok(returnedAt > answeredAt);
    assert.equal(events.slice(answeredAt, returnedAt).filter((e) => e.workflowTaskCompletedEventAttributes).length, 0, 'answered in one workflow task');
    assert.ok(!scheduled(0, events.length).includes('recordDoseOutcome'), 'the record is no activity task');
    assert.equal(markers(answeredAt, returnedAt).filter((m) => m === 'core_local_activity').length, 1, "the record, a local activity's marker");
    // The record brought the 20:00 dose back: the same task goes to sleep, no lookup of its own.
    assert.deepEqual(scheduled(answeredAt, events.length), [], 'no activity task after the answer');
    const sleptAt = events.findIndex((e, i) => i > answeredAt && e.timerStartedEventAttributes);
    assert.ok(answeredAt < sleptAt && sleptAt < returnedAt, 'asleep until 20:00 in the workflow task that took the answer');
    // Before the sleep, the next dose and its state are one search-attribute write.
    assert.equal(events.slice(answeredAt, sleptAt).filter((e) => e.upsertWorkflowSearchAttributesEventAttributes).length, 1, 'one write before the sleep');
  });

  test('a local first try that fails → the same reminder as an activity task, sent once', { timeout: TEST_MS }, async () => {
    const { scheduleId, handle, dueMs } = await h.scheduleOf({});
    failFirstTry.add(scheduleId);
    await h.skipTo(dueMs('08:00'));
    await h.until(() => h.remindersOf(scheduleId).length === 1, 'the due reminder');
    const events = await h.historyOf(handle);
    const dueAt = events.findIndex((e) => e.timerFiredEventAttributes);
    const tried = events.findIndex((e, i) => i > dueAt && e.markerRecordedEventAttributes?.markerName === 'core_local_activity');
    const retried = events.findIndex((e, i) => i > tried && e.activityTaskScheduledEventAttributes?.activityType?.name === 'remindDose');
    assert.ok(dueAt > 0 && tried > dueAt && retried > tried, 'the local try, then the activity task');
    assert.equal(failFirstTry.has(scheduleId), false, 'the first try ran and failed');
    assert.equal(h.remindersOf(scheduleId).length, 1, 'one reminder');
  });

  test('a record that comes back without the doses ahead → the workflow looks them up itself and sleeps until 20:00', { timeout: TEST_MS }, async () => {
    const { scheduleId, handle, dueMs, key } = await h.scheduleOf({ timesOfDay: ['08:00', '20:00'], doseCount: 2 });
    noLookAhead.add(scheduleId);
    await h.skipTo(dueMs('08:00'));
    await h.until(() => h.remindersOf(scheduleId).length === 1, 'the due reminder');
    await handle.executeUpdate(takenUpdate, { args: [{ doseKey: key('08:00'), userId: h.caregiver, via: 'app' }] });
    await h.untilState(handle, (s) => s.nextDose?.doseKey === key('20:00'), 'the 20:00 dose looked up');
    const events = await h.historyOf(handle);
    const answeredAt = events.findIndex((e) => e.workflowExecutionUpdateAcceptedEventAttributes);
    const lookups = events.slice(answeredAt).filter((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'dosesAhead');
    assert.equal(lookups.length, 1, 'one lookup of its own after the answer');
    await h.skipTo(dueMs('20:00'));
    await h.until(() => h.remindersOf(scheduleId).length === 2, 'the 20:00 reminder');
  });
});
