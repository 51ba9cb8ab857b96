import { MedicationScheduleResponse, RefillInput, ScheduleParams } from '../contracts/medication-views';
import { badRequest } from '../http/errors';
import { CAREGIVERS, defineRoute } from '../http/route';
import { loadSchedule, present, publishChanged, type ScheduleRow } from './schedule-rows';

/** MedicationSupply's own limit: a count above it could not be sent back through the editor. */
const MAX_SUPPLY = 100_000;

export const refillMedicationRoute = defineRoute({
  operationId: 'refillMedication',
  method: 'post',
  path: '/api/families/:familyId/medications/:scheduleId/refill',
  summary: 'Add a refill to the supply: the refill alert is armed again for the next time it runs low',
  tag: 'medications',
  access: CAREGIVERS,
  audit: { action: 'update', resource: 'medication', idParams: ['scheduleId'] },
  params: ScheduleParams,
  body: RefillInput,
  response: { status: 200, schema: MedicationScheduleResponse, description: 'The schedule with its new supply.' },
  async handler({ params, body }, deps) {
    const current = await loadSchedule(deps, params.familyId, params.scheduleId);
    const tooMany = () => badRequest('Some fields are missing or invalid.', [{ path: 'added', message: `would bring the supply above ${MAX_SUPPLY}` }]);
    if ((current.supply_count ?? 0) + body.added > MAX_SUPPLY) throw tooMany();
    const row = await deps.dataSource.transaction(async (m) => {
      const [rows] = (await m.query(
        `UPDATE medication_schedules
            SET supply_count = COALESCE(supply_count, 0) + $3, refill_alert_sent = false, refill_alert_dose_key = NULL, updated_at = now()
          WHERE id = $1 AND family_id = $2 AND status <> 'deleted' AND COALESCE(supply_count, 0) + $3 <= $4
          RETURNING *`,
        [params.scheduleId, params.familyId, body.added, MAX_SUPPLY],
      )) as [ScheduleRow[], number];
      if (!rows[0]) {
        // Deleted (404 from here) or refilled by someone else since it was read.
        await loadSchedule(deps, params.familyId, params.scheduleId);
        throw tooMany();
      }
      await publishChanged(m, rows[0]);
      return rows[0];
    });
    return { body: { medication: present(row) } };
  },
});
