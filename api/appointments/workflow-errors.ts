import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { NO_SUCH_LEG, RIDE_TAKEN } from '../../workflows/appointment/messages';
import { AppError, badRequest, conflict } from '../http/errors';

/**
 * A refusal from a visit's workflow, in the API's words. Validators reject before anything
 * reaches history, so every refusal here changed nothing.
 */
export function visitRefusal(err: unknown): unknown {
  if (err instanceof WorkflowNotFoundError) {
    // The visit workflow opens a day before its first reminder; until then there is nothing to act on.
    return conflict('This visit is not open yet: rides, check-ins and summaries open a day before its first reminder.');
  }
  if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure) {
    const { type, message } = err.cause;
    if (type === RIDE_TAKEN) return conflict('This ride was already taken: someone else said yes first.');
    if (type === NO_SUCH_LEG) return badRequest(message, [{ path: 'leg', message }]);
    // NotYourRide, VisitClosed, VisitNotDone, SummaryAlreadySubmitted and any type added later:
    // a conflict with where the visit stands, worded by the workflow for people.
    return conflict(message);
  }
  return err;
}

export const notTold = () =>
  new AppError(503, 'unavailable', 'The change was saved, but the running reminders could not be told right now. Please save again in a moment.');
