import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, type Client } from '@temporalio/client';
import { failedWorkflowWatchdog } from '../workflows/system/watchdog';

export const watchdogScheduleId = (taskQueue: string) => `system/watchdog/${taskQueue}`;

/**
 * Every minute, one `failedWorkflowWatchdog` run on this task queue. Created by the worker
 * at start; a schedule that already exists (another replica, an earlier start) is kept.
 * A tick missed while no worker ran is skipped, not made up: the next one looks back a week.
 */
export async function ensureWatchdogSchedule(client: Client, taskQueue: string): Promise<void> {
  try {
    await client.schedule.create({
      scheduleId: watchdogScheduleId(taskQueue),
      spec: { intervals: [{ every: '1 minute' }] },
      action: { type: 'startWorkflow', workflowType: failedWorkflowWatchdog, taskQueue, workflowId: `system/watchdog/${taskQueue}`, workflowExecutionTimeout: '55 seconds' },
      policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 minute' },
    });
  } catch (err) {
    if (!(err instanceof ScheduleAlreadyRunning)) throw err;
  }
}
