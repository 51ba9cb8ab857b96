import { proxyActivities } from '@temporalio/workflow';
import type { OpenEscalationInput, PolicySnapshot, RecordedEvent, TimelineEventInput } from '../../activities/escalation/types';
import { DB_CALL } from '../activity-options';
import { failureType, survivable } from '../failures';

/** The activities that write the escalation's record, as registered in activities/index.ts. */
export interface RecordActivities {
  openEscalation(input: OpenEscalationInput): Promise<PolicySnapshot>;
  recordEscalationEvent(e: TimelineEventInput): Promise<RecordedEvent>;
}

// Short writes to PostgreSQL: retried with backoff until the database is back, never given up on.
export const { openEscalation } = proxyActivities<RecordActivities>({ ...DB_CALL, summary: 'open the record, freeze the chain' });

/**
 * Writes one timeline event (and the row's new status). If PostgreSQL refuses it for good
 * (a note it cannot store), the event still goes on the timeline, without its free text
 * and saying why, so the escalation's status in the database stays true.
 */
export async function recordTimelineEvent(e: TimelineEventInput): Promise<RecordedEvent> {
  const where = e.step ? ` (round ${e.round}, step ${e.step})` : '';
  const { recordEscalationEvent } = proxyActivities<RecordActivities>({ ...DB_CALL, summary: `record ${e.type}${where}` });
  try {
    return await recordEscalationEvent(e);
  } catch (err) {
    if (!survivable(err, `record ${e.type}${where}`)) throw err;
    const { resolutionNote: _dropped, ...bare } = e;
    try {
      return await recordEscalationEvent({ ...bare, detail: { notStored: failureType(err) } });
    } catch (again) {
      if (!survivable(again, `record ${e.type}${where} without its text`)) throw again;
      return { recorded: false };
    }
  }
}
