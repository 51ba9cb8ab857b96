import { WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';

/**
 * The failure type the Temporal server gives an Update it had accepted when the run ended
 * (here: continued as new) before the Update's result reached the caller. Whether the answer
 * was written down is unknown to the API, so it is not a refusal: it is answered as a 503, and
 * a retry with the same Idempotency-Key lands on the new run (recorded there, or refused as
 * already answered).
 */
export const ACCEPTED_UPDATE_ABORTED = 'AcceptedUpdateCompletedWorkflow';

/** The server's failure for an accepted Update whose run ended first (not the workflow's refusal). */
export function isAbortedAcceptedUpdate(failure: unknown): boolean {
  return failure instanceof ApplicationFailure && failure.type === ACCEPTED_UPDATE_ABORTED;
}

/** An Update refused by the workflow's own code (a validator or handler), which changed nothing. */
export function isWorkflowRefusal(err: unknown): err is WorkflowUpdateFailedError & { cause: ApplicationFailure } {
  return err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure && !isAbortedAcceptedUpdate(err.cause);
}
