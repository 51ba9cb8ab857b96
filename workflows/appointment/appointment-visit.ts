import { allHandlersFinished, condition, patched } from '@temporalio/workflow';
import { survivable } from '../failures';
import { db } from './appointment-activities';
import type { AppointmentVisitInput, VisitResult } from './messages';
import { arrangeRide } from './ride';
import { followTheClock } from './visit-clock';
import { notify } from './visit-notify';
import { nowIso, VisitRun } from './visit-run';

const DAY_MS = 86_400_000;
/** Rides carried over from a replaced visit, and "changed, you still drive" instead of "cancelled" to its companions. */
export const CARRIED_RIDES_PATCH = 'appointment-carried-rides';

/**
 * One occurrence of an appointment, from a day before its first reminder until its
 * summary. The family is reminded ahead (7 days, 1 day and 2 hours by default; each
 * member may opt out, quiet hours are respected). If the visit needs a ride, the family is
 * asked at once and the first volunteer for each leg wins; still nobody by the deadline,
 * and the chain pages people until someone takes it, or the admins hear that the visit has
 * no ride. The companion is told when to leave. On the day they check in (on the way,
 * arrived, done or no-show); after "done" they write a summary the family reads. No
 * "done" two hours after the end: they are nudged. A move recomputes every timer; a
 * cancellation tells the companion and ends the visit.
 */
export async function appointmentVisit(input: AppointmentVisitInput): Promise<VisitResult> {
  const run = new VisitRun(input);
  run.listen();
  const opened = await db('open the visit').openVisit({ ...run.key, startUtc: input.startUtc, endUtc: input.endUtc });
  if (opened.gone) {
    // Deleted before it opened: nothing to remind anyone of.
    run.cancelled = true;
  } else {
    run.settings = opened;
    run.opened = true;
    // A visit that replaced one an edit moved here opens with that visit's companions already driving.
    const carried = patched(CARRIED_RIDES_PATCH) ? (opened.carriedRides ?? []) : [];
    run.state.rides = opened.rideLegs.map((leg) => carried.find((r) => r.leg === leg) ?? { leg, userId: null, travelMinutes: null, acceptedAt: null });
    run.refreshPhase();
    await Promise.all([arrangeRide(run), followTheClock(run)]);
  }
  if (run.cancelled && !opened.gone) await cancelled(run);
  else if (!run.cancelled) await run.write('visit outcome', () => db('record the visit outcome').setVisitStatus({ ...run.key, status: outcomeOf(run), ...instants(run) }));
  run.refreshPhase(null);
  await condition(allHandlersFinished);
  return { phase: run.state.phase };
}

const instants = (run: VisitRun) => ({ startUtc: run.state.startUtc, endUtc: run.state.endUtc });

function outcomeOf(run: VisitRun): 'done' | 'no_show' | 'scheduled' {
  if (run.checkedIn('no_show')) return 'no_show';
  return run.checkedIn('done') ? 'done' : 'scheduled';
}

/** The visit no longer happens: the row says so, and its companions hear it (not whoever cancelled it). */
async function cancelled(run: VisitRun): Promise<void> {
  await run.write('cancellation', () => db('record the cancellation').setVisitStatus({ ...run.key, status: 'cancelled', ...instants(run) }));
  const told = run.companions().filter((id) => id !== run.cancelledBy);
  // Within a day of the visit the companion may be about to leave: that breaks through quiet hours.
  const soon = Date.parse(run.state.startUtc) - Date.parse(nowIso()) < DAY_MS;
  // Replaced by an edit that took the rides along: the companions still drive, on the new occurrence.
  const kind = run.movedTo && patched(CARRIED_RIDES_PATCH) ? 'moved' : 'cancelled';
  try {
    await notify(run, told, { kind, step: `${kind}/${run.state.startUtc}`, urgency: soon ? 'urgent' : 'routine', dueAt: nowIso() });
  } catch (err) {
    if (!survivable(err, 'cancellation notice')) throw err;
  }
}
