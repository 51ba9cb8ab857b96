/**
 * The workflow clock. Inside the workflow sandbox `Date.now()` is not the host's clock:
 * it is the time of the current workflow task, recorded in history, so replay sees the
 * same value. This is the one place workflow code reads it; everything else asks here.
 */
export function workflowNow(): number {
  // eslint-disable-next-line no-restricted-syntax -- the one sanctioned read, see above
  return Date.now();
}

/** Milliseconds from now until an ISO instant; never negative (a past instant is due now). */
export function msUntil(instant: string): number {
  const at = Date.parse(instant);
  if (Number.isNaN(at)) throw new TypeError(`Not an ISO instant: ${instant}`);
  return Math.max(0, at - workflowNow());
}
