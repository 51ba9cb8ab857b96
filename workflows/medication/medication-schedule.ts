import { allHandlersFinished, condition, makeContinueAsNewFunc, workflowInfo } from '@temporalio/workflow';
import { msUntil } from '../clock';
import { escalateDose } from './dose-escalation';
import { MedicationRun } from './medication-run';
import type { MedicationResult, MedicationScheduleWorkflowInput } from './messages';

/**
 * One medication schedule, for as long as it runs. Before each dose we sleep until the
 * heads-up (if any) and until the dose is due; then we remind the assigned caregiver and
 * wait for "taken", "skipped" (with a reason) or "snooze". If nobody answers within the
 * window, the backups are paged; the dose stays open until someone marks it, and is
 * missed if the chain reaches nobody or the next dose comes first. Every outcome is
 * written down, with who, when and how. A pause (a hospital stay) holds reminders until
 * resumed; an edit applies from the next dose; a delete stops everything at once.
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

    // 1. Sleep until the heads-up and until the dose. An edit, a pause or a delete wakes us to look again.
    if (dose.headsUpAt && msUntil(dose.headsUpAt) > 0) {
      if (await run.sleepUntil(dose.headsUpAt, `until heads-up for dose ${dose.label}`)) { run.restartFromNow(); continue; }
      await run.remind(dose, 'heads_up', 'heads_up', true);
    }
    if (await run.sleepUntil(dose.dueAt, `until dose ${dose.label}`)) { run.restartFromNow(); continue; }

    // 2. Due: remind the caregiver, and wait for an answer through the window and any snoozes.
    run.open(dose);
    const stopReminder = run.remindInBackground(dose);
    // This dose can be given until the next one is due; after that it is missed.
    const upcoming = await run.nextDose({ afterUtc: dose.dueAt, afterDoseKey: dose.doseKey });
    // 3. No answer in time: page the chain; the dose stays open until answered, missed or superseded.
    const answered = (await run.waitForAnswer(dose)) || (await escalateDose(run, dose, upcoming));
    await stopReminder();
    if (run.deleted) break;

    // 4. On the record: taken, late, skipped, or missed.
    await run.close(dose, answered && run.answer ? run.answer.outcome : 'missed', run.answer);
    run.advance(dose);

    // A schedule runs for years: a fresh history between two doses, carrying where we are.
    if (workflowInfo().continueAsNewSuggested) {
      await condition(allHandlersFinished);
      await makeContinueAsNewFunc<typeof medicationSchedule>({ typedSearchAttributes: workflowInfo().typedSearchAttributes })(run.carry());
    }
  }
  run.setPhase(run.deleted ? 'deleted' : 'ended');
  await condition(allHandlersFinished);
  return { ended: run.deleted ? 'deleted' : 'completed', counts: run.state.counts };
}
