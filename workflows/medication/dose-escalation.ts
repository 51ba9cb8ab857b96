import { CancellationScope, ChildWorkflowCancellationType, condition, isCancellation, patched, startChild } from '@temporalio/workflow';
import type { ScheduledDose } from '../../activities/medication/types';
import { CareKind, CareRecipientId, CareState, EscalationLevel, FamilyId } from '../../temporal/search-attributes';
import { msUntil } from '../clock';
import { escalation } from '../escalation/escalation';
import { escalationWorkflowId, taskDoneSignal, type EscalationOutcome } from '../escalation/messages';
import { survivable } from '../failures';
import type { DueDose } from './due-dose';
import { localCheck } from './medication-activities';
import { MedicationRun } from './medication-run';

const ALERT_NAMES_DOSE = 'alert-names-dose';

/**
 * Asked where the window ran out, so a dose answered in time records no marker. Runs that
 * paged before it replay without the read.
 */
const ANSWER_READ_BEFORE_PAGING = 'answer-read-before-paging';

/**
 * The window ran out with no answer here: one last look at the record before the backups
 * are paged. An answer written down whose Update never reached this run (a worker that
 * died between the record and its task, history the dev server lost in a power cut)
 * then pages nobody, and the dose closes as the record says. A record that cannot be read
 * pages, as before: a page too many is better than a dose nobody checks.
 * True when the dose is closed (answered, or the schedule deleted meanwhile).
 */
export async function answeredOnRecord(run: MedicationRun, due: DueDose): Promise<boolean> {
  if (!patched(ANSWER_READ_BEFORE_PAGING)) return false;
  const { doseKey, label } = due.dose;
  try {
    const onRecord = await localCheck(`answer on record for dose ${label}`).answerOnRecord({ scheduleId: run.input.scheduleId, doseKey });
    if (onRecord) due.answer = onRecord;
  } catch (err) {
    if (!survivable(err, `read of the answer on record for dose ${doseKey}`)) throw err;
  }
  return due.closed();
}

/**
 * Nobody answered the dose in time: the care recipient's chain is paged (the escalation
 * workflow, as a child). An acknowledgement there means "someone is on it"; the dose
 * itself stays open until it is marked taken or skipped, and becomes missed when the
 * chain ends with nobody reached or when the next dose is due.
 * `upcoming` is the dose after this one, as it stood when this one fell due.
 * Returns whether the dose was answered (or the schedule deleted) rather than missed.
 */
export async function escalateDose(run: MedicationRun, due: DueDose, upcoming: ScheduledDose | null): Promise<boolean> {
  const { dose } = due;
  const { familyId, careRecipientId } = run.input;
  const closeAt = upcoming?.dueAt ?? new Date(Date.parse(dose.dueAt) + MedicationRun.LAST_DOSE_OPEN_MS).toISOString();
  due.pending.escalationId = dose.escalationId;
  // From here on an answer counts as late.
  due.escalating = true;
  run.setPhase('escalating', closeAt);
  await run.announce(due, 'escalating');

  // The id names the dose, not the run: asking twice can never page the chain twice.
  const scope = new CancellationScope();
  const child = await scope.run(() =>
    startChild(escalation, {
      workflowId: escalationWorkflowId(dose.escalationId),
      args: [
        {
          escalationId: dose.escalationId,
          familyId,
          careRecipientId,
          kind: 'medication',
          urgency: 'urgent',
          medicationScheduleId: run.input.scheduleId,
          // The alert names its dose in the app; runs from before this change open it without.
          ...(run.has(ALERT_NAMES_DOSE) ? { doseKey: dose.doseKey } : {}),
        },
      ],
      cancellationType: ChildWorkflowCancellationType.WAIT_CANCELLATION_COMPLETED,
      typedSearchAttributes: [
        { key: FamilyId, value: familyId },
        { key: CareRecipientId, value: careRecipientId },
        { key: CareKind, value: 'escalation' },
        { key: CareState, value: 'active' },
        { key: EscalationLevel, value: 0 },
      ],
    }),
  );
  const chain: { outcome: EscalationOutcome | null; failed: boolean } = { outcome: null, failed: false };
  const watching = scope.run(async () => {
    try {
      chain.outcome = await child.result();
    } catch (err) {
      // The chain failed (the watchdog reports it and an admin can see it): the dose stays
      // open for an answer until the next one is due, as after an acknowledged chain.
      if (!survivable(err, `escalation chain of dose ${dose.doseKey}`)) throw err;
      chain.failed = true;
    }
  });

  await condition(() => due.closed() || chain.outcome?.outcome === 'unreached', msUntil(closeAt), {
    summary: `dose ${dose.label} open until ${closeAt}`,
  });
  if (chain.outcome === null && !chain.failed) {
    // Given or skipped: the chain's task is done. Deleted, or the next dose came: the chain stops.
    if (due.answer) await child.signal(taskDoneSignal, { userId: due.answer.by });
    else scope.cancel();
  }
  try {
    await watching;
  } catch (err) {
    if (!isCancellation(err)) throw err;
  }
  return due.closed();
}
