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
 * Alone in its file, on its own server: once a visit opened by an earlier run closes, the
 * time-skipping test server stops skipping (it mishandles an abandoned child that outlives
 * the run that started it; a real server does not), so this scenario ends there.
 */
describe('appointment series: continue-as-new of an endless series (time-skipping server)', () => {
  const h = createAppointmentHarness();
  before(h.start, { timeout: SERVER_START_MS });
  after(h.stop, { timeout: SERVER_START_MS });
  const { caregiver, until, skipTo, messagesOf, startSeries, visit } = h;

  test('every day at 09:00 with no end: the series continues as new every two visits; the visits it opened keep running and reminding', { timeout: TEST_MS }, async () => {
    const starts = ['2027-06-01T09:00', '2027-06-02T09:00', '2027-06-03T09:00', '2027-06-04T09:00'];
    const { seriesId, handle } = await startSeries({ start: starts[0]!, reminderLeads: [120], recurrence: { freq: 'DAILY', interval: 1, exDates: [] } }, { visitsPerRun: 2 });
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

    for (const [i, start] of starts.entries()) {
      const at = ny(start) - 2 * HOUR;
      await skipTo(at);
      await until(() => messagesOf(seriesId, 'reminder').length === 3 * (i + 1), `the reminder of visit ${i + 1}`);
      const sent = messagesOf(seriesId, 'reminder').slice(3 * i);
      assert.ok(sent.every((m) => m.occurrenceKey === start && m.atMs >= at && m.atMs - at < 2_000), `visit ${i + 1} reminded at ${new Date(at).toISOString()}`);
    }
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
  });
});
