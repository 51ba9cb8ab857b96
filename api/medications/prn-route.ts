import { wallClockAt } from '../../activities/time/zoned-time';
import { AsNeededDoseInput, AsNeededDoseResponse, ScheduleParams } from '../contracts/medication-views';
import { conflict, notFound } from '../http/errors';
import { CAREGIVERS, defineRoute } from '../http/route';
import { loadSchedule, present, publishChanged, scheduleOf, type ScheduleRow } from './schedule-rows';
import { publishDoseChanged, todayDose, type DoseRecordRow } from './today-dose';

/**
 * An as-needed medication has no workflow asking for doses, so a dose given is recorded
 * here, by hand, as taken at the minute it is logged. The key is the recipient's wall
 * clock, like a scheduled dose's, so Today and adherence read it by the same calendar.
 * No refill alert is sent from here: only the medication workflow sends those.
 */
export const logAsNeededDoseRoute = defineRoute({
  operationId: 'logAsNeededDose',
  method: 'post',
  path: '/api/families/:familyId/medications/:scheduleId/prn-doses',
  summary: 'Record an as-needed dose given now (with an optional note); the supply is counted down',
  tag: 'medications',
  access: CAREGIVERS,
  audit: { action: 'create', resource: 'dose', idFromBody: (b) => `${b.medication.id}/${b.dose.doseKey}` },
  params: ScheduleParams,
  body: AsNeededDoseInput,
  response: { status: 201, schema: AsNeededDoseResponse, description: 'The schedule with its supply counted down, and the dose as Today lists it.' },
  async handler({ params, body, user }, deps) {
    await loadSchedule(deps, params.familyId, params.scheduleId);
    const now = Date.now();
    const { row, dose, record } = await deps.dataSource.transaction(async (m) => {
      // Locked from here: a delete, pause or edit made meanwhile is seen now, not after the insert.
      const [locked] = (await m.query(`SELECT * FROM medication_schedules WHERE id = $1 AND family_id = $2 FOR UPDATE`, [
        params.scheduleId,
        params.familyId,
      ])) as ScheduleRow[];
      if (!locked || locked.status === 'deleted') throw notFound('This medication schedule');
      const schedule = scheduleOf(locked);
      if (!schedule.asNeeded) throw conflict('This medication is given on a schedule: mark its doses on Today');
      if (locked.status === 'paused') throw conflict('This medication is paused: resume it before logging a dose');
      if (locked.status === 'ended') throw conflict('This medication has ended: no more doses can be logged');

      const local = wallClockAt(schedule.timeZone, now);
      const dose = { doseKey: `${local.localDate}T${local.localTime}`, dueAt: new Date(now).toISOString() };
      const [inserted] = (await m.query(
        `INSERT INTO dose_records (schedule_id, dose_key, due_at, outcome, answered_by, answered_via, answered_at, reason)
         VALUES ($1, $2, $3, 'taken', $4, 'app', $3, $5) ON CONFLICT (schedule_id, dose_key) DO NOTHING
         RETURNING dose_key, due_at, outcome, answered_by, answered_via, answered_at, reason`,
        [params.scheduleId, dose.doseKey, dose.dueAt, user!.id, body.note || null],
      )) as DoseRecordRow[];
      // The key has minute precision: a second log in the same minute is most likely the same dose twice.
      if (!inserted) throw conflict(`Already logged at ${local.localTime}`);
      // A supply that is not counted stays null; one already at 0 stays at 0.
      const [[updated]] = (await m.query(
        `UPDATE medication_schedules
            SET supply_count = CASE WHEN supply_count > 0 THEN supply_count - 1 ELSE supply_count END, updated_at = now()
          WHERE id = $1 RETURNING *`,
        [params.scheduleId],
      )) as [ScheduleRow[], number];
      await publishChanged(m, updated!);
      return { row: updated!, dose, record: inserted };
    });
    await publishDoseChanged(deps.dataSource, params.scheduleId, dose);
    return { status: 201, body: { medication: present(row), dose: todayDose(row, dose, record) } };
  },
});
