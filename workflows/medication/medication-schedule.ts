import { allHandlersFinished, condition, makeContinueAsNewFunc, patched, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { DoseOutcome, ScheduledDose } from '../../activities/medication/types';
import { NextDoseAt } from '../../temporal/search-attributes';
import { escalateDose } from './dose-escalation';
import { untilDue, waitForAnswer } from './dose-waits';
import { db } from './medication-activities';
import { MedicationRun } from './medication-run';
import type { MedicationResult, MedicationScheduleWorkflowInput } from './messages';
import { alertRefill, remindInBackground } from './reminders';

/**
 * One medication schedule, for as long as it runs. Before each dose we sleep until the
 * heads-up (if any) and until the dose is due; then we remind the assigned caregiver and
 * wait for "taken", "skipped" (with a reason) or "snooze". If nobody answers within the
 * window, the backups are paged; the dose stays open until someone marks it, and is
 * missed if the chain reaches nobody or the next dose comes first. A dose given a little
 * early is marked before it is due and never reminded. Every outcome is written down,
 * with who, when and how. A pause (a hospital stay) holds reminders until resumed; an
 * edit applies from the next dose; a delete stops everything at once.
 */
export async function medicationSchedule(input: MedicationScheduleWorkflowInput): Promise<MedicationResult> {
  const run = new MedicationRun(input);
  run.listen();
  while (!run.deleted) {
    if (run.paused) {
      run.setPhase('paused');
      await condition(() => !run.paused || run.deleted);
      run.restartFromNow();
      continue;
    }
    const dose = await run.nextDose();
    // The end date or the number of doses is reached (or the schedule is gone).
    if (!dose) break;
    run.scheduled(dose);

    const until = await untilDue(run, dose);
    if (until === 'woken') {
      run.restartFromNow();
      continue;
    }
    const outcome = until === 'answered' ? run.answer!.outcome : await dueDose(run, dose);
    if (!outcome) break;
    if (await run.record(dose, outcome)) await alertRefill(run, dose.doseKey);
    run.advance(dose);

    // A schedule runs for years: a fresh history between two doses, carrying where we are.
    if (workflowInfo().continueAsNewSuggested) {
      await condition(allHandlersFinished);
      await makeContinueAsNewFunc<typeof medicationSchedule>({ typedSearchAttributes: workflowInfo().typedSearchAttributes })(run.carry());
    }
  }
  run.setPhase(run.deleted ? 'deleted' : 'ended');
  upsertSearchAttributes([{ key: NextDoseAt, value: null }]);
  // Added after histories were recorded: runs that ended before it replay without the call.
  if (!run.deleted && patched('record-schedule-ended')) await db('schedule ended').markScheduleEnded({ scheduleId: input.scheduleId });
  await condition(allHandlersFinished);
  return { ended: run.deleted ? 'deleted' : 'completed', counts: run.state.counts };
}

/**
 * The dose is due: remind the caregiver and wait through the window and any snoozes;
 * nobody answers → page the chain. The outcome to record, or null when the schedule was deleted.
 */
async function dueDose(run: MedicationRun, dose: ScheduledDose): Promise<DoseOutcome | null> {
  run.open(dose);
  const stopReminder = remindInBackground(run, dose);
  await run.announce(dose, 'due');
  // This dose can be given until the next one is due; after that it is missed.
  const upcoming = await run.nextDose({ afterUtc: dose.dueAt, afterDoseKey: dose.doseKey });
  const answered = (await waitForAnswer(run, dose)) || (await escalateDose(run, dose, upcoming));
  await stopReminder();
  if (run.deleted) return null;
  return answered && run.answer ? run.answer.outcome : 'missed';
}
