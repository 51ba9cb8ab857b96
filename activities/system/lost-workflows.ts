import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { DataSource } from 'typeorm';
import { escalationWorkflowId } from '../../workflows/escalation/messages';
import { medicationWorkflowId } from '../../workflows/medication/messages';

/** The whole comparison runs at least this often even when the counts agree, and on a worker's first look. */
const FULL_LOOK_MS = 60 * 60_000;
// Per task queue, as the watchdog itself is: another deployment's workflows in the namespace do not count.
const running = (taskQueue: string) => `WorkflowType = 'medicationSchedule' AND ExecutionStatus = 'Running' AND TaskQueue = '${taskQueue}'`;
/**
 * Rows that should have a running workflow. An as-needed schedule has no doses to remind
 * (its workflow ends while the row stays active), and a row changed in the last 2 minutes
 * may still be starting its workflow: the API commits the row first.
 */
const SETTLED = `status IN ('active', 'paused') AND NOT COALESCE((schedule->>'asNeeded')::boolean, false) AND updated_at < now() - interval '2 minutes'`;

export interface LostSchedule {
  id: string;
  /** When the row last changed: names this loss, so its admins are told once per loss. */
  updatedAt: Date;
}

/**
 * Finds schedules whose row says active or paused while no workflow of theirs exists, so
 * nothing reminds anyone and no failed run is there for the watchdog to see: the API died
 * between committing the row and starting the workflow, or the Temporal store lost a start
 * (a power cut). Each minute it compares two counts; only a shortfall of running
 * workflows, the hour, or the worker's first look makes it list them all (a workflow of a
 * row still settling can hide a shortfall until the hour). A row is lost only when its
 * workflow id is not found at all.
 */
export function lostScheduleFinder(dataSource: DataSource) {
  let lastFullLook = 0;
  return async function findLostSchedules(temporal: Client, taskQueue: string): Promise<LostSchedule[]> {
    const query = running(taskQueue);
    const [{ rows }] = (await dataSource.query(`SELECT count(*)::int AS rows FROM medication_schedules WHERE ${SETTLED}`)) as [{ rows: number }];
    const { count } = await temporal.workflow.count(query);
    if (rows <= count && Date.now() - lastFullLook < FULL_LOOK_MS) return [];
    const listed = new Set<string>();
    for await (const run of temporal.workflow.list({ query })) listed.add(run.workflowId);
    const settled = (await dataSource.query(
      `SELECT id, updated_at FROM medication_schedules WHERE ${SETTLED}`,
    )) as { id: string; updated_at: Date }[];
    const lost: LostSchedule[] = [];
    for (const row of settled) {
      const workflowId = medicationWorkflowId(row.id);
      if (!listed.has(workflowId) && !(await exists(temporal, workflowId))) lost.push({ id: row.id, updatedAt: new Date(row.updated_at) });
    }
    lastFullLook = Date.now();
    return lost;
  };
}

/**
 * Open emergencies whose escalation workflow does not exist: the API records the row, then
 * starts the workflow, and died in between (or the start was lost). Nobody is paged. Few
 * are open at any time, so each one older than 2 minutes is looked up. A medication's or a
 * shift's escalation is started by its own workflow, which starts it again if that was lost.
 */
export async function findLostEmergencies(dataSource: DataSource, temporal: Client): Promise<string[]> {
  const open = (await dataSource.query(
    `SELECT id FROM escalations WHERE kind = 'emergency' AND status IN ('active', 'claimed') AND started_at < now() - interval '2 minutes'`,
  )) as { id: string }[];
  const lost: string[] = [];
  for (const { id } of open) if (!(await exists(temporal, escalationWorkflowId(id)))) lost.push(id);
  return lost;
}

/** Visibility can lag or miss a record: only the execution itself says there is none. */
async function exists(temporal: Client, workflowId: string): Promise<boolean> {
  try {
    await temporal.workflow.getHandle(workflowId).describe();
    return true;
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return false;
    throw err;
  }
}
