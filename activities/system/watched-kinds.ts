import type { Client } from '@temporalio/client';
import { startAppointmentSeries } from '../../temporal/appointments';
import { startCareShift, startShiftRotation } from '../../temporal/shifts';
import { appointmentSeriesWorkflowId } from '../../workflows/appointment/messages';
import { medicationWorkflowId } from '../../workflows/medication/messages';
import { careShiftWorkflowId, shiftRotationWorkflowId } from '../../workflows/shift/messages';

/** A row changed in the last 2 minutes may still be starting its workflow: the API commits the row first. */
export const CALM = `updated_at < now() - interval '2 minutes'`;

/** A row that should have a running workflow, as the watchdog reads it. */
export interface WatchedRow {
  id: string;
  familyId: string;
  careRecipientId: string;
  /** When the row last changed: names a loss, so it is told once. */
  updatedAt: Date;
}

/** One kind of row whose workflow the watchdog looks for. */
export interface WatchedKind {
  /** For ops lines. */
  what: string;
  workflowType: string;
  /** Only workflows started on their own (a rotation's shifts are its children, and not its rows). */
  topLevelOnly?: boolean;
  table: string;
  /** The rows that should each have a running workflow by now. */
  settled: string;
  workflowId: (id: string) => string;
}

/** Found without a workflow, a schedule is stopped for its admins to restart (watchdog.ts): reminding it silently could mean a double dose. */
export const SCHEDULES: WatchedKind = {
  what: 'medication schedule',
  workflowType: 'medicationSchedule',
  table: 'medication_schedules',
  // An as-needed schedule has no doses to remind: its workflow ends while the row stays active.
  settled: `status IN ('active', 'paused') AND NOT COALESCE((schedule->>'asNeeded')::boolean, false) AND ${CALM}`,
  workflowId: medicationWorkflowId,
};

/**
 * Found without a workflow, these are started: each reads its rows and does what they say,
 * so a start is what the family already sees ("active"), and a reminder too many for an
 * appointment or a shift harms nobody, while none at all is the failure we exist to prevent.
 */
export const STARTED_AGAIN: (WatchedKind & { start: (temporal: Client, taskQueue: string, row: WatchedRow) => Promise<unknown> })[] = [
  {
    what: 'appointment series',
    workflowType: 'appointmentSeries',
    table: 'appointment_series',
    settled: `status = 'active' AND ${CALM}`,
    workflowId: appointmentSeriesWorkflowId,
    start: (temporal, taskQueue, r) => startAppointmentSeries(temporal, taskQueue, { seriesId: r.id, familyId: r.familyId, careRecipientId: r.careRecipientId }),
  },
  {
    what: 'shift rotation',
    workflowType: 'shiftRotation',
    table: 'shift_rotations',
    settled: `status = 'active' AND ${CALM}`,
    workflowId: shiftRotationWorkflowId,
    start: (temporal, taskQueue, r) => startShiftRotation(temporal, taskQueue, { rotationId: r.id, familyId: r.familyId, careRecipientId: r.careRecipientId }),
  },
  {
    // A one-off shift's workflow runs from its creation until the shift is done, cancelled or missed (a missed
    // one stays 'uncovered' once begun); a rotation starts its own shifts. Never a shift that is over.
    what: 'one-off shift',
    workflowType: 'careShift',
    topLevelOnly: true,
    table: 'shifts',
    settled: `rotation_id IS NULL AND end_at > now() AND (state IN ('on_shift', 'late') OR (state IN ('scheduled', 'uncovered') AND start_at > now())) AND ${CALM}`,
    workflowId: careShiftWorkflowId,
    start: (temporal, taskQueue, r) => startCareShift(temporal, taskQueue, { shiftId: r.id, familyId: r.familyId, careRecipientId: r.careRecipientId }),
  },
];
