import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { DataSource } from 'typeorm';
import { medicationHandle } from '../../temporal/medications';
import { deleteScheduleSignal, medicationWorkflowId, pauseSignal, resumeSignal } from '../../workflows/medication/messages';

/** A row changed in the last 2 minutes may still be telling its workflow: the API writes one, then the other. */
const CALM = `updated_at < now() - interval '2 minutes'`;
/** A delete is told right after its row is written: a day of deleted rows covers a watchdog that was down for hours. */
const DELETED_WITHIN = `updated_at > now() - interval '1 day'`;
/** Visibility queries name at most this many workflow ids at once. */
const IDS_PER_QUERY = 100;

export type Retold = 'resume' | 'pause' | 'delete';

export interface OutOfStep {
  scheduleId: string;
  told: Retold;
}

const SIGNALS = { resume: resumeSignal, pause: pauseSignal, delete: deleteScheduleSignal } as const;

/**
 * Medication schedules whose running workflow disagrees with their row about being paused
 * or deleted. The API tells the workflow and writes the row (pause and resume: the signal
 * first; delete: the row first), and may die in between; or the Temporal store lost the
 * signal it had acknowledged (a power cut). A row that says active while its workflow waits
 * paused reminds nobody, while the family's list says "active": the failure we exist to
 * prevent. A deleted medication's workflow keeps paging the backups about it.
 *
 * The row is what the family was told last (a request that died answered an error), so the
 * workflow is told again what the row says. All three signals are idempotent: a pause told
 * twice is one pause. A paused row's workflow in the middle of a dose is told once it sleeps
 * for its next one (until then, it finishes that dose either way).
 */
export async function retellOutOfStep(dataSource: DataSource, temporal: Client, taskQueue: string): Promise<OutOfStep[]> {
  const running = `WorkflowType = 'medicationSchedule' AND ExecutionStatus = 'Running' AND TaskQueue = '${taskQueue}'`;
  const out: OutOfStep[] = [];

  // Few workflows wait paused: list them, and resume those whose row says active.
  const waitingPaused: string[] = [];
  for await (const run of temporal.workflow.list({ query: `${running} AND CareState = 'paused'` })) waitingPaused.push(scheduleIdOf(run.workflowId));
  if (waitingPaused.length > 0) {
    const active = (await dataSource.query(`SELECT id FROM medication_schedules WHERE id = ANY($1::uuid[]) AND status = 'active' AND ${CALM}`, [waitingPaused])) as { id: string }[];
    out.push(...active.map(({ id }) => ({ scheduleId: id, told: 'resume' as const })));
  }

  // Few rows are paused: pause those whose workflow sleeps for a dose ahead.
  const paused = await idsWhere(dataSource, `status = 'paused' AND ${CALM}`);
  const ahead = `CareState = 'scheduled' AND NextDoseAt > '${new Date().toISOString()}'`;
  for (const id of await listedAmong(temporal, paused, `${running} AND ${ahead}`)) out.push({ scheduleId: id, told: 'pause' });

  // Rows deleted lately whose workflow still runs.
  const deleted = await idsWhere(dataSource, `status = 'deleted' AND ${DELETED_WITHIN} AND ${CALM}`);
  for (const id of await listedAmong(temporal, deleted, running)) out.push({ scheduleId: id, told: 'delete' });

  const told: OutOfStep[] = [];
  for (const step of out) {
    try {
      await medicationHandle(temporal, step.scheduleId).signal(SIGNALS[step.told]);
      told.push(step);
    } catch (err) {
      // It ended meanwhile: nothing left to tell.
      if (!(err instanceof WorkflowNotFoundError)) throw err;
    }
  }
  return told;
}

const scheduleIdOf = (workflowId: string) => workflowId.replace(/^medication\//, '');

async function idsWhere(dataSource: DataSource, where: string): Promise<string[]> {
  const rows = (await dataSource.query(`SELECT id FROM medication_schedules WHERE ${where}`)) as { id: string }[];
  return rows.map((r) => r.id);
}

/** The schedules among `ids` whose workflow visibility lists under `query`. */
async function listedAmong(temporal: Client, ids: string[], query: string): Promise<string[]> {
  const found: string[] = [];
  for (let at = 0; at < ids.length; at += IDS_PER_QUERY) {
    const named = ids.slice(at, at + IDS_PER_QUERY).map((id) => `'${medicationWorkflowId(id)}'`);
    for await (const run of temporal.workflow.list({ query: `${query} AND WorkflowId IN (${named.join(', ')})` })) found.push(scheduleIdOf(run.workflowId));
  }
  return found;
}
