import type { Role } from '../contracts/common';
import type { MedicationSchedule } from '../contracts/medications';
import { assertTargetsAreMembers } from '../escalations/policy';
import type { Queryable } from '../events/publisher';
import { badRequest, forbidden } from '../http/errors';

const INVALID = 'Some fields are missing or invalid.';

/**
 * The people a schedule names must belong to this family: the care recipient, an
 * assigned caregiver who can answer reminders (a viewer could not), and the people its
 * own escalation chain names.
 */
export async function checkScheduleParties(db: Queryable, familyId: string, body: MedicationSchedule): Promise<void> {
  const recipient = (await db.query('SELECT 1 FROM care_recipients WHERE id = $1 AND family_id = $2', [body.careRecipientId, familyId])) as unknown[];
  if (recipient.length === 0) {
    throw badRequest(INVALID, [{ path: 'careRecipientId', message: 'is not a care recipient of this family' }]);
  }
  const member = (await db.query('SELECT role FROM memberships WHERE family_id = $1 AND user_id = $2', [
    familyId,
    body.assignedCaregiverId,
  ])) as { role: string }[];
  if (member.length === 0) {
    throw badRequest(INVALID, [{ path: 'assignedCaregiverId', message: 'is not a member of this family' }]);
  }
  if (member[0]!.role === 'viewer') {
    throw badRequest(INVALID, [{ path: 'assignedCaregiverId', message: 'is a viewer in this family and could not answer reminders' }]);
  }
  if (body.escalationPolicy) await assertTargetsAreMembers(db, familyId, body.escalationPolicy, 'escalationPolicy.');
}

/**
 * Who is paged when a dose is missed is an admin's decision, as for a recipient's chain:
 * a caregiver may edit a medication but not set, change or remove its own chain.
 */
export function checkChainChange(role: Role | undefined, before: MedicationSchedule['escalationPolicy'], after: MedicationSchedule['escalationPolicy']): void {
  if (role === 'admin' || JSON.stringify(before ?? null) === JSON.stringify(after ?? null)) return;
  throw forbidden("Only an admin can choose who is paged when a dose is missed: this medication's escalation chain was left as it is.");
}

/** An edit keeps the recipient: their records, zone and escalation chain belong to this schedule's history. */
export function checkSameRecipient(current: string, body: MedicationSchedule): void {
  if (body.careRecipientId !== current) {
    throw badRequest(INVALID, [{ path: 'careRecipientId', message: 'a schedule stays with its care recipient; create a new one' }]);
  }
}
