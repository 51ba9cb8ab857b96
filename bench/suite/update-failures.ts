import { status } from '@grpc/grpc-js';
import { ApplicationFailure } from '@temporalio/common';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { ACCEPTED_UPDATE_ABORTED, isAbortedAcceptedUpdate } from '../../api/http/workflow-refusal';

/**
 * Why an Update failed, in a few words a tally can group by: the workflow's refusal
 * (its ApplicationFailure type, e.g. DoseAlreadyAnswered) differs from a call the
 * overloaded server never finished (a gRPC status), and the two mean different things.
 */
export function updateFailureReason(err: unknown): string {
  if (err instanceof WorkflowUpdateFailedError) {
    const cause = err.cause;
    if (isAbortedAcceptedUpdate(cause)) return `accepted, then its run ended first: ${ACCEPTED_UPDATE_ABORTED}`;
    return `refused by the workflow: ${cause instanceof ApplicationFailure && cause.type ? cause.type : (cause?.message ?? err.message)}`;
  }
  if (!(err instanceof Error)) return `thrown ${typeof err}`;
  const code = grpcCode(err) ?? grpcCode(err.cause);
  const text = err.message.replace(/\s+/g, ' ').slice(0, 80);
  return code === undefined ? `${err.name}: ${text}` : `${err.name} (gRPC ${status[code] ?? code}): ${text}`;
}

function grpcCode(e: unknown): number | undefined {
  const code = (e as { code?: unknown } | undefined)?.code;
  return typeof code === 'number' ? code : undefined;
}

/** Counts by reason; `summary()` lists the most frequent first. */
export class FailureTally {
  private readonly counts = new Map<string, number>();
  total = 0;

  add(err: unknown): void {
    const reason = updateFailureReason(err);
    this.counts.set(reason, (this.counts.get(reason) ?? 0) + 1);
    this.total++;
  }

  summary(most = 4): string {
    if (this.total === 0) return 'no failure';
    const sorted = [...this.counts].sort((a, b) => b[1] - a[1]);
    const shown = sorted.slice(0, most).map(([reason, n]) => `${n} × ${reason}`);
    const rest = sorted.slice(most).reduce((s, [, n]) => s + n, 0);
    return `${this.total} failed: ${shown.join('; ')}${rest ? `; ${rest} for ${sorted.length - most} other reason(s)` : ''}`;
  }
}
