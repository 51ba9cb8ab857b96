import { MedicationScheduleInput } from '../contracts/medications';
import { MedicationScheduleResponse, ScheduleParams } from '../contracts/medication-views';
import { notFound } from '../http/errors';
import { CAREGIVERS, defineRoute } from '../http/route';
import { checkRecipientZone } from './recipient-zone';
import { checkChainChange, checkSameRecipient, checkScheduleParties } from './schedule-parties';
import { loadSchedule, present, publishChanged, scheduleOf, type ScheduleRow } from './schedule-rows';
import { tellWorkflow } from './tell-workflow';

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
    await checkRecipientZone(deps.dataSource, body);
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
