import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { MedicationHandle } from '../../temporal/medications';
import { deleteScheduleSignal, takenUpdate } from './messages';
import { createMedicationHarness } from './testing/harness';
import { holdableLookups, saveAndSignalTimes } from './testing/held-lookup';
import { TEST_MS } from './testing/timeouts';

/**
 * The API saves an edit, then signals it. If the workflow's lookup of the next dose read the
 * row before the save and the signal arrived before the workflow went to sleep, the dose
 * must still move; and a dose that was already due when looked up must still be reminded.
 * Here the lookup is held, after its read, until the edit has been handled.
 */
describe('an edit that lands while the next dose is being looked up (time-skipping server)', { timeout: 120_000 }, () => {
  const h = createMedicationHarness();
  const { caregiver, until, scheduleOf, skipTo, remindersOf } = h;
  const lookups = holdableLookups(h.activities);
  // As when the record's look-ahead is slow: the record comes back without the doses ahead, and the workflow looks them up itself.
  const recordsWithoutLookAhead = new Set<string>();
  const recordDoseOutcome = h.activities.recordDoseOutcome;
  h.activities.recordDoseOutcome = async (input) => {
    const result = await recordDoseOutcome(input);
    return recordsWithoutLookAhead.has(input.scheduleId) ? { ...result, ahead: undefined } : result;
  };

  before(h.start);
  after(async () => {
    lookups.releaseAll();
    await h.stop();
  });

  /** The held lookup was not retried: its only attempt read the row before the edit. */
  async function assertLookupNotRetried(handle: MedicationHandle) {
    const events = await h.historyOf(handle);
    assert.ok(!events.some((e) => e.activityTaskTimedOutEventAttributes), 'the held lookup timed out and was retried');
  }

  test('20:00 moved to 22:00 while the lookup that read 20:00 was in flight → reminded at 22:00, never at 20:00', { timeout: TEST_MS }, async () => {
    const lookup = lookups.holdNext();
    const { scheduleId, handle, dueMs, key } = await scheduleOf({ timesOfDay: ['20:00'], doseCount: 2 });
    await lookup.read;
    await saveAndSignalTimes(h, scheduleId, handle, ['22:00']);
    lookup.release();

    await skipTo(dueMs('22:00'));
    await until(() => remindersOf(scheduleId).length === 1, 'the reminder');
    const [first] = remindersOf(scheduleId);
    assert.equal(first!.doseKey, key('22:00'));
    assert.ok(Math.abs(first!.atMs - dueMs('22:00')) < 2_000, 'reminded at 22:00');
    await assertLookupNotRetried(handle);
    await handle.signal(deleteScheduleSignal);
    await handle.result();
  });

  test('08:10 already due when looked up (08:00 taken at 08:20), an edit lands meanwhile → 08:10 is still reminded at once; the edit applies after it', { timeout: TEST_MS }, async () => {
    const { scheduleId, handle, dueMs, key } = await scheduleOf({ timesOfDay: ['08:00', '08:10'], doseCount: 3 }, { answerWindowMinutes: 30 });
    await skipTo(dueMs('08:00'));
    await until(() => remindersOf(scheduleId).length === 1, 'the 08:00 reminder');
    await skipTo(dueMs('08:20'));
    recordsWithoutLookAhead.add(scheduleId);
    const lookup = lookups.holdNext(scheduleId);
    await handle.executeUpdate(takenUpdate, { args: [{ doseKey: key('08:00'), userId: caregiver, via: 'app' }] });
    await lookup.read;
    await saveAndSignalTimes(h, scheduleId, handle, ['08:00', '09:00']);
    lookup.release();

    await until(() => remindersOf(scheduleId).length === 2, 'the 08:10 reminder');
    const late = remindersOf(scheduleId)[1]!;
    assert.equal(late.doseKey, key('08:10'));
    assert.ok(late.atMs - dueMs('08:20') < 2_000, 'reminded at once, at 08:20');
    await handle.executeUpdate(takenUpdate, { args: [{ doseKey: key('08:10'), userId: caregiver, via: 'app' }] });
    // Then the edited times: 09:00 the same day.
    await h.untilState(handle, (state) => state.nextDose?.doseKey === key('09:00'), 'the 09:00 dose next');
    await assertLookupNotRetried(handle);
    await handle.signal(deleteScheduleSignal);
    await handle.result();
  });
});
