import type { MedicationSchedule } from '../contracts/medications';
import type { AppDeps } from '../deps';
import type { Queryable } from '../events/publisher';
import { badRequest } from '../http/errors';
import { publishChanged, scheduleOf, type ScheduleRow } from './schedule-rows';
import { tellWorkflow } from './tell-workflow';

/**
 * Doses follow the care recipient's wall clock: a schedule's `timeZone` is always its
 * recipient's zone. The API refuses any other; a move (the recipient's zone edited)
 * carries every schedule of theirs along, from the next dose. The dose calculator reads
 * the recipient's zone too, so a schedule never reminds by a zone its recipient left.
 */
export async function checkRecipientZone(db: Queryable, body: MedicationSchedule): Promise<void> {
  const [recipient] = (await db.query('SELECT time_zone FROM care_recipients WHERE id = $1', [body.careRecipientId])) as { time_zone: string }[];
  if (!recipient || recipient.time_zone === body.timeZone) return;
  throw badRequest('Some fields are missing or invalid.', [
    {
      path: 'timeZone',
      message: `must be the care recipient's time zone, ${recipient.time_zone}: doses follow where they live (change their time zone to move every schedule)`,
    },
  ]);
}

/**
 * In the transaction that changes the recipient's zone: their schedules take it (a new
 * version, shown live). Returns the running ones, to be told once it commits.
 */
export async function moveSchedules(m: Queryable, recipientId: string, timeZone: string): Promise<ScheduleRow[]> {
  const [moved] = (await m.query(
    `UPDATE medication_schedules
        SET schedule = jsonb_set(schedule, '{timeZone}', to_jsonb($2::text)), version = version + 1, updated_at = now()
      WHERE care_recipient_id = $1 AND status <> 'deleted' AND schedule->>'timeZone' IS DISTINCT FROM $2
      RETURNING *`,
    [recipientId, timeZone],
  )) as [ScheduleRow[], number];
  for (const row of moved) await publishChanged(m, row);
  // All running ones, moved now or by an earlier try whose signals failed: telling twice is harmless.
  return (await m.query(`SELECT * FROM medication_schedules WHERE care_recipient_id = $1 AND status IN ('active', 'paused')`, [recipientId])) as ScheduleRow[];
}

/**
 * After the commit: each running schedule wakes and looks up its next dose in the new
 * zone. A dose already due (being reminded or escalated) keeps its instant and window;
 * a dose not yet due moves to its wall time in the new zone, and one whose new instant
 * has already passed is not reminded (as after an edit, nothing past comes back).
 */
export async function tellMovedSchedules(deps: AppDeps, rows: ScheduleRow[]): Promise<void> {
  for (const row of rows) await tellWorkflow(deps, row, scheduleOf(row));
}
