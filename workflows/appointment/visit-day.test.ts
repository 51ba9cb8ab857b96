import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { SERVER_START_MS, TEST_MS } from '../medication/testing/timeouts';
import { CHECK_IN_TOO_EARLY, checkInUpdate, NOT_DONE_YET, submitSummaryUpdate, volunteerRideUpdate } from './messages';
import { createAppointmentHarness } from './testing/harness';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** New York in March 2027, from the DST rule: −5 h before 14 March, −4 h from it. */
const ny = (wall: string) => Date.parse(`${wall}:00Z`) + (wall < '2027-03-14T02:00' ? 5 : 4) * HOUR;

describe('appointment visits on the day: check-in, summary, nudge (time-skipping server)', () => {
  const h = createAppointmentHarness();
  before(h.start, { timeout: SERVER_START_MS });
  after(h.stop, { timeout: SERVER_START_MS });
  const { caregiver, until, skipTo, messagesOf, startSeries, visit, rejected } = h;

  test('on the way, arrived (timestamped), nudged two hours after the end, then done and a summary the family reads', { timeout: TEST_MS }, async () => {
    const start = '2027-03-02T10:00';
    const { seriesId } = await startSeries({ start, durationMinutes: 60 });
    const checkIn = (kind: 'on_the_way' | 'arrived' | 'done') => visit(seriesId, start).executeUpdate(checkInUpdate, { args: [{ userId: caregiver, kind }] });
    const summary = { userId: caregiver, notes: 'Blood pressure fine; new prescription.', followUps: ['Pick up prescription'], nextAppointmentSuggestion: 'In 3 months' };

    await skipTo(ny(start) - 40 * MINUTE);
    await until(() => h.visitOf(seriesId, start) !== undefined, 'the visit opened');
    assert.equal(await rejected(visit(seriesId, start).executeUpdate(submitSummaryUpdate, { args: [summary] })), NOT_DONE_YET);
    assert.equal((await checkIn('on_the_way')).phase, 'under_way');
    await skipTo(ny(start) - 5 * MINUTE);
    await checkIn('arrived');

    const nudgeAt = ny(start) + 60 * MINUTE + 2 * HOUR;
    await skipTo(nudgeAt);
    await until(() => messagesOf(seriesId, 'nudge').length === 1, 'the nudge');
    const nudge = messagesOf(seriesId, 'nudge')[0]!;
    assert.equal(nudge.userId, caregiver);
    assert.ok(nudge.atMs - nudgeAt >= 0 && nudge.atMs - nudgeAt < 2_000, `nudged ${nudge.atMs - nudgeAt} ms late`);

    await skipTo(nudgeAt + 30 * MINUTE);
    assert.equal((await checkIn('done')).phase, 'done');
    const state = await visit(seriesId, start).executeUpdate(submitSummaryUpdate, { args: [summary] });
    assert.equal(state.summarySubmitted, true);
    assert.deepEqual(await h.resultOf(visit(seriesId, start)), { phase: 'done' });

    const rows = h.checkIns.filter((c) => c.seriesId === seriesId);
    const expected: [string, number][] = [['on_the_way', ny(start) - 40 * MINUTE], ['arrived', ny(start) - 5 * MINUTE], ['done', nudgeAt + 30 * MINUTE]];
    assert.deepEqual(rows.map((c) => c.kind), expected.map(([kind]) => kind));
    for (const [i, [kind, atMs]] of expected.entries()) {
      const late = Date.parse(rows[i]!.at) - atMs;
      assert.ok(late >= 0 && late < 2_000, `${kind} stamped ${late} ms after it was given`);
    }
    assert.deepEqual(h.summaries.filter((s) => s.seriesId === seriesId).map((s) => [s.notes, s.followUps, s.nextAppointmentSuggestion]), [
      [summary.notes, summary.followUps, summary.nextAppointmentSuggestion],
    ]);
    assert.equal(h.visitOf(seriesId, start)!.status, 'done');
    // One nudge only: "done" came after it.
    assert.equal(messagesOf(seriesId, 'nudge').length, 1);
  });

  test('no-show ends the visit at once: no nudge, later check-ins refused', { timeout: TEST_MS }, async () => {
    const start = '2027-03-09T10:00';
    const { seriesId } = await startSeries({ start });
    await skipTo(ny(start) + 10 * MINUTE);
    await until(() => h.visitOf(seriesId, start) !== undefined, 'the visit opened');
    const state = await visit(seriesId, start).executeUpdate(checkInUpdate, { args: [{ userId: caregiver, kind: 'no_show' }] });
    assert.equal(state.phase, 'no_show');
    assert.deepEqual(await h.resultOf(visit(seriesId, start)), { phase: 'no_show' });
    assert.equal(h.visitOf(seriesId, start)!.status, 'no_show');
    await skipTo(ny(start) + 4 * HOUR);
    assert.equal(messagesOf(seriesId, 'nudge').length, 0);
    // The visit's workflow has ended: there is nothing left to check in to.
    await assert.rejects(visit(seriesId, start).executeUpdate(checkInUpdate, { args: [{ userId: caregiver, kind: 'arrived' }] }));
  });

  test('quiet hours: a routine reminder waits until they end, or is dropped if they last past the start; the leave-by breaks through', { timeout: TEST_MS }, async () => {
    const start = '2027-04-13T08:00';
    const { seriesId } = await startSeries({ start, reminderLeads: [120], rideLegs: ['outbound'], rideDeadlineHours: 1, travelMinutes: 45 });
    const remindAt = ny(start) - 2 * HOUR;
    h.quietUntil.set(h.admin, new Date(ny(start) - HOUR).toISOString());
    h.quietUntil.set(h.helper, new Date(ny(start) + HOUR).toISOString());
    // Opens a day before its earliest step (the 2-hour reminder).
    await skipTo(ny(start) - 26 * HOUR);
    await h.untilVisit(seriesId, start, (v) => v.phase === 'ride_open', 'the ride asked for');
    await visit(seriesId, start).executeUpdate(volunteerRideUpdate, { args: [{ userId: h.helper, leg: 'outbound' }] });

    await skipTo(ny(start) - 30 * MINUTE);
    await until(() => messagesOf(seriesId, 'reminder').length === 2 && messagesOf(seriesId, 'leave_by').length === 1, 'the reminders and the leave-by');
    const at = (userId: string, kind: 'reminder' | 'leave_by') => messagesOf(seriesId, kind).find((m) => m.userId === userId)?.atMs;
    assert.ok(at(caregiver, 'reminder')! - remindAt < 2_000, 'not quiet: on time');
    assert.ok(at(h.admin, 'reminder')! - (ny(start) - HOUR) < 2_000 && at(h.admin, 'reminder')! >= ny(start) - HOUR, 'quiet until 07:00: reminded at 07:00');
    assert.equal(at(h.helper, 'reminder'), undefined, 'quiet past the start: no reminder');
    const leaveBy = ny(start) - 60 * MINUTE;
    assert.ok(at(h.helper, 'leave_by')! - leaveBy < 2_000 && at(h.helper, 'leave_by')! >= leaveBy, 'the leave-by breaks through quiet hours');
    h.quietUntil.clear();
  });
  test('a visit with no ride and no check-in: the nudge at end + 2 h reaches the family instead of nobody', { timeout: TEST_MS }, async () => {
    const start = '2027-05-04T10:00';
    const { seriesId } = await startSeries({ start, durationMinutes: 60 });
    await skipTo(ny(start) - 30 * MINUTE);
    await until(() => h.visitOf(seriesId, start) !== undefined, 'the visit opened');
    const nudgeAt = ny(start) + 60 * MINUTE + 2 * HOUR;
    await skipTo(nudgeAt);
    await until(() => messagesOf(seriesId, 'nudge').length === 3, 'the nudge to the family');
    assert.deepEqual(messagesOf(seriesId, 'nudge').map((m) => m.userId).sort(), [h.admin, caregiver, h.helper].sort());
    for (const m of messagesOf(seriesId, 'nudge')) assert.ok(m.atMs - nudgeAt >= 0 && m.atMs - nudgeAt < 2_000, `nudged ${m.atMs - nudgeAt} ms late`);
  });

  test('check-ins wait for their time: on the way / arrived from 6 h before the start, done / no-show from the start; a refusal records nothing', { timeout: TEST_MS }, async () => {
    const start = '2027-06-08T10:00';
    const { seriesId } = await startSeries({ start, durationMinutes: 60, rideLegs: [] });
    const checkIn = (kind: 'on_the_way' | 'arrived' | 'done' | 'no_show') => visit(seriesId, start).executeUpdate(checkInUpdate, { args: [{ userId: caregiver, kind }] });
    const opensAt = (err: Promise<unknown>) =>
      err.then(
        () => assert.fail('expected the check-in to be refused'),
        (e: { cause?: { type?: string; details?: unknown[] } }) => [e.cause?.type, e.cause?.details?.[0]],
      );
    const sixHoursBefore = new Date(ny(start) - 6 * HOUR).toISOString();
    const atStart = new Date(ny(start)).toISOString();

    await skipTo(ny(start) - 6 * HOUR - MINUTE);
    await h.untilVisit(seriesId, start, (v) => v.phase === 'scheduled', 'the visit opened');
    assert.deepEqual(await opensAt(checkIn('on_the_way')), [CHECK_IN_TOO_EARLY, sixHoursBefore]);
    assert.deepEqual(await opensAt(checkIn('arrived')), [CHECK_IN_TOO_EARLY, sixHoursBefore]);
    assert.deepEqual(await opensAt(checkIn('done')), [CHECK_IN_TOO_EARLY, atStart]);

    await skipTo(ny(start) - 6 * HOUR);
    assert.equal((await checkIn('on_the_way')).phase, 'under_way');
    await skipTo(ny(start) - MINUTE);
    await checkIn('arrived');
    assert.deepEqual(await opensAt(checkIn('done')), [CHECK_IN_TOO_EARLY, atStart]);
    assert.deepEqual(await opensAt(checkIn('no_show')), [CHECK_IN_TOO_EARLY, atStart]);

    await skipTo(ny(start));
    assert.equal((await checkIn('done')).phase, 'done');
    // Only the three accepted check-ins reached the database.
    assert.deepEqual(h.checkIns.filter((c) => c.seriesId === seriesId).map((c) => c.kind), ['on_the_way', 'arrived', 'done']);
  });
});
