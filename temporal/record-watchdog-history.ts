/**
 * Records the watchdog's replay fixture from a real run: a throwaway PostgreSQL and dev
 * server, the real worker and activities, one look for failed workflows (one terminated
 * medication schedule, so the look finds something to stop).
 *
 *   node --import tsx temporal/record-watchdog-history.ts
 */
import path from 'node:path';
import { seedScheduleRow } from '../activities/medication/schedule.test-seed';
import { failedWorkflowWatchdog } from '../workflows/system/watchdog';
import { startMedicationSchedule } from './medications';
import { startThrowawayStack } from './throwaway-stack';

const stack = await startThrowawayStack('record-watchdog', path.resolve(import.meta.dirname, '..', 'workflows', 'system', 'histories'));
const { client, dataSource, worker, taskQueue, save } = stack;

await worker.runUntil(async () => {
  const row = await seedScheduleRow(dataSource, { timeZone: 'UTC', startDate: new Date().toISOString().slice(0, 10) });
  const schedule = await startMedicationSchedule(client, taskQueue, {
    scheduleId: row.scheduleId,
    familyId: row.familyId,
    careRecipientId: row.recipientId,
    assignedCaregiverId: row.anna,
    answerWindowMinutes: 30,
    snoozeMinutes: 10,
    maxSnoozes: 3,
  });
  await schedule.terminate('recording the watchdog: this schedule dies');
  const workflowId = 'system/watchdog/record';
  const report = await client.workflow.execute(failedWorkflowWatchdog, { taskQueue, workflowId });
  if (!report.stopped.includes(row.scheduleId)) throw new Error(`the watchdog did not stop the schedule: ${JSON.stringify(report)}`);
  await save('found-one-failed', workflowId);
});

await stack.stop();
