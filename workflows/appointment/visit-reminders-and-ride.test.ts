import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { CareKind, CareState } from '../../temporal/search-attributes';
import { escalationWorkflowId } from '../escalation/messages';
import { SERVER_START_MS, TEST_MS } from '../medication/testing/timeouts';
import { RIDE_TAKEN, volunteerRideUpdate, withdrawRideUpdate } from './messages';
import { createAppointmentHarness } from './testing/harness';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** A wall clock in New York in March–May 2027, from the DST rule (not from our zone code): −5 h before 14 March, −4 h from it. */
const ny = (wall: string) => Date.parse(`${wall}:00Z`) + (wall < '2027-03-14T02:00' ? 5 : 4) * HOUR;

describe('appointment visits: reminders across DST and the ride (time-skipping server)', () => {
  const h = createAppointmentHarness();
  before(h.start, { timeout: SERVER_START_MS });
  after(h.stop, { timeout: SERVER_START_MS });
  const { admin, caregiver, helper, backup, optedOut, until, skipTo, messagesOf, startSeries, untilVisit, rejected, visit } = h;

  test('weekly on Tuesdays at 09:30 in New York across the spring-forward: every reminder at start − lead, opted-out member left out', { timeout: TEST_MS }, async () => {
    optedOut.add(helper);
    const { seriesId } = await startSeries({ start: '2027-03-02T09:30', recurrence: { freq: 'WEEKLY', interval: 1, byDay: ['TU'], count: 3, exDates: [] } });
    const starts = ['2027-03-02T09:30', '2027-03-09T09:30', '2027-03-16T09:30'].map((wall) => ({ key: wall, startMs: ny(wall) }));
    // 09:30 stays 09:30 local: 14:30 UTC before the change, 13:30 UTC after it.
    assert.equal(new Date(starts[2]!.startMs).toISOString(), '2027-03-16T13:30:00.000Z');
    const expected = starts
      .flatMap(({ key, startMs }) => [10080, 1440, 120].map((lead) => ({ key, lead, atMs: startMs - lead * MINUTE })))
      .sort((a, b) => a.atMs - b.atMs);

    for (const [i, reminder] of expected.entries()) {
      await skipTo(reminder.atMs);
      await until(() => messagesOf(seriesId, 'reminder').length === 2 * (i + 1), `reminder ${i + 1} (${reminder.key}, ${reminder.lead} min)`);
      const sent = messagesOf(seriesId, 'reminder').slice(2 * i);
      assert.deepEqual(new Set(sent.map((m) => m.userId)), new Set([admin, caregiver]));
      for (const m of sent) {
        assert.equal(m.occurrenceKey, reminder.key);
        assert.equal(m.dueAt, new Date(reminder.atMs).toISOString());
        const late = m.atMs - reminder.atMs;
        assert.ok(late >= 0 && late < 2_000, `${reminder.key} −${reminder.lead} min sent ${late} ms after its instant`);
        assert.match(m.idempotencyKey, new RegExp(`^appt/${seriesId}/${reminder.key}/reminder/${reminder.lead}/`));
      }
    }
    const described = await visit(seriesId, '2027-03-16T09:30').describe();
    assert.equal(described.typedSearchAttributes.get(CareKind), 'appointment-visit');
    assert.equal(described.typedSearchAttributes.get(CareState), 'scheduled');
    optedOut.delete(helper);
  });

  test('two volunteers for one leg at the same moment: exactly one wins, the other is told RideTaken; the companions are told when to leave', { timeout: TEST_MS }, async () => {
    const start = '2027-04-06T10:00';
    const { seriesId } = await startSeries({ start, rideLegs: ['outbound', 'return'], travelMinutes: 30 });
    await skipTo(ny(start) - 8 * DAY);
    await until(() => messagesOf(seriesId, 'ride_request').length === 3, 'the ride request to the family');
    await untilVisit(seriesId, start, (s) => s.phase === 'ride_open', 'the visit open for volunteers');

    const race = await Promise.allSettled(
      [caregiver, helper].map((userId) => visit(seriesId, start).executeUpdate(volunteerRideUpdate, { args: [{ userId, leg: 'outbound' }] })),
    );
    const won = race.filter((r) => r.status === 'fulfilled');
    const lost = race.filter((r) => r.status === 'rejected');
    assert.equal(won.length, 1);
    assert.equal(lost.length, 1);
    assert.equal(await rejected(Promise.reject(lost[0]!.reason)), RIDE_TAKEN);
    const driver = won[0]!.value.rides.find((r) => r.leg === 'outbound')!.userId!;
    const other = driver === caregiver ? helper : caregiver;
    assert.equal(h.rides.filter((r) => r.seriesId === seriesId && r.leg === 'outbound').length, 1);

    const state = await visit(seriesId, start).executeUpdate(volunteerRideUpdate, { args: [{ userId: other, leg: 'return', travelMinutes: 20 }] });
    assert.equal(state.phase, 'ride_filled');
    // Filled before the deadline: nobody is paged.
    await skipTo(ny(start) - 47 * HOUR);
    assert.equal(h.pages.filter((p) => p.familyId === h.series.get(seriesId)!.row.family_id).length, 0);

    const outboundLeave = ny(start) - (30 + 15) * MINUTE;
    const returnLeave = ny(start) + 60 * MINUTE - (20 + 15) * MINUTE;
    await skipTo(returnLeave);
    await until(() => messagesOf(seriesId, 'leave_by').length === 2, 'both leave-by reminders');
    const [first, second] = messagesOf(seriesId, 'leave_by');
    assert.deepEqual([first!.userId, first!.atMs - outboundLeave < 2_000 && first!.atMs >= outboundLeave], [driver, true]);
    assert.deepEqual([second!.userId, second!.atMs - returnLeave < 2_000 && second!.atMs >= returnLeave], [other, true]);
  });

  test('unfilled at the deadline → the chain pages; a volunteer stops it; withdrawing reopens the ride, asks again and pages again; nobody → admins told "no ride"', { timeout: TEST_MS }, async () => {
    const start = '2027-05-04T10:00';
    const { seriesId, row } = await startSeries({ start, rideLegs: ['outbound'], rideDeadlineHours: 48 });
    const deadline = ny(start) - 48 * HOUR;
    await skipTo(deadline - MINUTE);
    await until(() => messagesOf(seriesId, 'ride_request').length === 3, 'the ride request');
    assert.equal(h.pages.filter((p) => p.familyId === row.family_id).length, 0);

    await skipTo(deadline);
    const paging = await untilVisit(seriesId, start, (s) => s.rideEscalationId !== null, 'the ride escalation');
    const firstChain = paging.rideEscalationId!;
    await until(() => h.pages.some((p) => p.escalationId === firstChain), 'the backup paged');
    const page = h.pages.find((p) => p.escalationId === firstChain)!;
    assert.equal(page.userId, backup);
    assert.ok(page.atMs - deadline >= 0 && page.atMs - deadline < 2_000, `paged ${page.atMs - deadline} ms after the deadline`);

    await h.untilChainWaits(firstChain);
    await visit(seriesId, start).executeUpdate(volunteerRideUpdate, { args: [{ userId: helper, leg: 'outbound' }] });
    const chain = await h.resultOf(h.client().workflow.getHandle(escalationWorkflowId(firstChain)));
    assert.notEqual(chain.outcome, 'unreached');

    const reopened = await visit(seriesId, start).executeUpdate(withdrawRideUpdate, { args: [{ userId: helper, leg: 'outbound' }] });
    assert.equal(reopened.phase, 'ride_open');
    await until(() => messagesOf(seriesId, 'ride_request').length === 6, 'the family asked again');
    const again = await untilVisit(seriesId, start, (s) => s.rideEscalationId !== null && s.rideEscalationId !== firstChain, 'a second page');
    await until(() => h.pages.some((p) => p.escalationId === again.rideEscalationId), 'the backup paged again');

    // Nobody answers the second chain: it ends unreached and the admins hear the visit has no ride.
    await h.untilChainWaits(again.rideEscalationId!);
    await skipTo((await h.now()) + 16 * MINUTE);
    await until(() => messagesOf(seriesId, 'no_ride').length === 1, 'the admins told');
    assert.equal(messagesOf(seriesId, 'no_ride')[0]!.userId, admin);
    assert.equal((await untilVisit(seriesId, start, (s) => s.noRide, 'no ride')).phase, 'ride_open');
  });
});
