import type { AppDeps } from '../deps';
import { recordEvent } from '../../activities/escalation/record-event';

/**
 * Closing an acknowledged escalation with a note ("she is fine, ice on the knee"). Paging
 * ended with the acknowledgement and its workflow has finished, so nothing is left to
 * schedule: the record is completed here, through the same writer the workflow uses.
 * Returns false if it was not acknowledged.
 */
export async function resolveAcknowledged(
  deps: AppDeps,
  input: { familyId: string; escalationId: string; userId: string; note: string },
): Promise<boolean> {
  return deps.dataSource.transaction(async (m) => {
    const locked: { status: string }[] = await m.query(
      'SELECT status FROM escalations WHERE id = $1 AND family_id = $2 FOR UPDATE',
      [input.escalationId, input.familyId],
    );
    if (locked[0]?.status !== 'acknowledged') return false;
    return recordEvent(m, {
      escalationId: input.escalationId,
      familyId: input.familyId,
      type: 'resolved',
      userId: input.userId,
      via: 'app',
      detail: { via: 'app' },
      status: 'resolved',
      resolutionNote: input.note,
      dedupeKey: 'resolved',
    });
  });
}
