import { publishFamilyEvent, type Queryable } from './publisher';

/**
 * Tells open pages that a shift changed, or (shiftId null) that a rotation's shifts did
 * (ids only: they refetch what they show). No Temporal and no route module here, so
 * activities and routes both call it. With a transaction's manager, the event goes out
 * only if that transaction commits.
 */
export function publishShiftChanged(db: Queryable, familyId: string, shiftId: string | null): Promise<void> {
  return publishFamilyEvent(db, familyId, { type: 'shift.changed', familyId, ...(shiftId ? { shiftId } : {}) });
}
