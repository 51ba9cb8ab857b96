import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import { NextDoseAt } from '../../temporal/search-attributes';
import { DOSE_NOT_DUE_YET, medicationStateQuery, snoozeUpdate, takenUpdate } from './messages';
import { createMedicationHarness } from './testing/harness';
import { MONTH_TEST_MS, SERVER_START_MS, TEST_MS } from './testing/timeouts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

describe('medication schedule workflow: early answers and a month across a DST change (time-skipping server)', () => {
  const h = createMedicationHarness();
  before(h.start, { timeout: SERVER_START_MS });
  after(h.stop, { timeout: SERVER_START_MS });
  // The month runs first: it names fixed 2027 dates, which must still be ahead of the server's clock.
  const { caregiver, until, scheduleOf, skipTo, remindersOf, recordOf, rejected, announcements, pages } = h;

  /**
   * 08:00, 14:00 and 21:00 in New York from 1 to 30 March 2027: clocks go forward on the
   * 14th at 02:00, so the UTC offset is −5 h before it and −4 h from it on. The instants
   * below are written from that rule, not from the dose calculator.
   */
  test('30 days of three doses a day across the New York spring-forward: 90 reminders, each at its exact instant', { timeout: MONTH_TEST_MS }, async () => {
    const times = ['08:00', '14:00', '21:00'];
    const expected = Array.from({ length: 30 }, (_, i) => i + 1).flatMap((day) =>
      times.map((time) => {
        const date = `2027-03-${String(day).padStart(2, '0')}`;
        const offsetHours = day < 14 ? 5 : 4;
        return { doseKey: `${date}T${time}`, dueMs: Date.parse(`${date}T${time}:00Z`) + offsetHours * HOUR };
      }),
    );
    const { scheduleId, handle } = await scheduleOf({ timeZone: 'America/New_York', timesOfDay: times, startDate: '2027-03-01', doseCount: 90 });

    for (const [i, dose] of expected.entries()) {
      await skipTo(dose.dueMs);
      await until(() => remindersOf(scheduleId).length === i + 1, `reminder ${i + 1} (${dose.doseKey})`);
      const reminder = remindersOf(scheduleId)[i]!;
      assert.equal(reminder.doseKey, dose.doseKey);
      const late = reminder.atMs - dose.dueMs;
      assert.ok(late >= 0 && late < 2_000, `${dose.doseKey} reminded ${late} ms after its instant`);
      const state = await handle.executeUpdate(takenUpdate, { args: [{ doseKey: dose.doseKey, userId: caregiver, via: 'app' }] });
      assert.equal(state.lastOutcome?.doseKey, dose.doseKey);
      assert.equal(recordOf(scheduleId, dose.doseKey)!.dueAt, new Date(dose.dueMs).toISOString());
    }
    assert.deepEqual(await handle.result(), { ended: 'completed', counts: { taken: 90, skipped: 0, missed: 0, late: 0 } });
    // The spring-forward day keeps three doses, an hour earlier in UTC than the day before.
    assert.equal(expected[3 * 13]!.dueMs - expected[3 * 12]!.dueMs, DAY - HOUR);
    assert.equal((await handle.query(medicationStateQuery)).phase, 'ended');
  });

  test('given at 07:30 for 08:00 → recorded taken at 07:30; no heads-up, no reminder, no page; too early or a snooze is refused', { timeout: TEST_MS }, async () => {
    const { scheduleId, handle, dueMs, key } = await scheduleOf({ timesOfDay: ['08:00'], headsUpMinutes: 15 });
    const answer = { doseKey: key('08:00'), userId: caregiver, via: 'app' as const };

    await skipTo(dueMs('05:59'));
    assert.equal(await rejected(handle.executeUpdate(takenUpdate, { args: [answer] })), DOSE_NOT_DUE_YET);
    await skipTo(dueMs('07:30'));
    assert.equal(await rejected(handle.executeUpdate(snoozeUpdate, { args: [answer] })), DOSE_NOT_DUE_YET);
    const state = await handle.executeUpdate(takenUpdate, { args: [answer] });
    assert.deepEqual(state.lastOutcome, { doseKey: key('08:00'), outcome: 'taken' });

    assert.deepEqual(await handle.result(), { ended: 'completed', counts: { taken: 1, skipped: 0, missed: 0, late: 0 } });
    const record = recordOf(scheduleId, key('08:00'))!;
    assert.ok(Math.abs(Date.parse(record.at) - dueMs('07:30')) < 1_000, `answered at ${record.at}`);
    assert.equal(record.outcome, 'taken');
    assert.deepEqual([remindersOf(scheduleId).length, remindersOf(scheduleId, 'heads_up').length], [0, 0]);
    assert.equal(announcements.filter((a) => a.scheduleId === scheduleId).length, 0);
    assert.equal(pages.filter((p) => p.idempotencyKey.includes(scheduleId)).length, 0);
  });

  test('NextDoseAt follows the next dose for ops, and clears when the schedule ends', { timeout: TEST_MS }, async () => {
    const { handle, dueMs, key } = await scheduleOf({ timesOfDay: ['08:00', '20:00'], doseCount: 2 });
    const nextDoseAt = async () => (await handle.describe()).typedSearchAttributes.get(NextDoseAt)?.toISOString();
    // The workflow looks up the next dose just after the answer is recorded.
    const settled = async (want: string | undefined) => {
      for (let tries = 0; tries < 100 && (await nextDoseAt()) !== want; tries++) await delay(100);
      return nextDoseAt();
    };
    await skipTo(dueMs('07:00'));
    assert.equal(await nextDoseAt(), new Date(dueMs('08:00')).toISOString());
    await handle.executeUpdate(takenUpdate, { args: [{ doseKey: key('08:00'), userId: caregiver, via: 'app' }] });
    assert.equal(await settled(new Date(dueMs('20:00')).toISOString()), new Date(dueMs('20:00')).toISOString());
    await skipTo(dueMs('19:00'));
    await handle.executeUpdate(takenUpdate, { args: [{ doseKey: key('20:00'), userId: caregiver, via: 'app' }] });
    await handle.result();
    assert.equal(await settled(undefined), undefined);
  });
});
