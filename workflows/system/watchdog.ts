import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../../activities';
import type { WatchdogReport } from '../../activities/system/watchdog';

// One look; the next tick of the schedule (a minute later) is the retry.
const { reportFailedWorkflows } = proxyActivities<Pick<Activities, 'reportFailedWorkflows'>>({
  startToCloseTimeout: '45 seconds',
  retry: { maximumAttempts: 1 },
  summary: 'find failed medication and escalation workflows',
});

/**
 * A system job, started every minute by the `system/watchdog/<task queue>` Temporal
 * Schedule (temporal/watchdog-schedule.ts): a medication schedule whose workflow failed
 * is seen at once, shown as stopped to its family and reported to ops.
 */
export async function failedWorkflowWatchdog(): Promise<WatchdogReport> {
  return reportFailedWorkflows();
}
