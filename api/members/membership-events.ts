import type { Role } from '../contracts/common';
import type { Queryable } from '../events/publisher';

export type MembershipEventType = 'joined' | 'left' | 'removed' | 'role_changed';

/**
 * Writes a join, leave, removal or role change for the family timeline. Called inside the
 * transaction that changes the membership, so the feed never shows a change that rolled back.
 */
export async function recordMembershipEvent(
  db: Queryable,
  e: { familyId: string; userId: string; actorId: string; type: MembershipEventType; role: Role | null },
): Promise<void> {
  await db.query(`INSERT INTO membership_events (family_id, user_id, actor_id, type, role) VALUES ($1, $2, $3, $4, $5)`, [
    e.familyId,
    e.userId,
    e.actorId,
    e.type,
    e.role,
  ]);
}
