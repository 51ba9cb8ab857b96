import { ApplicationFailure, condition, setHandler } from '@temporalio/workflow';
import { workflowNow } from '../clock';
import type { DueDose } from './due-dose';
import type { MedicationRun } from './medication-run';
import {
  DOSE_ALREADY_ANSWERED,
  DOSE_NOT_DUE_YET,
  EARLY_ANSWER_MINUTES,
  REASON_REQUIRED,
  SNOOZE_LIMIT,
  WRONG_DOSE,
  skippedUpdate,
  snoozeUpdate,
  takenUpdate,
  type DoseAnswer,
  type MedicationState,
} from './messages';

export interface Answer {
  outcome: 'taken' | 'skipped' | 'late';
  /** Null only for an answer read back from the record whose member has since left. */
  by: string | null;
  via: DoseAnswer['via'] | null;
  reason: string | null;
  at: string;
}

/**
 * Taken, skipped and snooze, as Updates: the validators refuse a wrong, early or repeated
 * answer before it reaches history; the handlers change the state at once and return it
 * once the outcome is written down.
 */
export function listenForAnswers(run: MedicationRun): void {
  setHandler(takenUpdate, (a) => answered(run, { ...a, reason: null }, 'taken'), { validator: (a) => validateAnswer(run, a) });
  setHandler(skippedUpdate, (a) => answered(run, a, 'skipped'), {
    validator: (a) => {
      validateAnswer(run, a);
      if (!a.reason?.trim()) throw ApplicationFailure.nonRetryable('Say why the dose was skipped.', REASON_REQUIRED);
    },
  });
  setHandler(snoozeUpdate, (a) => snoozed(run, run.dueOf(a.doseKey)!), {
    validator: (a) => {
      validateAnswer(run, a);
      const due = run.dueOf(a.doseKey);
      if (!due) throw ApplicationFailure.nonRetryable('This dose is not due yet: there is nothing to snooze.', DOSE_NOT_DUE_YET);
      if (due.escalating) throw ApplicationFailure.nonRetryable('The backups are being paged: mark the dose taken or skipped.', SNOOZE_LIMIT);
      if (due.pending.snoozes >= due.settings.maxSnoozes) {
        throw ApplicationFailure.nonRetryable(`At most ${due.settings.maxSnoozes} snoozes per dose.`, SNOOZE_LIMIT);
      }
    },
  });
}

/**
 * A dose waiting for its answer, or the next one when it is due within EARLY_ANSWER_MINUTES
 * (given a little early: its reminder is then never sent). Anything else is refused.
 */
function validateAnswer(run: MedicationRun, { doseKey }: DoseAnswer): void {
  const { nextDose, lastOutcome } = run.state;
  const due = run.dueOf(doseKey);
  if (due) {
    if (due.answer === null) return;
    throw ApplicationFailure.nonRetryable(`Dose ${doseKey} has already been answered.`, DOSE_ALREADY_ANSWERED);
  }
  if (run.answer === null && run.due.length === 0 && run.state.phase === 'scheduled' && nextDose?.doseKey === doseKey) {
    if (Date.parse(nextDose.dueAt) - workflowNow() <= EARLY_ANSWER_MINUTES * 60_000) return;
    throw ApplicationFailure.nonRetryable(`Dose ${doseKey} can be marked from ${EARLY_ANSWER_MINUTES / 60} hours before it is due.`, DOSE_NOT_DUE_YET);
  }
  if (nextDose?.doseKey === doseKey || lastOutcome?.doseKey === doseKey || run.recordedKeys.has(doseKey)) {
    throw ApplicationFailure.nonRetryable(`Dose ${doseKey} has already been answered.`, DOSE_ALREADY_ANSWERED);
  }
  throw ApplicationFailure.nonRetryable(`Dose ${doseKey} is not the dose waiting for an answer.`, WRONG_DOSE);
}

/** Takes the answer at once (the wait ends in this task) and returns once it is written down. */
async function answered(run: MedicationRun, a: DoseAnswer & { reason: string | null }, outcome: 'taken' | 'skipped'): Promise<MedicationState> {
  const due = run.dueOf(a.doseKey);
  // Given after the window, once the backups were being paged: on the record as late.
  const late = outcome === 'taken' && due?.escalating === true;
  const answer: Answer = { outcome: late ? 'late' : outcome, by: a.userId, via: a.via, reason: a.reason, at: new Date(workflowNow()).toISOString() };
  if (due) due.answer = answer;
  else run.answer = answer;
  await condition(() => run.recordedKeys.has(a.doseKey) || run.deleted);
  return run.state;
}

/** "Remind me again in snoozeMinutes": the answer window starts again from that reminder. */
function snoozed(run: MedicationRun, due: DueDose): MedicationState {
  const { pending, settings } = due;
  pending.snoozes += 1;
  due.snoozedUntil = new Date(workflowNow() + settings.snoozeMinutes * 60_000).toISOString();
  pending.escalateAt = new Date(Date.parse(due.snoozedUntil) + settings.answerWindowMinutes * 60_000).toISOString();
  run.progress(pending.escalateAt);
  return run.state;
}
