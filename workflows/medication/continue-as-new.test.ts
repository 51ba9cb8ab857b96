import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { CareKind, CareRecipientId, FamilyId } from '../../temporal/search-attributes';
import type { medicationSchedule } from './medication-schedule';
import { DOSE_ALREADY_ANSWERED, WRONG_DOSE, takenUpdate } from './messages';
import { createMedicationHarness } from './testing/harness';
import { SERVER_START_MS, TEST_MS } from './testing/timeouts';
import { dosesSoon } from './testing/doses-soon';
import { privateDevServer } from './testing/servers';

/** The server's default is 4,096 events; from this many on, every workflow task says "continue as new". */
const SUGGEST_CONTINUE_AS_NEW_AT = 10;

describe(`medication schedule continuing as new (a private dev server suggests it from ${SUGGEST_CONTINUE_AS_NEW_AT} events)`, () => {
  const h = createMedicationHarness(() => privateDevServer({ 'limit.historyCount.suggestContinueAsNew': SUGGEST_CONTINUE_AS_NEW_AT }));
  before(h.start, { timeout: SERVER_START_MS });
  after(h.stop, { timeout: SERVER_START_MS });
  const { caregiver, client, historyOf, startSchedule, untilState, rejected, recordOf, remindersOf } = h;
  const runOf = (workflowId: string, runId: string) => client().workflow.getHandle<typeof medicationSchedule>(workflowId, runId);

  /** The histories of a workflow's runs, from `runId` along each continue-as-new. */
  async function chainOf(workflowId: string, runId: string) {
    const runs = [await historyOf(runOf(workflowId, runId))];
    for (let next = runs[0]!.at(-1)?.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId; next; ) {
      runs.push(await historyOf(runOf(workflowId, next)));
      next = runs.at(-1)!.at(-1)?.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId;
    }
    return runs;
  }

  test('three doses given early, one per run → counts, the next dose and search attributes carry over; the schedule completes with all three', { timeout: TEST_MS }, async () => {
    const { doses, ...timing } = dosesSoon([20, 40, 60]);
    const { scheduleId, familyId, handle, schedule } = await startSchedule(timing);
    const answer = (i: number) => ({ doseKey: doses[i]!.doseKey, userId: caregiver, via: 'app' as const });

    await untilState(handle, (s) => s.nextDose?.doseKey === doses[0]!.doseKey, 'the first dose looked up');
    const firstRunId = (await handle.describe()).runId;
    const given = await handle.executeUpdate(takenUpdate, { args: [answer(0)] });
    assert.deepEqual(given.counts, { taken: 1, skipped: 0, missed: 0, late: 0 });

    // The first run hands over right after recording the dose.
    const first = await historyOf(runOf(handle.workflowId, firstRunId));
    const handover = first.at(-1)?.workflowExecutionContinuedAsNewEventAttributes;
    assert.ok(handover, `the first run ended with event type ${first.at(-1)?.eventType}, not a continue-as-new`);
    assert.ok(first.length >= SUGGEST_CONTINUE_AS_NEW_AT, `the first run had ${first.length} events`);
    // The answer completed in the first run, in the task that recorded the dose, before the hand-over.
    const at = (has: (e: (typeof first)[number]) => unknown) => first.findIndex(has);
    const accepted = at((e) => e.workflowExecutionUpdateAcceptedEventAttributes);
    // The record is a local activity (its marker lands with the task that took the answer) or, in runs from before, a task of its own.
    const written = first.findIndex(
      (e, i) => i > accepted && (e.markerRecordedEventAttributes?.markerName === 'core_local_activity' || e.activityTaskScheduledEventAttributes?.activityType?.name === 'recordDoseOutcome'),
    );
    const completed = at((e) => e.workflowExecutionUpdateCompletedEventAttributes);
    assert.ok(accepted >= 0 && accepted < written && written < completed, `update accepted at ${accepted}, record at ${written}, update completed at ${completed}`);
    assert.equal(completed, first.length - 2);
    const secondRunId = handover.newExecutionRunId!;
    assert.notEqual(secondRunId, firstRunId);

    // The new run, under the same workflow id, knows where the schedule stands.
    const second = runOf(handle.workflowId, secondRunId);
    const carried = await untilState(second, (s) => s.nextDose !== null, 'the new run to look up its next dose');
    assert.deepEqual(carried.counts, { taken: 1, skipped: 0, missed: 0, late: 0 });
    assert.deepEqual(carried.nextDose, { doseKey: doses[1]!.doseKey, dueAt: doses[1]!.dueAt });
    const attributes = (await second.describe()).typedSearchAttributes;
    assert.deepEqual(
      [attributes.get(FamilyId), attributes.get(CareRecipientId), attributes.get(CareKind)],
      [familyId, schedule.careRecipientId, 'medication'],
    );
    // The dose already recorded is refused by the new run too (as a wrong dose: the last outcome is not carried over).
    const again = await rejected(handle.executeUpdate(takenUpdate, { args: [answer(0)] }));
    assert.ok(again === DOSE_ALREADY_ANSWERED || again === WRONG_DOSE, again);

    const secondGiven = await handle.executeUpdate(takenUpdate, { args: [answer(1)] });
    assert.deepEqual([secondGiven.lastOutcome, secondGiven.counts.taken], [{ doseKey: doses[1]!.doseKey, outcome: 'taken' }, 2]);
    await untilState(handle, (s) => s.nextDose?.doseKey === doses[2]!.doseKey, 'the third dose looked up');
    await handle.executeUpdate(takenUpdate, { args: [answer(2)] });

    assert.deepEqual(await handle.result(), { ended: 'completed', counts: { taken: 3, skipped: 0, missed: 0, late: 0 } });
    assert.deepEqual(
      doses.map((d) => recordOf(scheduleId, d.doseKey)?.outcome),
      ['taken', 'taken', 'taken'],
    );
    assert.equal(remindersOf(scheduleId).length, 0, 'doses given early are never reminded');
    // Every dose recorded made the run hand over; the chain ends with a run that completed.
    const runs = await chainOf(handle.workflowId, firstRunId);
    assert.ok(runs.slice(0, 3).every((events) => events.at(-1)?.workflowExecutionContinuedAsNewEventAttributes), 'three hand-overs');
    assert.ok(runs.at(-1)!.at(-1)?.workflowExecutionCompletedEventAttributes, 'the last run completed');
  });
});
