import { WorkflowNotFoundError } from '@temporalio/client';
import { nextDose } from '../../activities/medication/dose-calculator';
import { medicationHandle, startMedicationSchedule } from '../../temporal/medications';
import { scheduleChangedSignal } from '../../workflows/medication/messages';
import type { MedicationSchedule } from '../contracts/medications';
import type { AppDeps } from '../deps';
import { AppError } from '../http/errors';
import { publishChanged, setStatus, workflowSettings, type ScheduleRow } from './schedule-rows';
import { loggableError } from '../log';

const notTold = () =>
  new AppError(503, 'unavailable', 'The change was saved, but the running reminders could not be told right now. Please save again in a moment.');

/**
 * The workflow reads times and dose from the row before each dose; the signal wakes it to
 * look again and hands it who to remind and how patiently, from the next dose on. A
 * finished workflow (its last dose came) is started again when the edit gives it doses
 * ahead, e.g. an end date moved later.
 */
export async function tellWorkflow(deps: AppDeps, row: ScheduleRow, s: MedicationSchedule): Promise<ScheduleRow> {
  const handle = medicationHandle(deps.temporal.client, row.id);
  const changed = { ...workflowSettings(s), version: row.version };
  try {
    await handle.signal(scheduleChangedSignal, changed);
    return row;
  } catch (err) {
    if (!(err instanceof WorkflowNotFoundError)) {
      deps.log.error('medication schedule edit not signalled', { scheduleId: row.id, ...loggableError(err) });
      throw notTold();
    }
  }
  if (!nextDose(s, new Date())) return row;
  // Active before the start: the new run's first look at the row must not find it ended.
  const active = await deps.dataSource.transaction(async (m) => {
    const saved = await setStatus(m, row.id, 'active');
    await publishChanged(m, saved);
    return saved;
  });
  try {
    await startMedicationSchedule(deps.temporal.client, deps.temporal.taskQueue, {
      scheduleId: row.id,
      familyId: row.family_id,
      careRecipientId: row.care_recipient_id,
      ...changed,
    });
    // A fresh run starts at version 0; this makes its state say which edit it runs.
    await handle.signal(scheduleChangedSignal, changed);
  } catch (err) {
    await setStatus(deps.dataSource, row.id, row.status);
    deps.log.error('medication schedule could not restart after an edit', { scheduleId: row.id, ...loggableError(err) });
    throw notTold();
  }
  return active;
}
