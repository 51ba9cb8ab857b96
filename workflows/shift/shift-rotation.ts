import { allHandlersFinished, condition, makeContinueAsNewFunc, workflowInfo } from '@temporalio/workflow';
import type { RotationResult, ShiftRotationInput } from './messages';
import { RotationRun } from './rotation-run';
import { db } from './shift-activities';

/**
 * One rotation ("Ana weekdays 09:00–17:00, Ben the nights, every other weekend Cleo"),
 * for as long as it runs. An activity keeps the shifts of the next few weeks in the
 * database in step with it (expanded in the rotation's zone, so instants are in history;
 * past shifts and ones given to someone by hand stay as they are). A day before a shift's
 * first reminder we open its own workflow, which reminds, watches for the arrival, finds
 * cover and closes it. An edit wakes us: running shifts not yet begun re-read their row,
 * or hear they no longer happen. A delete cancels them. A fresh history now and then.
 */
export async function shiftRotation(input: ShiftRotationInput): Promise<RotationResult> {
  const run = new RotationRun(input);
  run.listen();
  while (!run.deleted) {
    const plan = await run.plan();
    if (plan.status === 'deleted' || plan.status === 'missing') {
      run.deleted = true;
      break;
    }
    await run.applyChanges(plan);
    for (const shift of plan.due) await run.openShift(shift);
    run.forgetFinished();

    // Nothing left to open: stay until the last running shift is over, so a delete still reaches it.
    const wakeAt = plan.nextOpenAt ?? run.lastShiftOverAt();
    if (!wakeAt) break;
    run.setPhase('scheduled', wakeAt);
    await run.sleepUntil(wakeAt, plan.nextOpenAt ? `next look at ${wakeAt}` : `last shift over at ${wakeAt}`);

    if (!run.deleted && run.wantsFreshHistory(workflowInfo().continueAsNewSuggested)) {
      await condition(allHandlersFinished);
      await makeContinueAsNewFunc<typeof shiftRotation>({ typedSearchAttributes: workflowInfo().typedSearchAttributes })(run.carry());
    }
  }
  if (run.deleted) {
    // The activity has already marked the rows of shifts not yet begun as cancelled.
    await run.plan();
    await run.cancelUpcoming();
    run.setPhase('deleted', null);
  } else {
    await db('rotation ended').markRotationEnded({ rotationId: input.rotationId });
    run.setPhase('ended', null);
  }
  await condition(allHandlersFinished);
  return { ended: run.deleted ? 'deleted' : 'completed', shiftsStarted: run.state.shiftsStarted };
}
