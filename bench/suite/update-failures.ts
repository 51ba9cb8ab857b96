import { status } from '@grpc/grpc-js';
import { ApplicationFailure } from '@temporalio/common';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import type { DataSource } from 'typeorm';
import { ACCEPTED_UPDATE_ABORTED, isAbortedAcceptedUpdate, isWorkflowRefusal } from '../../api/http/workflow-refusal';
import { DOSE_RECORDED_MISSED, refusalOnRecord } from '../../api/medications/missed-dose-refusal';

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

/**
 * As updateFailureReason, and a refusal for a dose on record as missed says so: under
 * overload the chain can run out before the answer arrives, which is not a second answer.
 * A record that cannot be read leaves the workflow's word.
 */
export async function answerFailureReason(dataSource: DataSource, scheduleId: string, doseKey: string, err: unknown): Promise<string> {
  const reason = updateFailureReason(err);
  if (!isWorkflowRefusal(err)) return reason;
  const said = { type: err.cause.type ?? '', message: err.cause.message };
  const onRecord = await refusalOnRecord(dataSource, scheduleId, doseKey, said).catch(() => said);
  return onRecord.type === DOSE_RECORDED_MISSED ? `${reason}, the dose on record as missed` : reason;
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
    this.count(updateFailureReason(err));
  }

  count(reason: string): void {
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
