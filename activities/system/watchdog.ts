import type { Client } from '@temporalio/client';
import type { DataSource } from 'typeorm';
import type { Config } from '../../api/config';
import { Uuid } from '../../api/contracts/common';
import { publishChanged, type ScheduleRow } from '../../api/medications/schedule-rows';
import { medicationDeliveryActivities } from '../delivery/medication-delivery';
import { recordEvent } from '../escalation/record-event';
import { findLostEmergencies, lostWorkflowFinder } from './lost-workflows';
import { retellOutOfStep, type OutOfStep } from './out-of-step';
import { SCHEDULES, STARTED_AGAIN } from './watched-kinds';

/** How far back closed runs are looked at: a watchdog that was down (no worker) for up to this long still catches up. */
const LOOKBACK_MS = 7 * 86_400_000;
const FAILED = `ExecutionStatus IN ('Failed', 'Terminated', 'TimedOut')`;
const NO_WORKFLOW = 'has no workflow (never started, or lost by the Temporal store)';
/** Failed runs that only ops hear of, in the minutes they closed: nothing shows them to the family yet. */
const OPS_ONLY = ['invitationExpiry', 'appointmentSeries', 'appointmentVisit', 'shiftRotation', 'careShift'];
const OPS_ONLY_WINDOW_MS = 2 * 60_000;
/**
 * The row a workflow id names (`medication/<uuid>`, `escalation/<uuid>`), or null: a workflow
 * of ours started by hand under another id names no row to mark.
 */
function rowIdOf(workflowId: string, prefix: string): string | null {
  const id = workflowId.startsWith(prefix) ? workflowId.slice(prefix.length) : workflowId;
  return Uuid.safeParse(id).success ? id : null;
}

export interface WatchdogDeps {
  dataSource: DataSource;
  config: Config;
  /** The worker's own client; without it (tests of other activities) the watchdog cannot run. */
  temporal?: Client;
}

export interface WatchdogReport {
  /** Schedules marked stopped by this run because their workflow failed (each once). */
  stopped: string[];
  /** Schedules stopped and emergencies marked failed by this run because no workflow of theirs exists (each once). */
  lost: string[];
  /** Workflow ids of appointment series, shift rotations and one-off shifts started by this run because none existed. */
  started: string[];
  /** Escalations marked failed by this run (each once). */
  closed: string[];
  /** Workflows told again what their row says: a schedule paused, active or deleted, a series or rotation deleted, a shift cancelled. */
  retold: OutOfStep[];
  /** Failed escalations and schedules seen (already reported ones included). */
  failed: number;
}

/**
 * The failed-workflow watchdog (run every minute by the `system/watchdog` Temporal
 * Schedule). A medication schedule whose workflow failed, was terminated or timed out
 * reminds nobody: its row becomes `stopped` (the list and Today stop saying "active"),
 * open pages hear it, each admin is emailed once per failed run, and ops get one log
 * line. A later run of the same id that is running (an admin restarted it) clears it.
 * An escalation whose workflow failed (a dose's chain also dies with its schedule) pages
 * nobody: its open row becomes `failed`, with a timeline entry the family sees live, once
 * per failed run. Both are caught up over the whole lookback, so a failure while the
 * watchdog was down is not lost. Failed invitation timers, appointment series and visits,
 * shift rotations and shifts get the ops line (in the minutes they closed): an invitation's
 * timer is over either way; the others are not shown to the family yet. A schedule or an
 * emergency whose workflow does not exist at all (lost-workflows.ts) is stopped or failed
 * the same way; an appointment series, a shift rotation or a one-off shift in that state is
 * started (watched-kinds.ts says why). A workflow that disagrees with its row about being
 * paused, deleted or cancelled is told again what the row says (out-of-step.ts).
 */
export function watchdogActivities({ dataSource, config, temporal }: WatchdogDeps) {
  const { sendMedicationMessage } = medicationDeliveryActivities({ dataSource, config });

  const findLostSchedules = lostWorkflowFinder(dataSource, SCHEDULES);
  const startedAgain = STARTED_AGAIN.map((kind) => ({ kind, findLost: lostWorkflowFinder(dataSource, kind) }));

  /**
   * `loss` names this stop in the admins' message keys (the failed run, or when the row last
   * changed); `why` is for ops. With `unchangedSince`, a row changed since it was looked at
   * (an edit that has just started its workflow) is left as it is.
   */
  async function stopSchedule(scheduleId: string, loss: string, why: string, unchangedSince?: Date): Promise<boolean> {
    const [rows] = (await dataSource.query(
      `UPDATE medication_schedules SET stopped_from = status, status = 'stopped', updated_at = now()
        WHERE id = $1 AND status IN ('active', 'paused') AND ($2::timestamptz IS NULL OR date_trunc('milliseconds', updated_at) = $2)
        RETURNING *`,
      [scheduleId, unchangedSince ?? null],
    )) as [ScheduleRow[], number];
    const row = rows[0];
    if (row) {
      console.error(`ops alert: medication schedule ${scheduleId} ${why}; marked stopped until an admin restarts it`);
      await publishChanged(dataSource, row);
    }
    const current = (await dataSource.query('SELECT family_id, status FROM medication_schedules WHERE id = $1', [scheduleId])) as { family_id: string; status: string }[];
    if (current[0]?.status !== 'stopped') return false;
    const familyId = current[0].family_id;
    const admins = (await dataSource.query(`SELECT user_id FROM memberships WHERE family_id = $1 AND role = 'admin'`, [familyId])) as { user_id: string }[];
    for (const { user_id: userId } of admins) {
      // The key names the loss: told once per failure, however often the watchdog looks.
      await sendMedicationMessage({ scheduleId, familyId, userId, channel: 'email', kind: 'stopped', doseKey: '', idempotencyKey: `med/${scheduleId}/stopped/${loss}/${userId}/email` }).catch(
        (err: Error) => console.error(`ops alert: could not tell admin ${userId.slice(0, 8)} that schedule ${scheduleId} stopped: ${err.message}`),
      );
    }
    return row !== undefined;
  }

  /** As `stopSchedule`: `loss` names it in the dedupe key, `outcome` is what the timeline entry says of the workflow, `why` is for ops. */
  async function failEscalation(escalationId: string, loss: string, outcome: string, why: string): Promise<boolean> {
    const open = (await dataSource.query(`SELECT family_id FROM escalations WHERE id = $1 AND status IN ('active', 'claimed')`, [escalationId])) as { family_id: string }[];
    if (!open[0]) return false;
    const familyId = open[0].family_id;
    // The key names the loss: recorded once however often the watchdog looks; the event reaches open pages on commit.
    const recorded = await dataSource.transaction((m) =>
      recordEvent(m, { escalationId, familyId, type: 'failed', status: 'failed', claimUntil: null, detail: { workflow: outcome }, dedupeKey: `failed/${loss}` }),
    );
    if (recorded) console.error(`ops alert: escalation ${escalationId} ${why}; marked failed, nobody is being paged`);
    return recorded;
  }

  return {
    async reportFailedWorkflows(): Promise<WatchdogReport> {
      if (!temporal) throw new Error('the watchdog needs the worker to pass it a Temporal client');
      const since = new Date(Date.now() - LOOKBACK_MS).toISOString();
      // Our task queue only: another deployment on the same namespace has rows of its own, not ours.
      const query = `WorkflowType IN ('medicationSchedule', 'escalation') AND ${FAILED} AND CloseTime > '${since}' AND TaskQueue = '${config.temporal.taskQueue}'`;
      const report: WatchdogReport = { stopped: [], lost: [], started: [], closed: [], retold: [], failed: 0 };
      const seen = new Set<string>();
      for await (const run of temporal.workflow.list({ query })) {
        // Visibility lists every closed run; only the newest run of an id says whether it is stopped now.
        if (seen.has(run.workflowId)) continue;
        seen.add(run.workflowId);
        const latest = await temporal.workflow.getHandle(run.workflowId).describe();
        if (!['FAILED', 'TERMINATED', 'TIMED_OUT'].includes(latest.status.name)) continue;
        report.failed += 1;
        const outcome = latest.status.name.toLowerCase();
        const why = `(run ${latest.runId}) ${outcome}`;
        const rowId = rowIdOf(latest.workflowId, latest.type === 'medicationSchedule' ? 'medication/' : 'escalation/');
        if (rowId === null) {
          // Before this check, such a run (started by hand, for one) failed every look for a week, and the runs after it went unseen.
          console.error(`ops alert: ${latest.type} workflow ${latest.workflowId} ${why}; its id names no row, so nothing was marked`);
        } else if (latest.type === 'medicationSchedule') {
          if (await stopSchedule(rowId, latest.runId, why)) report.stopped.push(rowId);
        } else if (latest.type === 'escalation') {
          if (await failEscalation(rowId, latest.runId, outcome, why)) report.closed.push(rowId);
        }
      }
      // Only the last minutes' runs, and the listing says enough: a week of closed shifts and visits is not described every minute.
      const recent = new Date(Date.now() - OPS_ONLY_WINDOW_MS).toISOString();
      const opsOnly = `WorkflowType IN (${OPS_ONLY.map((t) => `'${t}'`).join(', ')}) AND ${FAILED} AND CloseTime > '${recent}' AND TaskQueue = '${config.temporal.taskQueue}'`;
      for await (const run of temporal.workflow.list({ query: opsOnly })) {
        console.error(`ops alert: ${run.type} workflow ${run.workflowId} (run ${run.runId}) ${run.status.name.toLowerCase()}`);
      }
      for (const { id, updatedAt } of await findLostSchedules(temporal, config.temporal.taskQueue)) {
        if (await stopSchedule(id, `lost-${updatedAt.getTime()}`, NO_WORKFLOW, updatedAt)) report.lost.push(id);
      }
      for (const step of await retellOutOfStep(dataSource, temporal, config.temporal.taskQueue)) {
        console.error(`ops alert: ${step.what} ${step.id}: its workflow disagreed with its row (a signal lost between the two); told it again: ${step.told}`);
        report.retold.push(step);
      }
      for (const id of await findLostEmergencies(dataSource, temporal)) {
        if (await failEscalation(id, 'none', 'missing', NO_WORKFLOW)) report.lost.push(id);
      }
      for (const { kind, findLost } of startedAgain) {
        for (const row of await findLost(temporal, config.temporal.taskQueue)) {
          // Already running (started by the API or an edit meanwhile) is kept as it is.
          await kind.start(temporal, config.temporal.taskQueue, row);
          console.error(`ops alert: ${kind.what} ${row.id} ${NO_WORKFLOW}; started it`);
          report.started.push(kind.workflowId(row.id));
        }
      }
      return report;
    },
  };
}
