import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { SERVER_START_MS, TEST_MS } from '../medication/testing/timeouts';
import { deleteSeriesSignal, seriesChangedSignal, volunteerRideUpdate } from './messages';
import { createAppointmentHarness } from './testing/harness';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** New York in 2027, from the DST rule: −5 h before 14 March, −4 h from it. */
const ny = (wall: string) => Date.parse(`${wall}:00Z`) + (wall < '2027-03-14T02:00' ? 5 : 4) * HOUR;
const iso = (ms: number) => new Date(ms).toISOString();

describe('appointment series: changes while running and delete (time-skipping server)', () => {
  const h = createAppointmentHarness();
  before(h.start, { timeout: SERVER_START_MS });
  after(h.stop, { timeout: SERVER_START_MS });
  const { admin, caregiver, until, skipTo, messagesOf, startSeries, visit, untilVisit } = h;

  test('one occurrence moved: its visit reminds at the new instants only; another cancelled: its visit ends, the rest go on', { timeout: TEST_MS }, async () => {
    const keys = ['2027-03-02T10:00', '2027-03-09T10:00', '2027-03-16T10:00'];
    const { seriesId, handle } = await startSeries({ start: keys[0]!, recurrence: { freq: 'WEEKLY', interval: 1, byDay: ['TU'], count: 3, exDates: [] } });
    const moved = keys[1]!;
    // The 9th's visit opens eight days ahead (a day before its 7-day reminder).
    await skipTo(ny(moved) - 8 * DAY);
    await untilVisit(seriesId, moved, (s) => s.phase === 'scheduled', "the 9th's visit");

    const s = h.series.get(seriesId)!;
    s.overrides.push({ key: moved, status: 'moved', start: '2027-03-10T15:00' });
    s.row.version = 2;
    await handle.signal(seriesChangedSignal, { version: 2, by: admin });
    const newStart = ny('2027-03-10T15:00');
    await untilVisit(seriesId, moved, (v) => v.startUtc === iso(newStart), 'the visit told its new time');

    await skipTo(newStart - 120 * MINUTE);
    await until(() => messagesOf(seriesId, 'reminder').filter((m) => m.occurrenceKey === moved).length === 3 * 3, 'three reminders for the moved visit');
    const sent = messagesOf(seriesId, 'reminder').filter((m) => m.occurrenceKey === moved);
    assert.deepEqual([...new Set(sent.map((m) => m.dueAt))], [10080, 1440, 120].map((lead) => iso(newStart - lead * MINUTE)));
    assert.ok(sent.every((m) => m.startUtc === iso(newStart)));

    // The 16th's visit is open (since the 8th): cancelling it ends it, and no reminder of it comes after.
    const cancelled = keys[2]!;
    s.overrides.push({ key: cancelled, status: 'cancelled' });
    s.row.version = 3;
    const before = messagesOf(seriesId, 'reminder').filter((m) => m.occurrenceKey === cancelled).length;
    await handle.signal(seriesChangedSignal, { version: 3, by: admin });
    assert.deepEqual(await h.resultOf(visit(seriesId, cancelled)), { phase: 'cancelled' });
    assert.equal(h.visitOf(seriesId, cancelled)!.status, 'cancelled');
    await skipTo(ny(cancelled));
    assert.equal(messagesOf(seriesId, 'reminder').filter((m) => m.occurrenceKey === cancelled).length, before);
    // The moved visit's workflow is over three days after it ends; then the series has nothing left and ends.
    await skipTo(newStart + HOUR + 3 * DAY + 2 * HOUR);
    assert.deepEqual(await h.resultOf(handle), { ended: 'completed', visitsStarted: 3 });
    assert.ok(h.ended.has(seriesId));
  });

  test('deleting the series cancels its running visit (the companion is told) and nothing is sent or opened afterwards', { timeout: TEST_MS }, async () => {
    const first = '2027-04-06T10:00';
    const { seriesId, handle } = await startSeries({ start: first, rideLegs: ['outbound'], recurrence: { freq: 'WEEKLY', interval: 1, byDay: ['TU'], exDates: [] } });
    await skipTo(ny(first) - 8 * DAY);
    await untilVisit(seriesId, first, (v) => v.phase === 'ride_open', 'the first visit asking for a ride');
    await visit(seriesId, first).executeUpdate(volunteerRideUpdate, { args: [{ userId: caregiver, leg: 'outbound' }] });

    h.series.get(seriesId)!.row.status = 'deleted';
    await handle.signal(deleteSeriesSignal, { by: admin });
    // The series waits a minute for the visits it cancelled to close.
    await skipTo((await h.now()) + 2 * MINUTE);
    assert.deepEqual(await h.resultOf(handle), { ended: 'deleted', visitsStarted: 1 });
    assert.deepEqual(await h.resultOf(visit(seriesId, first)), { phase: 'cancelled' });
    await until(() => messagesOf(seriesId, 'cancelled').length === 1, 'the companion told');
    assert.equal(messagesOf(seriesId, 'cancelled')[0]!.userId, caregiver);
    assert.equal(h.visitOf(seriesId, first)!.status, 'cancelled');

    const sent = messagesOf(seriesId).length;
    await skipTo(ny(first) + 30 * DAY);
    assert.equal(messagesOf(seriesId).length, sent);
    assert.deepEqual([...h.visits.keys()].filter((k) => k.startsWith(seriesId)), [`${seriesId}/${first}`]);
  });

  test('an edit that lands while the series is planning is acted on at once, not at the next wake a week later', { timeout: TEST_MS }, async () => {
    const keys = ['2027-06-01T10:00', '2027-06-08T10:00'];
    const { seriesId, handle } = await startSeries({ start: keys[0]!, recurrence: { freq: 'WEEKLY', interval: 1, byDay: ['TU'], count: 2, exDates: [] } });
    await skipTo(ny(keys[0]!) - 8 * DAY);
    await untilVisit(seriesId, keys[0]!, (s) => s.phase === 'scheduled', 'the first visit open');

    const s = h.series.get(seriesId)!;
    // The first edit wakes the series; while it reads the rows, the second (a move) is saved and signalled.
    h.duringPlan.set(seriesId, async () => {
      s.overrides.push({ key: keys[0]!, status: 'moved', start: '2027-06-02T15:00' });
      s.row.version = 3;
      await handle.signal(seriesChangedSignal, { version: 3, by: admin });
    });
    s.row.version = 2;
    await handle.signal(seriesChangedSignal, { version: 2, by: admin });
    // Server time stands still here (nothing waits on a result): only an immediate new round can tell the visit.
    await untilVisit(seriesId, keys[0]!, (v) => v.startUtc === iso(ny('2027-06-02T15:00')), 'the visit told its new time');
    assert.ok(!h.duringPlan.has(seriesId), 'the edit landed during a plan');
  });

  test('created at 09:59 for 10:00, its first workflow task only at 10:03 (a worker busy at 10:00) → the visit still opens', { timeout: TEST_MS }, async () => {
    const key = '2027-07-06T10:00';
    await skipTo(ny('2027-07-06T09:59'));
    const { seriesId } = await startSeries({ start: key }, { firstTaskDelay: '4 minutes' });
    await skipTo(ny('2027-07-06T10:03') + 30_000);
    await untilVisit(seriesId, key, (v) => v.startUtc === iso(ny(key)), 'the 10:00 visit open, late');
  });
});
