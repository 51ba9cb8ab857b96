import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import { SERVER_START_MS, TEST_MS } from '../medication/testing/timeouts';
import { checkInUpdate, submitSummaryUpdate } from './messages';
import { createAppointmentHarness } from './testing/harness';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** New York in June 2027 (daylight time): UTC−4. */
const ny = (wall: string) => Date.parse(`${wall}:00Z`) + 4 * HOUR;

/*
 * Its visits close after the series run that opened them continued as new, which leaks a
 * time lock in the test server (a real server has none): keepClockRunning releases each one,
 * so the scenario goes on past those closes.
 */
describe('appointment series: continue-as-new of an endless series (time-skipping server)', () => {
  const h = createAppointmentHarness();
  before(h.start, { timeout: SERVER_START_MS });
  after(h.stop, { timeout: SERVER_START_MS });
  const { caregiver, until, skipTo, messagesOf, startSeries, visit, keepClockRunning } = h;

  test('every day at 09:00 with no end: the series continues as new every two visits; the visits it opened keep running and reminding, and close after the run that opened them with the series still on time', { timeout: TEST_MS }, async () => {
    const starts = ['2027-06-01T09:00', '2027-06-02T09:00', '2027-06-03T09:00', '2027-06-04T09:00'];
    const later = ['2027-06-05T09:00', '2027-06-06T09:00'];
    const { seriesId, handle } = await startSeries({ start: starts[0]!, reminderLeads: [120], recurrence: { freq: 'DAILY', interval: 1, exDates: [] } }, { visitsPerRun: 2 });
    const clock = keepClockRunning(seriesId);
    const firstRun = (await handle.describe()).runId;
    /** The runs so far, following each run's continue-as-new to the next. */
    const runChain = async () => {
      const chain = [firstRun];
      for (;;) {
        const events = (await h.client().workflow.getHandle(handle.workflowId, chain.at(-1)).fetchHistory()).events ?? [];
        const next = events.at(-1)?.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId;
        if (!next) return chain;
        chain.push(next);
      }
    };

    /** Each visit's one reminder (to the three members) two hours before it, on time. */
    const remindedOnTime = async (i: number, start: string) => {
      const at = ny(start) - 2 * HOUR;
      await skipTo(at);
      await until(() => messagesOf(seriesId, 'reminder').length === 3 * (i + 1), `the reminder of visit ${i + 1}`);
      const sent = messagesOf(seriesId, 'reminder').slice(3 * i);
      assert.ok(sent.every((m) => m.occurrenceKey === start && m.atMs >= at && m.atMs - at < 2_000), `visit ${i + 1} reminded at ${new Date(at).toISOString()}`);
    };
    try {
      for (const [i, start] of starts.entries()) await remindedOnTime(i, start);
      // Two visits per run: the third run opened the fifth visit (a day and two hours ahead), carrying the four before it.
      let runs: string[] = [];
      for (const deadline = Date.now() + 20_000; (runs = await runChain()).length < 3 && Date.now() < deadline; ) await delay(100);
      assert.equal(runs.length, 3);
      const state = await h.untilSeries(seriesId, (s) => s.visitsStarted === 5, 'the third run answering');
      assert.deepEqual(state.started.map((v) => v.key), [...starts, '2027-06-05T09:00']);

      // The first visit was opened two runs ago (ABANDON): it still runs, takes "done" and its summary.
      const firstVisit = visit(seriesId, starts[0]!);
      assert.equal((await firstVisit.describe()).status.name, 'RUNNING');
      await firstVisit.executeUpdate(checkInUpdate, { args: [{ userId: caregiver, kind: 'done' }] });
      await firstVisit.executeUpdate(submitSummaryUpdate, { args: [{ userId: caregiver, notes: 'Fine.', followUps: [], nextAppointmentSuggestion: '' }] });
      assert.deepEqual(await h.resultOf(firstVisit), { phase: 'done' });

      // The second visit (also the first run's) closes by itself when its summary window ends, on 5 June;
      // the series goes on opening and reminding on time past both closes.
      for (const [i, start] of later.entries()) await remindedOnTime(starts.length + i, start);
      assert.equal((await visit(seriesId, starts[1]!).describe()).status.name, 'COMPLETED');
      assert.equal((await visit(seriesId, starts[2]!).describe()).status.name, 'RUNNING');
      // Both closes leaked the test server's time lock (their run had continued as new): released, not waited out.
      assert.equal(clock.released, 2);
    } finally {
      await clock.stop();
    }
  });
});
