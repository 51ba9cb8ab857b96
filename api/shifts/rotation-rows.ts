import type { RotationTiming } from '../../activities/shifts/rotation';
import { timingOf as storedTiming, type RotationRow as StoredRotationRow } from '../../activities/shifts/rotation-activities';
import type { RotationInput } from '../contracts/shifts';
import type { Queryable } from '../events/publisher';
import { notFound } from '../http/errors';
import { recipientZone, requireWorkers } from './family-checks';

/** The rotation workflow's row (activities/shifts) and when it was last edited. */
export interface RotationRow extends StoredRotationRow {
  updated_at: Date;
}

/** A rotation as asked for, with its zone settled and everyone it names checked. */
export type ResolvedRotation = RotationInput & { timeZone: string };

export async function resolveRotation(db: Queryable, familyId: string, input: RotationInput): Promise<ResolvedRotation> {
  const zone = await recipientZone(db, familyId, input.careRecipientId);
  await requireWorkers(db, familyId, [
    { path: 'slots.assigneeId', ids: input.slots.map((s) => s.assigneeId) },
    { path: 'slots.backupIds', ids: input.slots.flatMap((s) => s.backupIds) },
  ]);
  return { ...input, timeZone: input.timeZone ?? zone };
}

export const timingOf = (r: Pick<ResolvedRotation, 'timeZone' | 'cycleWeeks' | 'slots' | 'startsOn' | 'endsOn'>): RotationTiming => ({
  timeZone: r.timeZone,
  cycleWeeks: r.cycleWeeks,
  slots: r.slots,
  startsOn: r.startsOn,
  endsOn: r.endsOn,
});

export const rowTiming: (r: RotationRow) => RotationTiming = storedTiming;

/** Column values in the order INSERT and UPDATE name them ($3…$12). */
export const rotationColumns = (r: ResolvedRotation) => [
  r.careRecipientId,
  r.timeZone,
  r.cycleWeeks,
  JSON.stringify(r.slots),
  r.startsOn,
  r.endsOn,
  r.horizonDays,
  r.reminderLeadMinutes,
  JSON.stringify(r.tasks),
];

// Dates as text: a `date` column read through the driver would become a JS Date at local midnight.
const SELECT = `SELECT id, family_id, care_recipient_id, time_zone, cycle_weeks, slots, starts_on::text AS starts_on, ends_on::text AS ends_on,
  horizon_days, reminder_leads, tasks, version, status, updated_at FROM shift_rotations`;

export async function loadRotation(db: Queryable, familyId: string, rotationId: string): Promise<RotationRow> {
  const [row] = (await db.query(`${SELECT} WHERE id = $1 AND family_id = $2 AND status <> 'deleted'`, [rotationId, familyId])) as RotationRow[];
  if (!row) throw notFound('This rotation');
  return row;
}

export async function listRotations(db: Queryable, familyId: string): Promise<RotationRow[]> {
  return (await db.query(`${SELECT} WHERE family_id = $1 AND status <> 'deleted' ORDER BY created_at, id`, [familyId])) as RotationRow[];
}

export function presentRotation(r: RotationRow) {
  return {
    id: r.id,
    careRecipientId: r.care_recipient_id,
    timeZone: r.time_zone,
    cycleWeeks: r.cycle_weeks,
    slots: r.slots.map((s) => ({ ...s, backupIds: s.backupIds ?? [] })),
    startsOn: r.starts_on,
    endsOn: r.ends_on,
    horizonDays: r.horizon_days,
    reminderLeadMinutes: r.reminder_leads,
    tasks: r.tasks,
    version: r.version,
    status: r.status,
    updatedAt: new Date(r.updated_at).toISOString(),
  };
}
