import { condition } from '@temporalio/workflow';
import type { ScheduledDose } from '../../activities/medication/types';
import { msUntil } from '../clock';
import type { DueDose } from './due-dose';
import type { MedicationRun, UntilDue } from './medication-run';
import { remind, REMIND_IN_ONE_SEND } from './reminders';

/**
 * Sleeps until the heads-up (sending it) and until the dose. An edit, a pause or a delete
 * wakes us to look again; an early answer closes the dose before it is due.
 */
export async function untilDue(run: MedicationRun, dose: ScheduledDose): Promise<UntilDue> {
  if (dose.headsUpAt && msUntil(dose.headsUpAt) > 0) {
    const woke = await run.sleepUntil(dose.headsUpAt, `until heads-up for dose ${dose.label}`);
    if (woke !== 'due') return woke;
    await remind(run, dose, 'heads_up', 'heads_up', true);
  }
  return run.sleepUntil(dose.dueAt, `until dose ${dose.label}`);
}

/**
 * Waits for an answer through the window, and through each snooze and the window after
 * it. True when the dose was answered (or the schedule deleted); false when the window ran out.
 */
export async function waitForAnswer(run: MedicationRun, due: DueDose): Promise<boolean> {
  const { dose, pending } = due;
  for (;;) {
    const snoozes = pending.snoozes;
    const until = due.snoozedUntil ?? pending.escalateAt;
    const summary = due.snoozedUntil ? `snoozed until ${until}` : `answer window for dose ${dose.label} until ${until}`;
    const woken = await condition(() => due.closed() || pending.snoozes !== snoozes, msUntil(until), { summary });
    if (due.closed()) return true;
    if (woken) {
      await run.announce(due, 'snoozed');
      continue;
    }
    if (!due.snoozedUntil) return false;
    due.snoozedUntil = null;
    if (run.has(REMIND_IN_ONE_SEND)) {
      // The "due" status rides on the reminder.
      await remind(run, dose, 'due', `snooze${snoozes}`, false, { live: due });
    } else {
      await remind(run, dose, 'due', `snooze${snoozes}`, false);
      await run.announce(due, 'due');
    }
  }
}
