import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { deleteScheduleSignal, scheduleChangedSignal } from './messages';
import { createMedicationHarness } from './testing/harness';
import { holdableLookups, untilSignalHandled } from './testing/held-lookup';
import { TEST_MS } from './testing/timeouts';

/**
 * The API saves an edit, then signals it. If the workflow's lookup of the next dose read the
 * row before the save and the signal arrived before the workflow went to sleep, the dose
 * must still move: here the lookup is held, after its read, until the edit has been handled.
 */
describe('an edit that lands while the next dose is being looked up (time-skipping server)', { timeout: 120_000 }, () => {
  const h = createMedicationHarness();
  const { schedules, caregiver, until, scheduleOf, skipTo, remindersOf } = h;
  const lookups = holdableLookups(h.activities);

  before(h.start);
  after(h.stop);

  test('20:00 moved to 22:00 while the lookup that read 20:00 was in flight → reminded at 22:00, never at 20:00', { timeout: TEST_MS }, async () => {
    const lookup = lookups.holdNext();
    const { scheduleId, handle, dueMs, key } = await scheduleOf({ timesOfDay: ['20:00'], doseCount: 2 });
    await lookup.read;
    const row = schedules.get(scheduleId)!;
    schedules.set(scheduleId, { schedule: { ...row.schedule, timesOfDay: ['22:00'] }, version: 2 });
    await handle.signal(scheduleChangedSignal, { version: 2, assignedCaregiverId: caregiver, answerWindowMinutes: 30, snoozeMinutes: 10, maxSnoozes: 3 });
    await untilSignalHandled(() => h.historyOf(handle));
    lookup.release();

    await skipTo(dueMs('22:00'));
    await until(() => remindersOf(scheduleId).length === 1, 'the reminder');
    const [first] = remindersOf(scheduleId);
    assert.equal(first!.doseKey, key('22:00'));
    assert.ok(first!.atMs - dueMs('22:00') < 2_000, 'reminded at 22:00');
    await handle.signal(deleteScheduleSignal);
    await handle.result();
  });
});
