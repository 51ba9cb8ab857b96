import type { AppDeps } from '../deps';
import { publishFamilyEvent } from '../events/publisher';
import { presentEscalation, presentTimelineRow } from './presenters';
import { EscalationEntity } from '../db/entities/escalation';

/**
 * Closing an acknowledged escalation with a note ("she is fine, ice on the knee"). Paging
 * ended with the acknowledgement and its workflow has finished, so nothing is left to
 * schedule: the record is completed here. Returns false if it was not acknowledged.
 */
export async function resolveAcknowledged(
  deps: AppDeps,
  input: { familyId: string; escalationId: string; userId: string; note: string },
): Promise<boolean> {
  return deps.dataSource.transaction(async (m) => {
    const [rows]: [unknown[], number] = await m.query(
      `UPDATE escalations SET status = 'resolved', resolution_note = $3, finished_at = COALESCE(finished_at, now())
        WHERE id = $1 AND family_id = $2 AND status = 'acknowledged' RETURNING id`,
      [input.escalationId, input.familyId, input.note],
    );
    if (rows.length === 0) return false;
    const [event] = (await m.query(
      `INSERT INTO escalation_events (escalation_id, family_id, type, user_id, channel, detail, dedupe_key)
       VALUES ($1, $2, 'resolved', $3, NULL, $4, $5) RETURNING *`,
      [input.escalationId, input.familyId, input.userId, JSON.stringify({ via: 'app' }), `${input.escalationId}:resolved`],
    )) as Record<string, unknown>[];
    await publishFamilyEvent(m, input.familyId, { type: 'escalation.timeline', entry: presentTimelineRow(event!) });
    const row = await m.getRepository(EscalationEntity).findOneByOrFail({ id: input.escalationId });
    await publishFamilyEvent(m, input.familyId, { type: 'escalation.changed', escalation: presentEscalation(row) });
    return true;
  });
}
