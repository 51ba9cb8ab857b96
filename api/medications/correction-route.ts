import { doseEscalationId } from '../../activities/medication/dose-escalation-id';
import { EARLY_ANSWER_MINUTES } from '../contracts/dose-timing';
import { DoseCorrectionInput, DoseCorrectionResponse, DoseParams } from '../contracts/medication-views';
import { badRequest, conflict, notFound } from '../http/errors';
import { CAREGIVERS, defineRoute } from '../http/route';
import { loadSchedule, publishChanged, scheduleOf, type ScheduleRow } from './schedule-rows';
import { publishDoseChanged, todayDose, type DoseRecordRow } from './today-dose';

const GIVEN = new Set(['taken', 'late']);

/**
 * Puts a recorded dose right: "Taken" pressed by mistake (undo), a dose recorded missed
 * that was given after all, the real time it was given. Only a closed dose: an open one
 * is answered through its workflow. The row keeps who corrected it and what it said
 * before; the access log keeps the request. The supply follows: a dose no longer given
 * goes back in the box, one given after all comes out.
 */
export const correctDoseRoute = defineRoute({
  operationId: 'correctDose',
  method: 'post',
  path: '/api/families/:familyId/medications/:scheduleId/doses/:doseKey/correction',
  summary: 'Correct a recorded dose: given (at a time) or not given (with the reason)',
  tag: 'medications',
  access: CAREGIVERS,
  audit: { action: 'update', resource: 'dose', idParams: ['scheduleId', 'doseKey'] },
  params: DoseParams,
  body: DoseCorrectionInput,
  errors: [404, 409],
  response: { status: 200, schema: DoseCorrectionResponse, description: 'The dose as Today lists it now.' },
  async handler({ params, body, user }, deps) {
    await loadSchedule(deps, params.familyId, params.scheduleId);
    const now = Date.now();
    const { row, record, dueAt } = await deps.dataSource.transaction(async (m) => {
      const [locked] = (await m.query(`SELECT * FROM medication_schedules WHERE id = $1 AND family_id = $2 FOR UPDATE`, [
        params.scheduleId,
        params.familyId,
      ])) as ScheduleRow[];
      if (!locked || locked.status === 'deleted') throw notFound('This medication schedule');
      const [before] = (await m.query(`SELECT * FROM dose_records WHERE schedule_id = $1 AND dose_key = $2 FOR UPDATE`, [
        params.scheduleId,
        params.doseKey,
      ])) as (DoseRecordRow & { due_at: Date })[];
      if (!before) throw conflict('This dose has no answer yet: mark it given or skipped on Today.');
      const due = new Date(before.due_at).getTime();
      const given = body.outcome === 'given';
      const at = body.givenAt ? Date.parse(body.givenAt) : now;
      if (given && (at > now + 60_000 || at < due - EARLY_ANSWER_MINUTES * 60_000)) {
        throw badRequest('Some fields are missing or invalid.', [
          { path: 'givenAt', message: `Choose a time between ${EARLY_ANSWER_MINUTES / 60} hours before the dose was due and now.` },
        ]);
      }
      if (!given && !body.reason) throw badRequest('Some fields are missing or invalid.', [{ path: 'reason', message: 'Say why it was not given.' }]);
      // Past the answer window is late, as the workflow records a late "Taken".
      const windowMs = scheduleOf(locked).answerWindowMinutes * 60_000;
      const outcome = given ? (at > due + windowMs ? 'late' : 'taken') : 'skipped';
      const [[record]] = (await m.query(
        `UPDATE dose_records SET outcome = $3, answered_by = $4, answered_via = 'app', answered_at = $5, reason = $6,
                corrected_by = $4, corrected_at = clock_timestamp(), corrected_from = outcome
          WHERE schedule_id = $1 AND dose_key = $2
          RETURNING dose_key, due_at, outcome, answered_by, answered_via, answered_at, reason, corrected_by, corrected_from, corrected_at`,
        [params.scheduleId, params.doseKey, outcome, user!.id, new Date(given ? at : now), given ? (body.reason ?? null) : body.reason],
      )) as [DoseRecordRow[], number];
      let row = locked;
      const delta = Number(GIVEN.has(before.outcome)) - Number(GIVEN.has(outcome));
      if (delta !== 0) {
        // A counted supply moves with the correction; one that is not counted stays null.
        const [[updated]] = (await m.query(
          `UPDATE medication_schedules SET supply_count = GREATEST(0, supply_count + $2), updated_at = now()
            WHERE id = $1 AND supply_count IS NOT NULL RETURNING *`,
          [params.scheduleId, delta],
        )) as [ScheduleRow[], number];
        if (updated) {
          row = updated;
          await publishChanged(m, updated);
        }
      }
      return { row, record: record!, dueAt: new Date(due).toISOString() };
    });
    const dose = { doseKey: params.doseKey, dueAt };
    await publishDoseChanged(deps.dataSource, params.scheduleId, dose);
    const escalated = (await deps.dataSource.query('SELECT 1 FROM escalations WHERE id = $1', [doseEscalationId(params.scheduleId, params.doseKey)])) as unknown[];
    return { body: { dose: todayDose(row, dose, record, undefined, escalated.length > 0) } };
  },
});
