import { type Client, type WorkflowHandle } from '@temporalio/client';
import { medicationSchedule } from '../workflows/medication/medication-schedule';
import { medicationWorkflowId, type MedicationScheduleWorkflowInput } from '../workflows/medication/messages';
import { KEEP_RUNNING, startOrKeep } from './start-or-keep';
import { startingCareAttributes } from './search-attributes';

export type MedicationHandle = WorkflowHandle<typeof medicationSchedule>;

/**
 * Starts the schedule's workflow `medication/<scheduleId>`. Starting it again is harmless:
 * a running one is kept and its handle returned. A schedule whose workflow has finished
 * (ended or deleted) may be started again, e.g. after its end date was moved later.
 */
export async function startMedicationSchedule(
  client: Client,
  taskQueue: string,
  /** `carry` only to restart a stopped schedule where it stood (api/medications/restart-route.ts). */
  input: MedicationScheduleWorkflowInput,
): Promise<MedicationHandle> {
  const workflowId = medicationWorkflowId(input.scheduleId);
  return startOrKeep(client, workflowId, () =>
    client.workflow.start(medicationSchedule, {
        taskQueue,
        workflowId,
        args: [input],
        ...KEEP_RUNNING,
        typedSearchAttributes: startingCareAttributes('medication', input),
        // Shown in Temporal UI: ids only, never the medication's name or dose.
        staticSummary: 'Medication schedule: reminds, waits for an answer, escalates, records',
        staticDetails: `Schedule ${input.scheduleId} of family ${input.familyId}, care recipient ${input.careRecipientId}.`,
      }),
  );
}

export function medicationHandle(client: Client, scheduleId: string): MedicationHandle {
  return client.workflow.getHandle(medicationWorkflowId(scheduleId));
}
