import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { DataSource } from 'typeorm';
import { tellSeriesDeleted } from '../../temporal/appointments';
import { medicationHandle } from '../../temporal/medications';
import { tellRotationDeleted, tellShiftCancelled } from '../../temporal/shifts';
import { appointmentSeriesWorkflowId } from '../../workflows/appointment/messages';
import { deleteScheduleSignal, medicationWorkflowId, pauseSignal, resumeSignal } from '../../workflows/medication/messages';
import { careShiftWorkflowId, shiftRotationWorkflowId } from '../../workflows/shift/messages';
// A row changed in the last 2 minutes may still be telling its workflow: the API writes one, then the other.
import { CALM } from './watched-kinds';

/** A delete or a cancel is told right after its row is written: a day of such rows covers a watchdog that was down for hours. */
const DELETED_WITHIN = `updated_at > now() - interval '1 day'`;
/** Visibility queries name at most this many workflow ids at once. */
const IDS_PER_QUERY = 100;

export type Retold = 'resume' | 'pause' | 'delete' | 'cancel';

export interface OutOfStep {
  /** For ops lines: a medication schedule, an appointment series, a shift rotation or a shift. */
  what: string;
  id: string;
  told: Retold;
}

const SIGNALS = { resume: resumeSignal, pause: pauseSignal } as const;

/**
 * Rows the family deleted (or cancelled) whose workflow ends when told: told after the row is
 * written. Once told, a workflow `shows` it in CareState (set from its start) while it winds
 * down: a deleted series waits a minute for its cancelled visits to close.
 */
const ENDED_BY_ROW = [
  {
    what: 'medication schedule',
    workflowType: 'medicationSchedule',
    table: 'medication_schedules',
    ended: `status = 'deleted'`,
    shows: 'deleted',
    told: 'delete',
    workflowId: medicationWorkflowId,
    tell: (temporal: Client, id: string) => medicationHandle(temporal, id).signal(deleteScheduleSignal),
  },
  {
    what: 'appointment series',
    workflowType: 'appointmentSeries',
    table: 'appointment_series',
    ended: `status = 'deleted'`,
    shows: 'deleted',
    told: 'delete',
    workflowId: appointmentSeriesWorkflowId,
    tell: (temporal: Client, id: string) => tellSeriesDeleted(temporal, id, null),
  },
  {
    what: 'shift rotation',
    workflowType: 'shiftRotation',
    table: 'shift_rotations',
    ended: `status = 'deleted'`,
    shows: 'deleted',
    told: 'delete',
    workflowId: shiftRotationWorkflowId,
    tell: (temporal: Client, id: string) => tellRotationDeleted(temporal, id, null),
  },
  {
    // A rotation's own shifts too: each runs its own workflow once opened.
    what: 'shift',
    workflowType: 'careShift',
    table: 'shifts',
    ended: `state = 'cancelled'`,
    shows: 'cancelled',
    told: 'cancel',
    workflowId: careShiftWorkflowId,
    tell: (temporal: Client, id: string) => tellShiftCancelled(temporal, id, null),
  },
] as const;

/**
 * Workflows that disagree with their row about being paused, deleted or cancelled. The API
 * tells the workflow and writes the row (a schedule's pause and resume: the signal first;
 * deletes and cancels: the row first), and may die in between; or the Temporal store lost a
 * signal it had acknowledged (a power cut). A schedule row that says active while its
 * workflow waits paused reminds nobody, while the family's list says "active": the failure
 * we exist to prevent. A deleted medication's, series' or rotation's workflow, or a
 * cancelled shift's, keeps reminding and paging people about it.
 *
 * The row is what the family was told last (a request that died answered an error), so the
 * workflow is told again what the row says. Every one of these signals is idempotent: a
 * pause told twice is one pause. A paused row's workflow in the middle of a dose is told
 * once it sleeps for its next one (until then, it finishes that dose either way).
 */
export async function retellOutOfStep(dataSource: DataSource, temporal: Client, taskQueue: string): Promise<OutOfStep[]> {
  const running = (workflowType: string) => `WorkflowType = '${workflowType}' AND ExecutionStatus = 'Running' AND TaskQueue = '${taskQueue}'`;
  const schedules = running('medicationSchedule');
  const out: (OutOfStep & { tell: () => Promise<unknown> })[] = [];
  const schedule = (id: string, told: 'resume' | 'pause') => ({ what: 'medication schedule', id, told, tell: () => medicationHandle(temporal, id).signal(SIGNALS[told]) });

  // Few workflows wait paused: list them, and resume those whose row says active.
  const waitingPaused: string[] = [];
  for await (const run of temporal.workflow.list({ query: `${schedules} AND CareState = 'paused'` })) waitingPaused.push(run.workflowId.replace(/^medication\//, ''));
  if (waitingPaused.length > 0) {
    const active = (await dataSource.query(`SELECT id FROM medication_schedules WHERE id = ANY($1::uuid[]) AND status = 'active' AND ${CALM}`, [waitingPaused])) as { id: string }[];
    out.push(...active.map(({ id }) => schedule(id, 'resume')));
  }

  // Few rows are paused: pause those whose workflow sleeps for a dose ahead.
  const paused = await idsWhere(dataSource, 'medication_schedules', `status = 'paused' AND ${CALM}`);
  const ahead = `CareState = 'scheduled' AND NextDoseAt > '${new Date().toISOString()}'`;
  for (const id of await listedAmong(temporal, paused, medicationWorkflowId, `${schedules} AND ${ahead}`)) out.push(schedule(id, 'pause'));

  // Rows deleted or cancelled lately whose workflow still runs.
  for (const kind of ENDED_BY_ROW) {
    const ended = await idsWhere(dataSource, kind.table, `${kind.ended} AND ${DELETED_WITHIN} AND ${CALM}`);
    for (const id of await listedAmong(temporal, ended, kind.workflowId, `${running(kind.workflowType)} AND CareState != '${kind.shows}'`)) {
      out.push({ what: kind.what, id, told: kind.told, tell: () => kind.tell(temporal, id) });
    }
  }

  const told: OutOfStep[] = [];
  for (const { tell, ...step } of out) {
    try {
      // The helpers for series, rotations and shifts answer false for a workflow that has ended.
      if ((await tell()) !== false) told.push(step);
    } catch (err) {
      // It ended meanwhile: nothing left to tell.
      if (!(err instanceof WorkflowNotFoundError)) throw err;
    }
  }
  return told;
}

async function idsWhere(dataSource: DataSource, table: string, where: string): Promise<string[]> {
  const rows = (await dataSource.query(`SELECT id FROM ${table} WHERE ${where}`)) as { id: string }[];
  return rows.map((r) => r.id);
}

/** The rows among `ids` whose workflow visibility lists under `query`. */
async function listedAmong(temporal: Client, ids: string[], workflowId: (id: string) => string, query: string): Promise<string[]> {
  const byWorkflow = new Map(ids.map((id) => [workflowId(id), id]));
  const found: string[] = [];
  for (let at = 0; at < ids.length; at += IDS_PER_QUERY) {
    const named = ids.slice(at, at + IDS_PER_QUERY).map((id) => `'${workflowId(id)}'`);
    for await (const run of temporal.workflow.list({ query: `${query} AND WorkflowId IN (${named.join(', ')})` })) found.push(byWorkflow.get(run.workflowId)!);
  }
  return found;
}
