import { WorkflowNotFoundError } from '@temporalio/client';
import { REASON_REQUIRED } from '../../workflows/medication/messages';
import { badRequest, conflict } from '../http/errors';
import { isWorkflowRefusal } from '../http/workflow-refusal';

/** The reason code (details.reason) for an answer to a schedule whose workflow is not running. */
export const SCHEDULE_NOT_RUNNING = 'ScheduleNotRunning';

/**
 * A refusal from the schedule's workflow, in the API's words. Validators reject an answer
 * before it reaches history, so every refusal here changed nothing.
 */
export function toAppError(err: unknown): unknown {
  if (err instanceof WorkflowNotFoundError) return conflict('This medication schedule is not running.', { reason: SCHEDULE_NOT_RUNNING });
  if (isWorkflowRefusal(err)) {
    const { type, message } = err.cause;
    if (type === REASON_REQUIRED) return badRequest(message, [{ path: 'reason', message }]);
    // WRONG_DOSE, DOSE_ALREADY_ANSWERED, SNOOZE_LIMIT, DOSE_NOT_DUE_YET (more than
    // EARLY_ANSWER_MINUTES ahead) and any type added later: a conflict with where the
    // schedule stands, worded by the workflow for people;
    // details.reason carries the type so the app can say it in the reader's language.
    return conflict(message, { reason: type ?? '' });
  }
  return err;
}

