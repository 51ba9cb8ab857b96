import type { EntityManager } from 'typeorm';
import type { Role } from '../contracts/common';
import { conflict, notFound } from '../http/errors';

/**
 * Locks the family's memberships so two admins demoting or removing each other at the same
 * moment cannot leave a family with no admin.
 */
export async function lockMembers(m: EntityManager, familyId: string): Promise<{ userId: string; role: Role }[]> {
  const rows: { user_id: string; role: Role }[] = await m.query(
    'SELECT user_id, role FROM memberships WHERE family_id = $1 FOR UPDATE',
    [familyId],
  );
  return rows.map((r) => ({ userId: r.user_id, role: r.role }));
}

export function assertKeepsAnAdmin(members: { userId: string; role: Role }[], userId: string, newRole: Role | null) {
  const target = members.find((x) => x.userId === userId);
  if (!target) throw notFound('That member');
  const adminsAfter = members.filter((x) => (x.userId === userId ? newRole === 'admin' : x.role === 'admin')).length;
  if (target.role === 'admin' && adminsAfter === 0) {
    throw conflict('A family needs at least one admin. Make someone else an admin first.');
  }
}
