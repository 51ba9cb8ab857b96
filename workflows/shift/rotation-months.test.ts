import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { RotationTiming } from '../../activities/shifts/rotation';
import { wallClockToInstant } from '../../activities/time/zoned-time';
import { shiftRotationHandle, tellRotationChanged } from '../../temporal/shifts';
import { SERVER_START_MS, TEST_MS } from '../medication/testing/timeouts';
import { checkInUpdate, checkOutUpdate } from './messages';
import { createShiftHarness } from './testing/harness';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const WEEK = 7 * 24 * HOUR;
const ZONE = 'America/New_York';
/** Mondays from 4 January 2027, 09:00 New York (EST, then EDT from 14 March). */
const monday = (n: number) => wallClockToInstant(ZONE, new Date(Date.parse('2027-01-04T00:00:00Z') + n * WEEK).toISOString().slice(0, 10), '09:00');
const iso = (ms: number) => new Date(ms).toISOString();
const WEEKS = 16;
/** The 12th Monday (22 March) was opened by the fourth run, which continued as new a day before it began. */
const EDITED = 11;
/** Three shifts a run (`shiftsPerRun: 3`) over WEEKS Mondays. */
const RUNS = Math.ceil(WEEKS / 3);

/*
 * Alone in its file, on its own server: its shifts close after the run that opened them
 * continued as new, which leaks a time lock in the test server (released by keepClockRunning).
 */
describe('a shift rotation running for months (time-skipping server)', () => {
  const h = createShiftHarness();
  before(h.start, { timeout: SERVER_START_MS });
  after(h.stop, { timeout: SERVER_START_MS });
  const { ana, ben, cleo, skipTo, shift, untilShift, untilIdle, untilRotation, messagesOf, startRotation } = h;

  test('four months through continue-as-new: every Monday opened once, reminded once, handed over; an edit after a continue-as-new reaches only shifts not yet begun', { timeout: TEST_MS }, async () => {
    const timing: RotationTiming = {
      timeZone: ZONE,
      cycleWeeks: 2,
      startsOn: '2027-01-04',
      endsOn: null,
      slots: [
        { week: 1, weekday: 'mon', start: '09:00', end: '13:00', assigneeId: ana },
        { week: 2, weekday: 'mon', start: '09:00', end: '13:00', assigneeId: ben },
      ],
    };
    const { row, handle } = await startRotation(timing, { shiftsPerRun: 3 });
    const firstRun = (await handle.describe()).runId;
    const rowsOf = () => [...h.shifts.values()].filter((s) => s.rotationId === row.id).sort((a, b) => (a.startUtc < b.startUtc ? -1 : 1));
    // Only closed shifts can leak a lock: the fakes mark a row done or cancelled just before its workflow ends.
    const clock = h.keepClockRunning(() => rowsOf().filter((s) => s.state === 'done' || s.state === 'cancelled').map((s) => s.id));
    const assigned = (n: number) => (n >= EDITED ? cleo : n % 2 === 0 ? ana : ben);
    try {
      for (let n = 0; n < WEEKS; n++) {
        const start = monday(n);
        if (n === EDITED) {
          // Twelve hours before the shift: the run that opened it has continued as new since.
          await skipTo(start - 12 * HOUR);
          const s = rowsOf().find((x) => x.startUtc === iso(start))!;
          const opener = (await shift(s.id).describe()).parentExecution!.runId;
          assert.notEqual(opener, (await handle.describe()).runId, 'the shift was opened by an earlier run');
          row.timing = { ...timing, slots: timing.slots.map((x) => ({ ...x, assigneeId: cleo })) };
          row.version = 2;
          await tellRotationChanged(h.client(), row.id, { version: 2, by: null });
          await untilShift(s.id, (x) => x.assigneeId === cleo, 'the opened shift now Cleo\'s');
        }
        await skipTo(start);
        const s = rowsOf().find((x) => x.startUtc === iso(start));
        assert.ok(s, `the shift of ${iso(start)} exists`);
        await untilShift(s.id, (x) => x.remindersSent.length === 2, `week ${n + 1} reminded`);
        const reminders = messagesOf(s.id, 'reminder');
        assert.deepEqual(reminders.map((m) => m.leadMinutes), [1440, 120], `week ${n + 1}: each reminder once`);
        assert.equal(reminders[1]!.userId, assigned(n));
        assert.equal(reminders[1]!.handoffNote, n === 0 ? null : `week ${n}`, `week ${n + 1} hears the last handoff`);
        if (n === EDITED) assert.equal(reminders[0]!.userId, ben, 'the 24-hour reminder came before the edit');
        await untilIdle(s.id);
        await shift(s.id).executeUpdate(checkInUpdate, { args: [{ userId: assigned(n), via: 'app' }] });
        await skipTo(start + 4 * HOUR - MINUTE);
        await untilIdle(s.id);
        const done = await shift(s.id).executeUpdate(checkOutUpdate, { args: [{ userId: assigned(n), via: 'app', handoffNote: `week ${n + 1}`, tasksDone: [] }] });
        assert.equal(done.phase, 'done');
      }

      // Four months of Mondays, each once; the horizon still reaches four weeks ahead.
      const rows = rowsOf();
      assert.equal(new Set(rows.map((s) => s.slotKey)).size, rows.length, 'no slot twice');
      assert.equal(new Set(rows.map((s) => s.startUtc)).size, rows.length, 'no start twice');
      const past = rows.filter((s) => Date.parse(s.startUtc) <= monday(WEEKS - 1));
      assert.deepEqual(past.map((s) => s.startUtc), Array.from({ length: WEEKS }, (_, n) => iso(monday(n))));
      assert.deepEqual(past.map((s) => s.assigneeId), Array.from({ length: WEEKS }, (_, n) => assigned(n)), 'weeks before the edit kept Ana and Ben');
      assert.ok(past.every((s) => s.state === 'done' && !s.autoClosed));
      const ahead = rows.filter((s) => Date.parse(s.startUtc) > monday(WEEKS - 1));
      assert.ok(ahead.length >= 3 && ahead.every((s) => s.assigneeId === cleo && s.state === 'scheduled'), 'the horizon rolled on, all Cleo\'s');

      // The run chain: each run continued as new after opening three shifts.
      const chain = [firstRun];
      for (;;) {
        const events = (await h.client().workflow.getHandle(handle.workflowId, chain.at(-1)).fetchHistory()).events ?? [];
        const next = events.at(-1)?.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId;
        if (!next) break;
        chain.push(next);
      }
      // Sixteen shifts opened at three a run: five full runs, and the sixth (still running) opened the 16th.
      assert.equal(chain.length, RUNS, `continued as new ${RUNS - 1} times`);
      const state = await untilRotation(row.id, (x) => x.runs === chain.length, 'the last run answering');
      assert.equal(state.version, 2);
      // Each Monday's workflow opened once (the next one opens two days ahead, after this point).
      assert.equal(state.shiftsStarted, WEEKS);
      assert.equal((await shiftRotationHandle(h.client(), row.id).describe()).status.name, 'RUNNING');
      // The test server's leak happened (and was released): without the release this test stood still.
      // Each run's third shift closes after that run continued as new (weeks 3, 6, 9, 12, 15): one lock each.
      assert.equal(clock.released, RUNS - 1, 'each full run\'s last shift closed after the run that opened it');
      console.log(`rotation months: ${chain.length} runs, ${state.shiftsStarted} shifts opened, ${clock.released} leaked time locks released`);
    } finally {
      await clock.stop();
    }
  });
});
