import { randomUUID } from 'node:crypto';
import { startMedicationSchedule } from '../../temporal/medications';
import { MedicationScheduleInput } from '../contracts/medications';
import { MedicationScheduleResponse } from '../contracts/medication-views';
import { FamilyParams } from '../families/params';
import { AppError } from '../http/errors';
import { CAREGIVERS, defineRoute } from '../http/route';
import { checkRecipientZone } from './recipient-zone';
import { checkChainChange, checkScheduleParties } from './schedule-parties';
import { loadSchedule, present, publishChanged, workflowSettings } from './schedule-rows';
import { loggableError } from '../log';

export const createMedicationRoute = defineRoute({
  operationId: 'createMedication',
  method: 'post',
  path: '/api/families/:familyId/medications',
  summary: 'Add a medication schedule: its doses are reminded, answered, escalated and recorded',
  tag: 'medications',
  access: CAREGIVERS,
  audit: { action: 'create', resource: 'medication', idFromBody: (b) => b.medication.id },
  params: FamilyParams,
  body: MedicationScheduleInput,
  response: { status: 201, schema: MedicationScheduleResponse, description: 'The new schedule, already running.' },
  async handler({ params, body, membership }, deps) {
    const db = deps.dataSource;
    checkChainChange(membership?.role, undefined, body.escalationPolicy);
    await checkScheduleParties(db, params.familyId, body);
    await checkRecipientZone(db, body);
    const scheduleId = randomUUID();
    await db.transaction(async (m) => {
      await m.query(
        `INSERT INTO medication_schedules (id, family_id, care_recipient_id, schedule, supply_count, refill_threshold)
         VALUES ($1, $2, $3, $4, $5, $6)`,
        [scheduleId, params.familyId, body.careRecipientId, JSON.stringify(body), body.supply?.count ?? null, body.supply?.refillThreshold ?? null],
      );
    });
    // After the commit: the workflow's first activity reads this row.
    try {
      await startMedicationSchedule(deps.temporal.client, deps.temporal.taskQueue, {
        scheduleId,
        familyId: params.familyId,
        careRecipientId: body.careRecipientId,
        ...workflowSettings(body),
      });
    } catch (err) {
      // A schedule that reminds nobody must not look active.
      await db.query(`UPDATE medication_schedules SET status = 'deleted', updated_at = now() WHERE id = $1`, [scheduleId]);
      deps.log.error('medication schedule could not start', { scheduleId, ...loggableError(err) });
      throw new AppError(503, 'unavailable', 'The reminders could not be set up right now. Please try again in a moment.');
    }
    const row = await loadSchedule(deps, params.familyId, scheduleId);
    // Announced only once it runs: a schedule that failed to start is never shown to anyone.
    await publishChanged(db, row);
    return { status: 201, body: { medication: present(row) } };
  },
});
