import type { Queryable } from '../events/publisher';
import { badRequest } from '../http/errors';

/**
 * What a shift or rotation names must belong to this family: the recipient, and people who
 * can work a shift (admins and caregivers; a viewer only reads). Refused with 400 naming the
 * field, before anything is written.
 */
export async function recipientZone(db: Queryable, familyId: string, careRecipientId: string): Promise<string> {
  const [row] = (await db.query('SELECT time_zone FROM care_recipients WHERE id = $1 AND family_id = $2', [careRecipientId, familyId])) as {
    time_zone: string;
  }[];
  if (!row) throw badRequest('The care recipient is not in this family.', [{ path: 'careRecipientId', message: 'not a care recipient of this family' }]);
  return row.time_zone;
}

export async function requireWorkers(db: Queryable, familyId: string, people: { path: string; ids: (string | null | undefined)[] }[]): Promise<void> {
  const wanted = [...new Set(people.flatMap((p) => p.ids).filter((id): id is string => typeof id === 'string'))];
  if (wanted.length === 0) return;
  const rows = (await db.query(`SELECT user_id FROM memberships WHERE family_id = $1 AND role IN ('admin', 'caregiver') AND user_id = ANY($2::uuid[])`, [
    familyId,
    wanted,
  ])) as { user_id: string }[];
  const ok = new Set(rows.map((r) => r.user_id));
  const issues = people.flatMap((p) =>
    p.ids.filter((id): id is string => typeof id === 'string' && !ok.has(id)).map(() => ({ path: p.path, message: 'must be an admin or caregiver of this family' })),
  );
  if (issues.length > 0) throw badRequest('Someone named for a shift is not an admin or caregiver of this family.', issues);
}
