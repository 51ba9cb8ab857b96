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
  corrected_at?: Date | string | null;
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
    correctedAt: record?.corrected_at ? iso(record.corrected_at) : null,
  };
}

/**
 * Tells the family's open pages where a dose stands now. Called by the workflow's
 * activities (due, snoozed, escalating) and after an outcome is written; the row and
 * the record are read here so names never pass through workflow history.
 */
export async function publishDoseChanged(db: Queryable, scheduleId: string, dose: { doseKey: string; dueAt: string }, open?: OpenDose): Promise<void> {
  // One read for the row, the dose's record and whether its chain was opened: at 08:00 this runs for every due dose.
  const rows = (await db.query(
    `SELECT s.id, s.family_id, s.care_recipient_id, s.schedule, s.status,
            r.dose_key AS r_dose_key, r.due_at AS r_due_at, r.outcome AS r_outcome, r.answered_by AS r_answered_by,
            r.answered_via AS r_answered_via, r.answered_at AS r_answered_at, r.reason AS r_reason,
            r.corrected_by AS r_corrected_by, r.corrected_from AS r_corrected_from, r.corrected_at AS r_corrected_at,
            EXISTS (SELECT 1 FROM escalations e WHERE e.id = $3) AS escalated
       FROM medication_schedules s
       LEFT JOIN dose_records r ON r.schedule_id = s.id AND r.dose_key = $2
      WHERE s.id = $1`,
    [scheduleId, dose.doseKey, doseEscalationId(scheduleId, dose.doseKey)],
  )) as (ScheduleRowForDose & RecordColumns & { escalated: boolean })[];
  const row = rows[0];
  if (!row || row.status === 'deleted') return;
  const record: DoseRecordRow | undefined = row.r_dose_key === null ? undefined : {
    dose_key: row.r_dose_key,
    due_at: row.r_due_at!,
    outcome: row.r_outcome!,
    answered_by: row.r_answered_by,
    answered_via: row.r_answered_via,
    answered_at: row.r_answered_at!,
    reason: row.r_reason,
    corrected_by: row.r_corrected_by,
    corrected_from: row.r_corrected_from,
    corrected_at: row.r_corrected_at,
  };
  await publishFamilyEvent(db, row.family_id, { type: 'dose.changed', dose: todayDose(row, dose, record, open, row.escalated) });
}

/** A dose record's columns as the joined read names them (all null when there is no record). */
type RecordColumns = { [K in keyof Required<DoseRecordRow> as `r_${K}`]: K extends 'dose_key' ? string | null : DoseRecordRow[K] | null };
