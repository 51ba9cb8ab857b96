import { allHandlersFinished, condition } from '@temporalio/workflow';
import { db } from './shift-activities';
import type { CareShiftInput, ShiftResult } from './messages';
import { followTheShift } from './shift-steps';
import { ShiftRun } from './shift-run';

/**
 * One caregiver shift, from a day before its first reminder until it is closed. The
 * assignee is reminded (a day and two hours ahead; the 2-hour reminder carries the last
 * shift's handoff note). Nobody on it (no assignee, a decline) → it is offered to the
 * backups, then to everyone; the first to accept gets it; still open two hours ahead → the
 * admins hear it plainly. No check-in at +5 → the assignee is nudged; +15 → the
 * recipient's chain pages the backups and the shift is open to whoever accepts; +30 → the
 * admins; an arrival or acceptance stands everyone paged down. After the shift: no
 * check-out at +15 → a nudge; by the end of the local day it is closed automatically and
 * flagged. The check-out carries the handoff note for the next shift. A swap stays with
 * the assignee until someone takes it, and closes at the start. Edits re-read the row;
 * a cancellation tells the assignee and ends the shift.
 */
export async function careShift(input: CareShiftInput): Promise<ShiftResult> {
  const run = new ShiftRun(input);
  run.listen();
  const row = await db('open the shift').loadShift({ shiftId: input.shiftId });
  if (row.gone) {
    // Cancelled or deleted before it opened: nothing to remind anyone of.
    run.cancelled = true;
  } else {
    run.applySettings(row);
    await followTheShift(run);
  }
  run.refreshPhase(null);
  await condition(allHandlersFinished);
  return { phase: run.state.phase };
}
