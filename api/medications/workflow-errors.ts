import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { REASON_REQUIRED } from '../../workflows/medication/messages';
import { badRequest, conflict } from '../http/errors';

/**
 * A refusal from the schedule's workflow, in the API's words. Validators reject an answer
 * before it reaches history, so every refusal here changed nothing.
 */
export function toAppError(err: unknown): unknown {
  if (err instanceof WorkflowNotFoundError) return conflict('This medication schedule is not running.');
  if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure) {
    const { type, message } = err.cause;
    if (type === REASON_REQUIRED) return badRequest(message, [{ path: 'reason', message }]);
    // WRONG_DOSE, DOSE_ALREADY_ANSWERED, SNOOZE_LIMIT, DOSE_NOT_DUE_YET (more than
    // EARLY_ANSWER_MINUTES ahead) and any type added later: a conflict with where the
    // schedule stands, worded by the workflow for people.
    return conflict(message);
  }
  return err;
}

/**
 * The Update id of an answer sent with an Idempotency-Key. Temporal answers a repeated
 * Update id with the first one's outcome, so a retry after a lost response gets that
 * result, not "already answered". Scoped by action and caller: one person's key never
 * stands for another's answer, and undefined (no key) lets the SDK pick a fresh id.
 */
export function answerUpdateId(action: string, userId: string, idempotencyKey: string | undefined): string | undefined {
  return idempotencyKey === undefined ? undefined : `${action}/${userId}/${idempotencyKey}`;
}
