import { publishFamilyEvent, type Queryable } from './publisher';

/**
 * Tells open pages that an appointment changed (ids only: they refetch what they show).
 * No Temporal and no route module here, so activities and routes both call it. With a
 * transaction's manager, the event goes out only if that transaction commits.
 */
export function publishAppointmentChanged(db: Queryable, familyId: string, seriesId: string, occurrenceKey?: string): Promise<void> {
  return publishFamilyEvent(db, familyId, { type: 'appointment.changed', familyId, seriesId, ...(occurrenceKey ? { occurrenceKey } : {}) });
}
