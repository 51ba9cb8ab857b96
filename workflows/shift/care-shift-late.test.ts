import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { CareKind, CareState } from '../../temporal/search-attributes';
import { escalationWorkflowId } from '../escalation/messages';
import { SERVER_START_MS, TEST_MS } from '../medication/testing/timeouts';
import { acceptShiftUpdate, checkInUpdate, SHIFT_TAKEN, NOT_YOUR_SHIFT } from './messages';
import { createShiftHarness } from './testing/harness';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** A wall clock in New York in 2027 from the DST rule (not from our zone code): −5 h before 14 March, −4 h from it until 7 November. */
const ny = (wall: string) => Date.parse(`${wall}:00Z`) + (wall >= '2027-03-14T02:00' && wall < '2027-11-07T01:00' ? 4 : 5) * HOUR;
const within = (atMs: number, instant: number) => atMs >= instant && atMs - instant < 2_000;

describe('a care shift: reminders, the late ladder and open shifts (time-skipping server)', () => {
  const h = createShiftHarness();
  before(h.start, { timeout: SERVER_START_MS });
  after(h.stop, { timeout: SERVER_START_MS });
  const { ana, ben, cleo, admin, backup, until, skipTo, messagesOf, startShift, untilShift, rejected, shift } = h;

  test('the assignee is reminded 24 h and 2 h before a night shift on the spring-forward night, at those exact instants', { timeout: TEST_MS }, async () => {
    // Saturday 13 March 2027 22:00 EST → Sunday 06:00 EDT: 7 hours.
    const s = await startShift({ start: new Date(ny('2027-03-13T22:00')).toISOString(), end: new Date(ny('2027-03-14T06:00')).toISOString(), assigneeId: ana });
    const start = ny('2027-03-13T22:00');
    for (const [i, lead] of [1440, 120].entries()) {
      await skipTo(start - lead * MINUTE);
      await until(() => messagesOf(s.id, 'reminder').length === i + 1, `the ${lead}-minute reminder`);
      const m = messagesOf(s.id, 'reminder')[i]!;
      assert.equal(m.userId, ana);
      assert.equal(m.leadMinutes, lead);
      assert.ok(within(m.atMs, start - lead * MINUTE), `${lead} min reminder ${m.atMs - (start - lead * MINUTE)} ms late`);
      assert.equal(m.idempotencyKey, `shift/${s.id}/reminder/${lead}/${s.startUtc}/${ana}/push`);
    }
    const described = await shift(s.id).describe();
    assert.equal(described.typedSearchAttributes.get(CareKind), 'shift');
    assert.equal(described.typedSearchAttributes.get(CareState), 'scheduled');
    assert.equal(s.endUtc, '2027-03-14T10:00:00.000Z');
  });

  test('nobody checks in: +5 nudge, +15 the chain pages the backup ("Ana hasn\'t arrived"), +30 admins; her arrival sends the all-clear to everyone paged', { timeout: TEST_MS }, async () => {
    const start = ny('2027-04-10T09:00');
    const s = await startShift({ start: new Date(start).toISOString(), end: new Date(start + 8 * HOUR).toISOString(), assigneeId: ana, backupIds: [ben] });
    await skipTo(start + 5 * MINUTE);
    await until(() => messagesOf(s.id, 'late_nudge').length === 1, 'the +5 nudge');
    assert.ok(within(messagesOf(s.id, 'late_nudge')[0]!.atMs, start + 5 * MINUTE));
    assert.equal(messagesOf(s.id, 'late_nudge')[0]!.userId, ana);
    assert.equal((await untilShift(s.id, (x) => x.phase === 'late', 'late')).late.join(), 'nudged');
    assert.equal(h.shifts.get(s.id)!.state, 'late');

    await skipTo(start + 15 * MINUTE);
    const paging = await untilShift(s.id, (x) => x.escalationId !== null, 'the page');
    await until(() => h.pages.some((p) => p.escalationId === paging.escalationId), 'the backup paged');
    const page = h.pages.find((p) => p.escalationId === paging.escalationId)!;
    assert.equal(page.userId, backup);
    assert.ok(within(page.atMs, start + 15 * MINUTE), `paged ${page.atMs - start - 15 * MINUTE} ms after +15`);
    // The chain knows which shift it pages for: the text names who is late and the start ("Ana hasn't arrived for the 09:00 shift").
    const chain = h.escalations.find((e) => e.escalationId === paging.escalationId)!;
    assert.deepEqual([chain.kind, chain.shiftId], ['shift', s.id]);

    await skipTo(start + 30 * MINUTE);
    await until(() => messagesOf(s.id, 'late_admins').length === 1, 'the admins told at +30');
    assert.equal(messagesOf(s.id, 'late_admins')[0]!.userId, admin);
    assert.ok(within(messagesOf(s.id, 'late_admins')[0]!.atMs, start + 30 * MINUTE));

    await h.untilIdle(s.id);
    const state = await shift(s.id).executeUpdate(checkInUpdate, { args: [{ userId: ana, via: 'app', location: { lat: 40.7, lon: -74 } }] });
    assert.equal(state.phase, 'on_shift');
    await until(() => messagesOf(s.id, 'all_clear').length === 2, 'the all-clear to the backup paged and the admin');
    assert.deepEqual(new Set(messagesOf(s.id, 'all_clear').map((m) => m.userId)), new Set([backup, admin]));
    const outcome = await h.client().workflow.getHandle(escalationWorkflowId(paging.escalationId!)).result();
    assert.equal(outcome.by, ana);
    assert.equal(h.checkIns.at(-1)!.via, 'app');
    await until(() => h.shifts.get(s.id)!.state === 'on_shift', 'the row on shift');
  });

  test('a no-show opens the shift: two accept at the same moment, exactly one wins (ShiftTaken), the other is refused; the winner checks in', { timeout: TEST_MS }, async () => {
    const start = ny('2027-05-08T09:00');
    const s = await startShift({ start: new Date(start).toISOString(), end: new Date(start + 4 * HOUR).toISOString(), assigneeId: ana, backupIds: [ben, cleo] });
    // Before +15 it is still Ana's: nobody else can take it.
    await skipTo(start + 6 * MINUTE);
    await untilShift(s.id, (x) => x.phase === 'late', 'late');
    await until(() => messagesOf(s.id, 'late_nudge').length === 1 && h.shifts.get(s.id)!.state === 'late', 'the nudge sent');
    assert.equal(await rejected(shift(s.id).executeUpdate(acceptShiftUpdate, { args: [{ userId: ben }] })), SHIFT_TAKEN);

    await skipTo(start + 15 * MINUTE);
    const opened = await untilShift(s.id, (x) => x.open && x.escalationId !== null, 'the shift open');
    await h.untilChainWaits(opened.escalationId!);
    const race = await Promise.allSettled([ben, cleo].map((userId) => shift(s.id).executeUpdate(acceptShiftUpdate, { args: [{ userId }] })));
    const won = race.filter((r) => r.status === 'fulfilled');
    const lost = race.filter((r) => r.status === 'rejected');
    assert.equal(won.length, 1);
    assert.equal(lost.length, 1);
    assert.equal(await rejected(Promise.reject(lost[0]!.reason)), SHIFT_TAKEN);
    const winner = won[0]!.value.assigneeId!;
    assert.ok(([ben, cleo] as string[]).includes(winner));
    await until(() => h.shifts.get(s.id)!.assigneeId === winner && h.shifts.get(s.id)!.override, 'the row given to the winner');
    // Covered: the chain stops and the backup it paged is stood down (waited for: the test server mishandles a refused update while a send is in flight).
    await until(() => messagesOf(s.id, 'all_clear').some((m) => m.userId === backup), 'the all-clear');

    // Ana turns up after all: it is no longer hers.
    await h.untilIdle(s.id);
    assert.equal(await rejected(shift(s.id).executeUpdate(checkInUpdate, { args: [{ userId: ana, via: 'app' }] })), NOT_YOUR_SHIFT);
    const on = await shift(s.id).executeUpdate(checkInUpdate, { args: [{ userId: winner, via: 'sms' }] });
    assert.equal(on.phase, 'on_shift');
    // Covered before +30: the admins are not told.
    await skipTo(start + 31 * MINUTE);
    await untilShift(s.id, (x) => x.phase === 'on_shift', 'on shift');
    assert.equal(messagesOf(s.id, 'late_admins').length, 0);
  });

  test('a shift with nobody on it is offered to its backups, then to everyone; still open two hours ahead → the admins', { timeout: TEST_MS }, async () => {
    const start = ny('2027-06-05T09:00');
    const s = await startShift({ start: new Date(start).toISOString(), end: new Date(start + 4 * HOUR).toISOString(), assigneeId: null, backupIds: [cleo] });
    await until(() => messagesOf(s.id, 'offer').length === 1, 'the offer to the backup');
    assert.equal(messagesOf(s.id, 'offer')[0]!.userId, cleo);
    const opened = messagesOf(s.id, 'offer')[0]!.atMs;
    await skipTo(opened + 30 * MINUTE);
    await until(() => messagesOf(s.id, 'offer').length === 5, 'the offer to everyone');
    await skipTo(start - 2 * HOUR);
    await until(() => messagesOf(s.id, 'uncovered_admins').length === 1, 'the admins told');
    assert.ok(within(messagesOf(s.id, 'uncovered_admins')[0]!.atMs, start - 2 * HOUR));
    assert.equal((await untilShift(s.id, (x) => x.phase === 'uncovered', 'uncovered')).open, true);
  });
});
