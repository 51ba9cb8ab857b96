import { doseEscalationId } from '../../activities/medication/dose-escalation-id';
import { MedicationScheduleInput, type MedicationSchedule } from '../contracts/medications';
import type { DoseStatus, TodayDose } from '../contracts/medication-views';
import { publishFamilyEvent, type Queryable } from '../events/publisher';

/**
 * One dose as the Today view shows it, built from three sources that each know part of
 * the story: the schedule row (what and when), the dose record (the outcome, once
 * written) and the workflow (due, snoozed or escalating, while the dose is open).
 */

export interface ScheduleRowForDose {
  id: string;
  family_id: string;
  care_recipient_id: string;
  schedule: unknown;
  status: 'active' | 'paused' | 'ended' | 'deleted' | 'stopped';
}

export interface DoseRecordRow {
  dose_key: string;
  due_at: Date | string;
  outcome: 'taken' | 'skipped' | 'missed' | 'late';
  answered_by: string | null;
  answered_via: string | null;
  answered_at: Date | string;
  reason: string | null;
  /** Set when someone corrected the outcome later (an undo, a missed dose that was given after all). */
  corrected_by?: string | null;
  corrected_from?: string | null;
}

/** What only the running workflow knows about an open dose. */
export interface OpenDose {
  status: Extract<DoseStatus, 'due' | 'snoozed' | 'escalating'>;
  escalationId: string | null;
  snoozes: number;
}

const iso = (d: Date | string) => new Date(d).toISOString();

export function todayDose(
  row: ScheduleRowForDose,
  dose: { doseKey: string; dueAt: string },
  record?: DoseRecordRow,
  open?: OpenDose,
  escalated = false,
): TodayDose {
  const s: MedicationSchedule = MedicationScheduleInput.parse(row.schedule);
  let status: DoseStatus = 'upcoming';
  if (record) status = record.outcome;
  else if (open) status = open.status;
  else if (row.status === 'paused' || row.status === 'stopped') status = row.status;
  return {
    scheduleId: row.id,
    careRecipientId: row.care_recipient_id,
    assignedCaregiverId: s.assignedCaregiverId,
    medicationName: s.medicationName,
    dose: s.dose,
    instructions: s.instructions ?? null,
    doseKey: dose.doseKey,
    localTime: dose.doseKey.slice(11),
    timeZone: s.timeZone,
    dueAt: dose.dueAt,
    status,
    escalationId: open?.escalationId ?? (escalated ? doseEscalationId(row.id, dose.doseKey) : null),
    snoozes: open?.snoozes ?? 0,
    maxSnoozes: s.maxSnoozes,
    answeredBy: record?.answered_by ?? null,
    answeredVia: record?.answered_via ?? null,
    answeredAt: record && record.outcome !== 'missed' ? iso(record.answered_at) : null,
    reason: record?.reason ?? null,
    correctedBy: record?.corrected_by ?? null,
    correctedFrom: record?.corrected_from ?? null,
  };
}

/**
 * Tells the family's open pages where a dose stands now. Called by the workflow's
 * activities (due, snoozed, escalating) and after an outcome is written; the row and
 * the record are read here so names never pass through workflow history.
 */
export async function publishDoseChanged(db: Queryable, scheduleId: string, dose: { doseKey: string; dueAt: string }, open?: OpenDose): Promise<void> {
  const rows = (await db.query('SELECT id, family_id, care_recipient_id, schedule, status FROM medication_schedules WHERE id = $1', [
    scheduleId,
  ])) as ScheduleRowForDose[];
  const row = rows[0];
  if (!row || row.status === 'deleted') return;
  const records = (await db.query(
    `SELECT dose_key, due_at, outcome, answered_by, answered_via, answered_at, reason, corrected_by, corrected_from
       FROM dose_records WHERE schedule_id = $1 AND dose_key = $2`,
    [scheduleId, dose.doseKey],
  )) as DoseRecordRow[];
  const escalated = (await db.query('SELECT 1 FROM escalations WHERE id = $1', [doseEscalationId(scheduleId, dose.doseKey)])) as unknown[];
  await publishFamilyEvent(db, row.family_id, { type: 'dose.changed', dose: todayDose(row, dose, records[0], open, escalated.length > 0) });
}
