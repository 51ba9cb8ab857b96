import { allHandlersFinished, condition, makeContinueAsNewFunc, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { DoseOutcome, ScheduledDose } from '../../activities/medication/types';
import { NextDoseAt } from '../../temporal/search-attributes';
import type { Answer } from './answer-handlers';
import { answeredOnRecord, escalateDose } from './dose-escalation';
import type { DueDose } from './due-dose';
import { untilDue, waitForAnswer } from './dose-waits';
import { db } from './medication-activities';
import { MedicationRun } from './medication-run';
import type { MedicationResult, MedicationScheduleWorkflowInput } from './messages';
import { alertRefill, REMIND_IN_ONE_SEND, remindInBackground } from './reminders';

/** Doses due at one instant are reminded together, each with its own window (runs before this remind one at a time). */
const DOSES_DUE_TOGETHER = 'doses-due-together';

/**
 * One medication schedule, for as long as it runs. Before each dose we sleep until the
 * heads-up (if any) and until the dose is due; then we remind the assigned caregiver and
 * wait for "taken", "skipped" (with a reason) or "snooze". If nobody answers within the
 * window, the backups are paged; the dose stays open until someone marks it, and is
 * missed if the chain reaches nobody or the next dose comes first. A dose given a little
 * early is marked before it is due and never reminded. Doses due at the same instant (a
 * spring-forward gap brings 02:00, 02:30 and 03:00 together) are reminded together, each
 * with its own window, answer and chain. Every outcome is written down,
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
    const dose = await run.nextDoseAhead();
    // The end date or the number of doses is reached (or the schedule is gone).
    if (!dose) break;
    run.scheduled(dose);

    const until = await untilDue(run, dose);
    if (until === 'woken') {
      run.restartFromNow();
      continue;
    }
    if (until === 'answered') {
      const early = run.answer!;
      run.answer = null;
      await recordAndAlert(run, dose, early.outcome, early);
      run.advance(dose);
    } else if (run.has(DOSES_DUE_TOGETHER)) {
      // Looked up before the sleep (run.ahead), or, for a run that slept before that, now.
      const { doses, upcoming } = run.ahead ?? (await dosesDueWith(run, dose));
      const handled = await Promise.all(doses.map((d) => dueDose(run, d, upcoming)));
      if (handled.includes(false)) break;
      run.advance(doses.at(-1)!);
    } else {
      // Histories recorded before doses could be due together: one dose, the next looked up once it was announced.
      const due = run.open(dose);
      const stopReminder = remindInBackground(run, dose);
      await run.announce(due, 'due');
      const upcoming = await run.nextDose({ afterUtc: dose.dueAt, afterDoseKey: dose.doseKey });
      if (!(await answerOrEscalate(run, due, upcoming, stopReminder))) break;
      run.advance(dose);
    }

    // A schedule runs for years: a fresh history between two doses, carrying where we are.
    if (workflowInfo().continueAsNewSuggested) {
      await condition(allHandlersFinished);
      await makeContinueAsNewFunc<typeof medicationSchedule>({ typedSearchAttributes: workflowInfo().typedSearchAttributes })(run.carry());
    }
  }
  run.setPhase(run.deleted ? 'deleted' : 'ended');
  upsertSearchAttributes([{ key: NextDoseAt, value: null }]);
  // Added after histories were recorded: runs that ended before it replay without the call.
  if (!run.deleted && run.has('record-schedule-ended')) await db('schedule ended').markScheduleEnded({ scheduleId: input.scheduleId });
  await condition(allHandlersFinished);
  return { ended: run.deleted ? 'deleted' : 'completed', counts: run.state.counts };
}

/**
 * The doses due at this one's instant (a spring-forward gap brings several wall times to
 * one), and the first dose after them, until which each of them can still be given.
 */
async function dosesDueWith(run: MedicationRun, first: ScheduledDose): Promise<{ doses: ScheduledDose[]; upcoming: ScheduledDose | null }> {
  const doses = [first];
  for (;;) {
    const last = doses.at(-1)!;
    const next = await run.nextDose({ afterUtc: last.dueAt, afterDoseKey: last.doseKey });
    if (next?.dueAt !== first.dueAt) return { doses, upcoming: next };
    doses.push(next);
  }
}

/**
 * The dose is due: remind the caregiver, wait through the window and any snoozes, page
 * the chain if nobody answers, and write the outcome down. False when the schedule was deleted.
 */
async function dueDose(run: MedicationRun, dose: ScheduledDose, upcoming: ScheduledDose | null): Promise<boolean> {
  const due = run.open(dose);
  if (run.has(REMIND_IN_ONE_SEND)) {
    // The "due" status rides on the reminder: one activity at the due instant.
    return answerOrEscalate(run, due, upcoming, remindInBackground(run, dose, due));
  }
  const stopReminder = remindInBackground(run, dose);
  await run.announce(due, 'due');
  return answerOrEscalate(run, due, upcoming, stopReminder);
}

async function answerOrEscalate(run: MedicationRun, due: DueDose, upcoming: ScheduledDose | null, stopReminder: () => Promise<void>): Promise<boolean> {
  const answered = (await waitForAnswer(run, due)) || (await answeredOnRecord(run, due)) || (await escalateDose(run, due, upcoming));
  await stopReminder();
  if (run.deleted) return false;
  await recordAndAlert(run, due.dose, answered && due.answer ? due.answer.outcome : 'missed', due.answer);
  return true;
}

async function recordAndAlert(run: MedicationRun, dose: ScheduledDose, outcome: DoseOutcome, answer: Answer | null): Promise<void> {
  if (await run.record(dose, outcome, answer)) await alertRefill(run, dose.doseKey);
}
