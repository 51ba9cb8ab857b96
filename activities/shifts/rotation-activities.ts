import type { DataSource, EntityManager } from 'typeorm';
import { publishShiftChanged } from '../../api/events/shifts';
import { diffShifts, expandRotation, type RotationSlot, type RotationTiming, type StoredShift } from './rotation';
import type { PlannedShift, RotationPlan, RotationPlanInput } from './types';

const DAY_MS = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();

export interface RotationRow {
  id: string;
  family_id: string;
  care_recipient_id: string;
  time_zone: string;
  cycle_weeks: number;
  slots: RotationSlot[];
  starts_on: string;
  ends_on: string | null;
  horizon_days: number;
  reminder_leads: number[];
  tasks: string[];
  version: number;
  status: 'active' | 'ended' | 'deleted';
}

export const timingOf = (row: RotationRow): RotationTiming => ({
  timeZone: row.time_zone,
  cycleWeeks: row.cycle_weeks,
  slots: row.slots,
  startsOn: row.starts_on,
  endsOn: row.ends_on,
});

/** A shift's workflow opens a day before its first (longest) reminder. */
export const openAheadMs = (leads: number[]) => DAY_MS + Math.max(0, ...leads) * 60_000;

/**
 * The rotation workflow's side of the rows. Expansion happens here, in the rotation's
 * zone, so the workflow sees only UTC instants (in its history). Each call keeps the
 * shift rows of the rolling horizon in step with the rotation: missing ones inserted,
 * ones not yet started (and not overridden) updated or cancelled; past shifts are history.
 * Safe to retry: a second call finds nothing left to change.
 */
export function shiftRotationActivities({ dataSource }: { dataSource: DataSource }) {
  return {
    async rotationPlan(input: RotationPlanInput): Promise<RotationPlan> {
      const row = await loadRotationRow(dataSource, input.rotationId);
      if (!row) return { status: 'missing', version: 0, due: [], started: [], nextOpenAt: null };
      const now = Date.parse(input.nowUtc);
      if (row.status === 'deleted') {
        await dataSource.query(`UPDATE shifts SET state = 'cancelled', updated_at = now() WHERE rotation_id = $1 AND start_at > $2 AND state <> 'cancelled'`, [row.id, input.nowUtc]);
        return { status: 'deleted', version: row.version, due: [], started: await rowsOf(dataSource, input.startedIds, row), nextOpenAt: null };
      }
      const ahead = openAheadMs(row.reminder_leads);
      const from = input.fromUtc ?? input.nowUtc;
      const window = { fromUtc: from, untilUtc: iso(now + Math.max(row.horizon_days * DAY_MS, ahead)) };
      const changed = await dataSource.transaction((m) => materialise(m, row, window));
      if (changed) await publishShiftChanged(dataSource, row.family_id, null);
      const upcoming = await dataSource.query(
        `SELECT id, start_at, end_at, assignee_id, state FROM shifts
          WHERE rotation_id = $1 AND start_at > $2 AND state <> 'cancelled' ORDER BY start_at, id`,
        [row.id, from],
      ) as ShiftRowLite[];
      const planned = upcoming.map((r) => plannedOf(r, ahead)).filter((p) => !input.startedIds.includes(p.shiftId));
      const due = planned.filter((p) => Date.parse(p.openAt) <= now);
      const next = planned.find((p) => Date.parse(p.openAt) > now);
      // The horizon rolls once a day; a rotation that ended has nothing more to roll.
      const over = row.ends_on !== null && upcoming.length === 0 && expandRotation(timingOf(row), { fromUtc: input.nowUtc, untilUtc: iso(now + 400 * DAY_MS) }).length === 0;
      const roll = now + DAY_MS;
      const nextOpenAt = next ? Math.min(Date.parse(next.openAt), roll) : over ? null : roll;
      return { status: row.status, version: row.version, due, started: await rowsOf(dataSource, input.startedIds, row), nextOpenAt: nextOpenAt === null ? null : iso(nextOpenAt) };
    },

    /** The rotation has no more shifts: the row says so, and open pages redraw it. */
    async markRotationEnded(input: { rotationId: string }): Promise<void> {
      const [rows] = (await dataSource.query(
        `UPDATE shift_rotations SET status = 'ended', updated_at = now() WHERE id = $1 AND status = 'active' RETURNING family_id`,
        [input.rotationId],
      )) as [{ family_id: string }[], number];
      if (rows[0]) await publishShiftChanged(dataSource, rows[0].family_id, null);
    },
  };
}

interface ShiftRowLite {
  id: string;
  start_at: Date;
  end_at: Date;
  assignee_id: string | null;
  state: PlannedShift['state'];
}

const plannedOf = (r: ShiftRowLite, ahead: number): PlannedShift => ({
  shiftId: r.id,
  startUtc: r.start_at.toISOString(),
  endUtc: r.end_at.toISOString(),
  assigneeId: r.assignee_id,
  state: r.state,
  openAt: iso(r.start_at.getTime() - ahead),
});

async function rowsOf(db: DataSource, ids: string[], row: RotationRow): Promise<PlannedShift[]> {
  if (ids.length === 0) return [];
  const rows = (await db.query(`SELECT id, start_at, end_at, assignee_id, state FROM shifts WHERE id = ANY($1::uuid[])`, [ids])) as ShiftRowLite[];
  return rows.map((r) => plannedOf(r, openAheadMs(row.reminder_leads)));
}

export async function loadRotationRow(db: DataSource | EntityManager, rotationId: string): Promise<RotationRow | null> {
  const rows = (await db.query(
    `SELECT id, family_id, care_recipient_id, time_zone, cycle_weeks, slots, to_char(starts_on, 'YYYY-MM-DD') AS starts_on,
            to_char(ends_on, 'YYYY-MM-DD') AS ends_on, horizon_days, reminder_leads, tasks, version, status
       FROM shift_rotations WHERE id = $1`,
    [rotationId],
  )) as RotationRow[];
  return rows[0] ?? null;
}

/** Brings the window's shift rows in line with the rotation (locks the rotation row: two plans never race). True when anything changed. */
async function materialise(m: EntityManager, row: RotationRow, window: { fromUtc: string; untilUtc: string }): Promise<boolean> {
  await m.query('SELECT 1 FROM shift_rotations WHERE id = $1 FOR UPDATE', [row.id]);
  const expanded = expandRotation(timingOf(row), window);
  const stored = (
    (await m.query(
      `SELECT id, slot_key, start_at, end_at, assignee_id, backup_ids, override, state FROM shifts
        WHERE rotation_id = $1 AND start_at >= $2 AND start_at < $3`,
      [row.id, window.fromUtc, window.untilUtc],
    )) as { id: string; slot_key: string; start_at: Date; end_at: Date; assignee_id: string | null; backup_ids: string[]; override: boolean; state: string }[]
  ).map(
    (r): StoredShift => ({
      id: r.id,
      slotKey: r.slot_key,
      startUtc: r.start_at.toISOString(),
      endUtc: r.end_at.toISOString(),
      assigneeId: r.assignee_id,
      backupIds: r.backup_ids,
      override: r.override,
      state: r.state,
    }),
  );
  // A slot moved out of the window keeps its row (the unique key): look it up by key, not only by time.
  const changes = diffShifts(expanded, stored, window.fromUtc);
  for (const s of changes.insert) {
    await m.query(
      `INSERT INTO shifts (family_id, care_recipient_id, rotation_id, slot_key, start_at, end_at, time_zone, start_local, assignee_id, backup_ids, tasks, state)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::uuid[], $11, $12)
       ON CONFLICT (rotation_id, slot_key) DO UPDATE SET start_at = $5, end_at = $6, start_local = $8, updated_at = now()
         WHERE shifts.override = false AND shifts.start_at > $13`,
      [row.family_id, row.care_recipient_id, row.id, s.slotKey, s.startUtc, s.endUtc, row.time_zone, s.startLocal, s.assigneeId, s.backupIds, JSON.stringify(row.tasks), s.assigneeId ? 'scheduled' : 'uncovered', window.fromUtc],
    );
  }
  for (const { id, to } of changes.update) {
    await m.query(
      `UPDATE shifts SET start_at = $2, end_at = $3, start_local = $4, assignee_id = $5, backup_ids = $6::uuid[], tasks = $7,
              state = CASE WHEN $5::uuid IS NULL THEN 'uncovered' ELSE 'scheduled' END, updated_at = now()
        WHERE id = $1`,
      [id, to.startUtc, to.endUtc, to.startLocal, to.assigneeId, to.backupIds, JSON.stringify(row.tasks)],
    );
  }
  if (changes.cancel.length) await m.query(`UPDATE shifts SET state = 'cancelled', updated_at = now() WHERE id = ANY($1::uuid[])`, [changes.cancel]);
  return changes.insert.length + changes.update.length + changes.cancel.length > 0;
}
