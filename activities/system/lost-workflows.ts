import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { DataSource } from 'typeorm';
import { escalationWorkflowId } from '../../workflows/escalation/messages';
import type { WatchedKind, WatchedRow } from './watched-kinds';

/** The whole comparison runs at least this often even when the counts agree, and on a worker's first look. */
const FULL_LOOK_MS = 60 * 60_000;
/** A full look slower than this (10,000 workflows listed on a busy box) waits ten times its length before the next one. */
const SLOW_LOOK_MS = 5_000;

/**
 * Finds rows of one kind that should have a running workflow while none of theirs exists,
 * so nothing reminds anyone and no failed run is there for the watchdog to see: the API
 * died between committing the row and starting the workflow, or the Temporal store lost a
 * start (a power cut). Each minute it compares two counts; only a shortfall of running
 * workflows beyond the one the last full look explained, the hour, or the worker's first
 * look makes it list them all (a workflow of a row still settling can hide a shortfall
 * until the hour). A row is lost only when its workflow id is not found at all.
 *
 * A full look costs the Temporal store a listing of every running workflow of the kind, so
 * it never runs twice at once (a watchdog run that timed out leaves its look running), a
 * slow one is not repeated at once, and rows whose workflow exists without running (closed,
 * or not yet in visibility) do not make every minute's look a full one.
 */
export function lostWorkflowFinder(dataSource: DataSource, kind: WatchedKind) {
  let lastFullLook = 0;
  let quietUntil = 0;
  let explained = 0;
  let looking = false;
  return async function findLost(temporal: Client, taskQueue: string): Promise<WatchedRow[]> {
    if (looking) return [];
    // Per task queue, as the watchdog itself is: another deployment's workflows in the namespace do not count.
    const query = `WorkflowType = '${kind.workflowType}' AND ExecutionStatus = 'Running' AND TaskQueue = '${taskQueue}'${kind.topLevelOnly ? ' AND ParentWorkflowId IS NULL' : ''}`;
    const [{ rows }] = (await dataSource.query(`SELECT count(*)::int AS rows FROM ${kind.table} WHERE ${kind.settled}`)) as [{ rows: number }];
    const { count } = await temporal.workflow.count(query);
    const due = rows - count > explained || Date.now() - lastFullLook >= FULL_LOOK_MS;
    if (!due || Date.now() < quietUntil || looking) return [];
    looking = true;
    lastFullLook = Date.now();
    try {
      const listed = new Set<string>();
      for await (const run of temporal.workflow.list({ query })) listed.add(run.workflowId);
      const settled = (await dataSource.query(
        `SELECT id, family_id AS "familyId", care_recipient_id AS "careRecipientId", updated_at AS "updatedAt" FROM ${kind.table} WHERE ${kind.settled}`,
      )) as WatchedRow[];
      const lost: WatchedRow[] = [];
      let notRunning = 0;
      for (const row of settled) {
        const workflowId = kind.workflowId(row.id);
        if (listed.has(workflowId)) continue;
        if (await exists(temporal, workflowId)) notRunning += 1;
        else lost.push({ ...row, updatedAt: new Date(row.updatedAt) });
      }
      explained = notRunning;
      return lost;
    } finally {
      looking = false;
      const took = Date.now() - lastFullLook;
      if (took > SLOW_LOOK_MS) quietUntil = Date.now() + 10 * took;
    }
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
