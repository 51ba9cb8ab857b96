import { WorkflowNotFoundError } from '@temporalio/client';
import { nextDose } from '../../activities/medication/dose-calculator';
import { medicationHandle, startMedicationSchedule } from '../../temporal/medications';
import { scheduleChangedSignal } from '../../workflows/medication/messages';
import { MedicationScheduleInput, type MedicationSchedule } from '../contracts/medications';
import { MedicationScheduleResponse, ScheduleParams } from '../contracts/medication-views';
import type { AppDeps } from '../deps';
import { AppError, notFound } from '../http/errors';
import { CAREGIVERS, defineRoute } from '../http/route';
import { checkChainChange, checkSameRecipient, checkScheduleParties } from './schedule-parties';
import { loadSchedule, present, publishChanged, scheduleOf, setStatus, type ScheduleRow } from './schedule-rows';

const notTold = () =>
  new AppError(503, 'unavailable', 'The change was saved, but the running reminders could not be told right now. Please save again in a moment.');

/**
 * The workflow reads times and dose from the row before each dose; the signal wakes it to
 * look again and hands it who to remind and how patiently, from the next dose on. A
 * finished workflow (its last dose came) is started again when the edit gives it doses
 * ahead, e.g. an end date moved later.
 */
async function tellWorkflow(deps: AppDeps, row: ScheduleRow, s: MedicationSchedule): Promise<ScheduleRow> {
  const handle = medicationHandle(deps.temporal.client, row.id);
  const changed = { assignedCaregiverId: s.assignedCaregiverId, answerWindowMinutes: s.answerWindowMinutes, snoozeMinutes: s.snoozeMinutes, maxSnoozes: s.maxSnoozes, version: row.version };
  try {
    await handle.signal(scheduleChangedSignal, changed);
    return row;
  } catch (err) {
    if (!(err instanceof WorkflowNotFoundError)) {
      deps.log.error('medication schedule edit not signalled', { scheduleId: row.id, err: String(err) });
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
    deps.log.error('medication schedule could not restart after an edit', { scheduleId: row.id, err: String(err) });
    throw notTold();
  }
  return active;
}

export const editMedicationRoute = defineRoute({
  operationId: 'updateMedication',
  method: 'put',
  path: '/api/families/:familyId/medications/:scheduleId',
  summary: 'Change a schedule (times, dose, caregiver, supply): the running reminders follow from the next dose',
  tag: 'medications',
  access: CAREGIVERS,
  audit: { action: 'update', resource: 'medication', idParams: ['scheduleId'] },
  params: ScheduleParams,
  body: MedicationScheduleInput,
  response: { status: 200, schema: MedicationScheduleResponse, description: 'The schedule with its new version.' },
  async handler({ params, body, membership }, deps) {
    const current = await loadSchedule(deps, params.familyId, params.scheduleId);
    checkSameRecipient(current.care_recipient_id, body);
    checkChainChange(membership?.role, scheduleOf(current).escalationPolicy, body.escalationPolicy);
    await checkScheduleParties(deps.dataSource, params.familyId, body);
    // The editor sends the count on hand: above the threshold, the next low supply deserves an alert again.
    const rearm = body.supply === undefined || body.supply.count > body.supply.refillThreshold;
    const row = await deps.dataSource.transaction(async (m) => {
      const [rows] = (await m.query(
        `UPDATE medication_schedules
            SET schedule = $3, version = version + 1, supply_count = $4, refill_threshold = $5,
                refill_alert_sent = CASE WHEN $6 THEN false ELSE refill_alert_sent END,
                refill_alert_dose_key = CASE WHEN $6 THEN NULL ELSE refill_alert_dose_key END,
                updated_at = now()
          WHERE id = $1 AND family_id = $2 AND status <> 'deleted'
          RETURNING *`,
        [params.scheduleId, params.familyId, JSON.stringify(body), body.supply?.count ?? null, body.supply?.refillThreshold ?? null, rearm],
      )) as [ScheduleRow[], number];
      // Deleted since it was read.
      if (!rows[0]) throw notFound('This medication schedule');
      await publishChanged(m, rows[0]);
      return rows[0];
    });
    return { body: { medication: present(await tellWorkflow(deps, row, body)) } };
  },
});
