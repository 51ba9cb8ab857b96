import type { MedicationCarry } from '../../workflows/medication/messages';
import { startMedicationSchedule } from '../../temporal/medications';
import { MedicationScheduleResponse, ScheduleParams } from '../contracts/medication-views';
import type { Queryable } from '../events/publisher';
import { AppError, conflict } from '../http/errors';
import { ADMINS, defineRoute } from '../http/route';
import { loadSchedule, present, publishChanged, scheduleOf, setStatus, workflowSettings, type ScheduleRow } from './schedule-rows';
import { loggableError } from '../log';

type Outcome = MedicationCarry['counts'] extends Record<infer K, number> ? K : never;

/**
 * Where a restarted schedule picks up: from its last recorded dose's instant, with the
 * counts so far. Doses due together (a spring-forward gap) share that instant and may not
 * all be recorded, so the look starts just before it: nextDoseFor passes over every dose
 * already on the record, and no recorded dose is reminded again. Without any record, from
 * when the schedule was created, so the dose it failed on is still asked for.
 */
async function resumePoint(db: Queryable, row: ScheduleRow): Promise<MedicationCarry> {
  const last = (await db.query(
    `SELECT dose_key, due_at, outcome FROM dose_records WHERE schedule_id = $1 ORDER BY due_at DESC, dose_key DESC LIMIT 1`,
    [row.id],
  )) as { dose_key: string; due_at: Date; outcome: Outcome }[];
  const counted = (await db.query(`SELECT outcome, count(*)::int AS n FROM dose_records WHERE schedule_id = $1 GROUP BY outcome`, [row.id])) as {
    outcome: Outcome;
    n: number;
  }[];
  const counts = { taken: 0, skipped: 0, missed: 0, late: 0 };
  for (const c of counted) counts[c.outcome] = c.n;
  const from = last[0]
    ? { afterUtc: new Date(new Date(last[0].due_at).getTime() - 1).toISOString(), lastOutcome: { doseKey: last[0].dose_key, outcome: last[0].outcome } }
    : { afterUtc: new Date(row.created_at).toISOString(), lastOutcome: null };
  // A schedule paused when its workflow failed stays paused: a restart must not start reminding.
  return { ...from, paused: row.stopped_from === 'paused', version: row.version, counts };
}

export const restartMedicationRoute = defineRoute({
  operationId: 'restartMedication',
  method: 'post',
  path: '/api/families/:familyId/medications/:scheduleId/restart',
  summary: 'Start a stopped schedule again (its workflow failed), from its first dose not yet recorded',
  tag: 'medications',
  access: ADMINS,
  audit: { action: 'update', resource: 'medication', idParams: ['scheduleId'] },
  params: ScheduleParams,
  response: { status: 200, schema: MedicationScheduleResponse, description: 'The schedule, running again: active, or paused if it was paused when it stopped.' },
  async handler({ params }, deps) {
    const row = await loadSchedule(deps, params.familyId, params.scheduleId);
    if (row.status !== 'stopped') throw conflict(`Only a stopped medication schedule can be restarted; this one is ${row.status}.`);
    try {
      await startMedicationSchedule(deps.temporal.client, deps.temporal.taskQueue, {
        scheduleId: row.id,
        familyId: row.family_id,
        careRecipientId: row.care_recipient_id,
        ...workflowSettings(scheduleOf(row)),
        carry: await resumePoint(deps.dataSource, row),
      });
    } catch (err) {
      deps.log.error('medication schedule could not restart', { scheduleId: row.id, ...loggableError(err) });
      throw new AppError(503, 'unavailable', 'The reminders could not be restarted right now. Please try again in a moment.');
    }
    // After the start: a row saying "active" while nothing runs is what this route repairs.
    const updated = await deps.dataSource.transaction(async (m) => {
      const saved = await setStatus(m, row.id, row.stopped_from === 'paused' ? 'paused' : 'active');
      await publishChanged(m, saved);
      return saved;
    });
    return { body: { medication: present(updated) } };
  },
});
