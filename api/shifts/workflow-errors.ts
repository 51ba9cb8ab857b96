import { WorkflowNotFoundError } from '@temporalio/client';
import { HANDOFF_NOTE_REQUIRED, NOT_YOUR_SHIFT, SHIFT_TAKEN } from '../../workflows/shift/messages';
import { badRequest, conflict, forbidden } from '../http/errors';
import { isWorkflowRefusal } from '../http/workflow-refusal';

/** The reason code (details.reason) for an action on a shift whose workflow has not started yet. */
export const SHIFT_NOT_OPEN = 'ShiftNotOpen';

/**
 * A refusal from a shift's workflow, in the API's words. Validators reject before anything
 * reaches history, so every refusal here changed nothing.
 */
export function shiftRefusal(err: unknown): unknown {
  if (err instanceof WorkflowNotFoundError) {
    // A shift's workflow opens a day before its first reminder; until then there is nothing to answer.
    return conflict('This shift is not open yet: check-in, offers and swaps open a day before its first reminder.', { reason: SHIFT_NOT_OPEN });
  }
  if (isWorkflowRefusal(err)) {
    const { type, message } = err.cause;
    if (type === SHIFT_TAKEN) return conflict('This shift was already taken: someone else said yes first.', { reason: type });
    if (type === NOT_YOUR_SHIFT) return forbidden(message || 'This is not your shift.', { reason: type });
    if (type === HANDOFF_NOTE_REQUIRED) return badRequest(message, [{ path: 'handoffNote', message }]);
    // ShiftClosed, AlreadyCheckedIn, NotCheckedIn, SwapNotOpen, ShiftStarted and any type added
    // later: a conflict with where the shift stands, worded by the workflow for people;
    // details.reason carries the type so the app can say it in the reader's language.
    return conflict(message, { reason: type ?? '' });
  }
  return err;
}

