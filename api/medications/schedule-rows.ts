import { MedicationScheduleInput, type MedicationSchedule } from '../contracts/medications';
import type { AppDeps } from '../deps';
import { publishFamilyEvent, type Queryable } from '../events/publisher';
import { notFound } from '../http/errors';

// Database rows only, no Temporal: activities write these rows too (the live view of a
// workflow is in live-state.ts), so importing this never pulls the Temporal client in.

/** A row of medication_schedules as `SELECT *` returns it. */
export interface ScheduleRow {
  id: string;
  family_id: string;
  care_recipient_id: string;
  schedule: unknown;
  status: 'active' | 'paused' | 'ended' | 'deleted' | 'stopped';
  /** What a stopped schedule was when its workflow failed: a restart puts it back so. */
  stopped_from: 'active' | 'paused' | null;
  version: number;
  supply_count: number | null;
  refill_threshold: number | null;
  created_at: Date;
  updated_at: Date;
}

/** Stored validated; parsing again fills defaults added since. */
export function scheduleOf(row: ScheduleRow): MedicationSchedule {
  return MedicationScheduleInput.parse(row.schedule);
}

/** What the workflow is told at its start and on every edit: who to remind and how patiently. */
export function workflowSettings(s: MedicationSchedule) {
  return { assignedCaregiverId: s.assignedCaregiverId, answerWindowMinutes: s.answerWindowMinutes, snoozeMinutes: s.snoozeMinutes, maxSnoozes: s.maxSnoozes };
}

export function present(row: ScheduleRow) {
  const schedule = scheduleOf(row);
  // The stored body keeps the count it was saved with; doses taken since count it down in the row.
  if (schedule.supply && row.supply_count !== null) schedule.supply = { ...schedule.supply, count: row.supply_count };
  return {
    id: row.id,
    familyId: row.family_id,
    careRecipientId: row.care_recipient_id,
    schedule,
    status: row.status,
    version: row.version,
    supplyCount: row.supply_count,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

/** Open pages redraw the schedule; called with a transaction's manager, only once it commits. */
export function publishChanged(db: Queryable, row: ScheduleRow): Promise<void> {
  return publishFamilyEvent(db, row.family_id, { type: 'medication.changed', medication: present(row) });
}

/** The family's schedule, not deleted; 404 otherwise (also for another family's id). */
export async function loadSchedule(deps: AppDeps, familyId: string, scheduleId: string): Promise<ScheduleRow> {
  const rows = (await deps.dataSource.query(
    `SELECT * FROM medication_schedules WHERE id = $1 AND family_id = $2 AND status <> 'deleted'`,
    [scheduleId, familyId],
  )) as ScheduleRow[];
  if (!rows[0]) throw notFound('This medication schedule');
  return rows[0];
}

export async function setStatus(db: Queryable, scheduleId: string, status: ScheduleRow['status']): Promise<ScheduleRow> {
  const rows = (await db.query(
    `UPDATE medication_schedules SET status = $2, updated_at = now() WHERE id = $1 RETURNING *`,
    [scheduleId, status],
  )) as [ScheduleRow[], number];
  return rows[0][0]!;
}
