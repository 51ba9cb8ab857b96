import { WorkflowNotFoundError } from '@temporalio/client';
import type { AppDeps } from '../deps';
import { AppError, conflict, forbidden, notFound } from '../http/errors';
import { answerUpdateId } from '../http/idempotency';
import { resolveAcknowledged } from './resolve-acknowledged';
import {
  ALREADY_FINISHED,
  NOT_A_MEMBER,
  acknowledgeUpdate,
  claimUpdate,
  escalationWorkflowId,
  resolveUpdate,
  type EscalationState,
} from '../../workflows/escalation/messages';
import { isWorkflowRefusal } from '../http/workflow-refusal';

export type AppAnswer =
  | { action: 'acknowledge' }
  | { action: 'claim'; minutes: number }
  | { action: 'resolve'; note: string };

/**
 * An answer from the SPA (REST or ws) goes to the workflow as an Update: its validator
 * refuses a non-member or a finished escalation before anything reaches history, and the
 * caller learns that at once. The one answer after the workflow has ended is the note
 * that resolves an acknowledged escalation, which only completes the record.
 */
export async function answerFromApp(
  deps: AppDeps,
  input: { familyId: string; escalationId: string; userId: string; idempotencyKey?: string } & AppAnswer,
): Promise<EscalationState | void> {
  const rows: { status: string }[] = await deps.dataSource.query('SELECT status FROM escalations WHERE id = $1 AND family_id = $2', [
    input.escalationId,
    input.familyId,
  ]);
  if (rows.length === 0) throw notFound('This escalation');
  if (input.action === 'resolve' && rows[0]!.status === 'acknowledged') {
    if (await resolveAcknowledged(deps, { ...input, note: input.note })) return;
  }
  // Closing an acknowledged escalation is a database write, not an Update, so Temporal cannot
  // recognise its retry: the same person sending the same note again is that retry.
  if (input.action === 'resolve' && input.idempotencyKey && rows[0]!.status === 'resolved' && (await sameResolve(deps, input))) return;
  const handle = deps.temporal.client.workflow.getHandle(escalationWorkflowId(input.escalationId));
  const updateId = answerUpdateId(input.action, input.userId, input.idempotencyKey);
  try {
    switch (input.action) {
      case 'acknowledge':
        return await handle.executeUpdate(acknowledgeUpdate, { args: [{ userId: input.userId, via: 'app' }], updateId });
      case 'claim':
        return await handle.executeUpdate(claimUpdate, { args: [{ userId: input.userId, via: 'app', minutes: input.minutes }], updateId });
      case 'resolve':
        return await handle.executeUpdate(resolveUpdate, { args: [{ userId: input.userId, note: input.note }], updateId });
      default: {
        const never: never = input;
        return never;
      }
    }
  } catch (err) {
    throw toAppError(err);
  }
}

async function sameResolve(deps: AppDeps, input: { escalationId: string; userId: string; note: string }): Promise<boolean> {
  const found: unknown[] = await deps.dataSource.query(
    `SELECT 1 FROM escalations e JOIN escalation_events ev ON ev.escalation_id = e.id AND ev.type = 'resolved'
      WHERE e.id = $1 AND ev.user_id = $2 AND e.resolution_note = $3`,
    [input.escalationId, input.userId, input.note],
  );
  return found.length > 0;
}

export function toAppError(err: unknown): unknown {
  if (err instanceof WorkflowNotFoundError) return conflict('This escalation has already finished.');
  if (isWorkflowRefusal(err)) {
    if (err.cause.type === NOT_A_MEMBER) return forbidden(err.cause.message);
    if (err.cause.type === ALREADY_FINISHED) return conflict(err.cause.message);
    return new AppError(409, 'conflict', err.cause.message);
  }
  return err;
}
