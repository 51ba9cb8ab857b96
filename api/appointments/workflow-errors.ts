import { WorkflowNotFoundError } from '@temporalio/client';
import { CHECK_IN_TOO_EARLY, NO_SUCH_LEG, RIDE_TAKEN } from '../../workflows/appointment/messages';
import { AppError, badRequest, conflict } from '../http/errors';
import { isWorkflowRefusal } from '../http/workflow-refusal';

/** The reason code (details.reason) for an action on a visit whose workflow has not started yet. */
export const VISIT_NOT_OPEN = 'VisitNotOpen';

/**
 * A refusal from a visit's workflow, in the API's words. Validators reject before anything
 * reaches history, so every refusal here changed nothing.
 */
export function visitRefusal(err: unknown, timeZone?: string): unknown {
  if (err instanceof WorkflowNotFoundError) {
    // The visit workflow opens a day before its first reminder; until then there is nothing to act on.
    return conflict('This visit is not open yet: rides, check-ins and summaries open a day before its first reminder.', { reason: VISIT_NOT_OPEN });
  }
  if (isWorkflowRefusal(err)) {
    const { type, message } = err.cause;
    if (type === RIDE_TAKEN) return conflict('This ride was already taken: someone else said yes first.', { reason: type });
    if (type === NO_SUCH_LEG) return badRequest(message, [{ path: 'leg', message }]);
    if (type === CHECK_IN_TOO_EARLY) return tooEarly(message, String(err.cause.details?.[0] ?? ''), timeZone);
    // NotYourRide, VisitClosed, VisitNotDone, SummaryAlreadySubmitted and any type added later:
    // a conflict with where the visit stands, worded by the workflow for people;
    // details.reason carries the type so the app can say it in the reader's language.
    return conflict(message, { reason: type ?? '' });
  }
  return err;
}

/** 409 with the instant the check-in opens (details.opensAt), told on the visit's own clock. */
function tooEarly(message: string, opensAt: string, timeZone?: string): AppError {
  const at = new Date(opensAt);
  if (Number.isNaN(at.getTime())) return conflict(message, { reason: CHECK_IN_TOO_EARLY });
  const zone = timeZone ?? 'UTC';
  const local = new Intl.DateTimeFormat('en-GB', { timeZone: zone, weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(at);
  return new AppError(409, 'conflict', `${message} You can check in from ${local} (${zone} time).`, { reason: CHECK_IN_TOO_EARLY, opensAt: at.toISOString() });
}

export const notTold = () =>
  new AppError(503, 'unavailable', 'The change was saved, but the running reminders could not be told right now. Please save again in a moment.');
