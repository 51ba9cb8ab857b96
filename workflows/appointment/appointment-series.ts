import { allHandlersFinished, condition, makeContinueAsNewFunc, sleep, workflowInfo } from '@temporalio/workflow';
import { db } from './appointment-activities';
import type { AppointmentSeriesInput, SeriesResult } from './messages';
import { CANCELLED_VISITS_CLOSE_MS, SeriesRun } from './series-run';

/**
 * One appointment series (a single visit, or "every other Tuesday at 09:30"), for as long
 * as it runs. The rows say which occurrences there are (an activity expands the rule in
 * the series' zone, so the instants are in history); a day before an occurrence's first
 * reminder (or its ride request) we open its own visit workflow, which reminds, finds a
 * ride and follows the day. An edit wakes us: running visits that have not begun learn
 * their new time, or that they no longer happen. A delete cancels every running visit.
 * Once nothing is left to open and the last visit is over, the series has ended.
 */
export async function appointmentSeries(input: AppointmentSeriesInput): Promise<SeriesResult> {
  const run = new SeriesRun(input);
  run.listen();
  while (!run.deleted) {
    const seen = run.editsBeforePlan();
    const plan = await run.plan();
    if (plan.status === 'deleted' || plan.status === 'missing') {
      run.deleted = true;
      break;
    }
    await run.applyChanges(plan);
    for (const occurrence of plan.due) await run.openVisit(occurrence);
    run.forgetFinished();

    // Nothing left to open: stay until the last running visit is over, so a delete can still reach it.
    const wakeAt = plan.nextOpenAt ?? run.lastVisitOverAt();
    if (!wakeAt) {
      // An edit during this round may give the series occurrences ahead: read the rows again before ending.
      if (seen !== null && run.edits !== seen) continue;
      break;
    }
    run.setPhase('scheduled', wakeAt);
    await run.sleepUntil(wakeAt, plan.nextOpenAt ? `next visit opens at ${wakeAt}` : `last visit over at ${wakeAt}`, seen);

    // An endless series: a fresh history now and then, carrying the visits it still looks after.
    if (!run.deleted && run.wantsFreshHistory(workflowInfo().continueAsNewSuggested)) {
      await condition(allHandlersFinished);
      await makeContinueAsNewFunc<typeof appointmentSeries>({ typedSearchAttributes: workflowInfo().typedSearchAttributes })(run.carry());
    }
  }
  if (run.deleted) {
    await run.cancelAll();
    run.setPhase('deleted', null);
    // The cancelled visits tell their companions and close first: the series is the last to go
    // (the time-skipping test server stops its clock when an abandoned child outlives its parent).
    await sleep(CANCELLED_VISITS_CLOSE_MS, { summary: 'cancelled visits close first' });
  } else {
    await db('series ended').markSeriesEnded({ seriesId: input.seriesId });
    run.setPhase('ended', null);
  }
  await condition(allHandlersFinished);
  return { ended: run.deleted ? 'deleted' : 'completed', visitsStarted: run.state.visitsStarted };
}
