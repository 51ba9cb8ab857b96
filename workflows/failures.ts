import { ActivityFailure, ApplicationFailure, ChildWorkflowFailure, isCancellation, log, patched } from '@temporalio/workflow';

/**
 * The type behind an activity's or child's failure (InvalidData, PermanentDeliveryFailure,
 * …), for logs and records: a type, never the data that was refused.
 */
export function failureType(err: unknown): string {
  const cause = err instanceof ActivityFailure || err instanceof ChildWorkflowFailure ? err.cause : err;
  if (cause instanceof ApplicationFailure) return cause.type ?? 'Error';
  return (cause as Error | undefined)?.name ?? 'Error';
}

/**
 * Whether the story may go on past this failure: an activity (or child workflow) that
 * failed for good — its retries cannot help — rather than a cancellation or a bug in the
 * workflow itself. The caller then goes on without it (a live event, an alert) or with
 * less (a record without the text PostgreSQL refused); ops read the line in the worker log.
 * Runs that failed at such a point before this existed still replay as they failed.
 */
export function survivable(err: unknown, what: string): boolean {
  if (isCancellation(err) || !(err instanceof ActivityFailure || err instanceof ChildWorkflowFailure)) return false;
  if (!patched('survive-failed-activities')) return false;
  log.error(`ops alert: ${what} failed for good (${failureType(err)}); the workflow goes on without it`);
  return true;
}
