import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { takenUpdate } from './messages';
import { createMedicationHarness } from './testing/harness';
import { SERVER_START_MS, TEST_MS } from './testing/timeouts';

/**
 * Issue 12: at 08:00 every family's doses fall due together, and each activity task a due
 * dose costs (with the workflow task that follows it) is queued behind all the others.
 * A due dose now costs one activity task (the reminder, carrying its live status); the
 * next doses are looked up once, before the sleep; the outcome is written by a local
 * activity (no task of its own), so an answer returns in the workflow task that took it.
 */
describe('what a due dose costs in tasks (time-skipping server)', () => {
  const h = createMedicationHarness();
  before(h.start, { timeout: SERVER_START_MS });
  after(h.stop, { timeout: SERVER_START_MS });

  test('08:00 falls due → one activity task (the reminder with its live status), no lookup; the record is local: "taken" returns in one workflow task', { timeout: TEST_MS }, async () => {
    const { scheduleId, handle, dueMs, key } = await h.scheduleOf({ timesOfDay: ['08:00', '20:00'], doseCount: 2 });
    await h.skipTo(dueMs('08:00'));
    await h.until(() => h.remindersOf(scheduleId).length === 1, 'the due reminder');
    await h.until(() => h.announcements.some((a) => a.scheduleId === scheduleId && a.status === 'due'), 'the live status');
    await h.skipTo(dueMs('08:05'));
    await handle.executeUpdate(takenUpdate, { args: [{ doseKey: key('08:00'), userId: h.caregiver, via: 'app' }] });
    await h.untilState(handle, (s) => s.nextDose?.doseKey === key('20:00'), 'the 20:00 dose looked up');

    const events = await h.historyOf(handle);
    const dueAt = events.findIndex((e) => e.timerFiredEventAttributes);
    const answeredAt = events.findIndex((e) => e.workflowExecutionUpdateAcceptedEventAttributes);
    assert.ok(dueAt > 0 && answeredAt > dueAt, 'the due timer fired, then the answer came');
    const scheduled = (from: number, to: number) =>
      events.slice(from, to).flatMap((e) => (e.activityTaskScheduledEventAttributes ? [e.activityTaskScheduledEventAttributes.activityType!.name!] : []));
    assert.deepEqual(scheduled(dueAt, answeredAt), ['remindDose'], 'one activity task for the due dose');
    const sentAt = events.findIndex((e, i) => i > dueAt && e.activityTaskCompletedEventAttributes);
    assert.equal(
      events.slice(dueAt, sentAt).filter((e) => e.workflowTaskCompletedEventAttributes).length,
      1,
      'one workflow task from the due instant to the reminder sent',
    );
    assert.ok(!scheduled(0, events.length).includes('nextDoseFor'), 'the old lookup is gone');
    assert.equal(scheduled(0, dueAt).filter((a) => a === 'dosesAhead').length, 1, 'the 08:00 doses looked up once, before the sleep');

    // "Taken" is written down and answered in the workflow task that took it.
    const returnedAt = events.findIndex((e) => e.workflowExecutionUpdateCompletedEventAttributes);
    assert.ok(returnedAt > answeredAt);
    assert.equal(events.slice(answeredAt, returnedAt).filter((e) => e.workflowTaskCompletedEventAttributes).length, 0, 'answered in one workflow task');
    assert.ok(!scheduled(0, events.length).includes('recordDoseOutcome'), 'the record is no activity task');
    assert.equal(events.filter((e) => e.markerRecordedEventAttributes?.markerName === 'core_local_activity').length, 1, "the record, a local activity's marker");
  });
});
