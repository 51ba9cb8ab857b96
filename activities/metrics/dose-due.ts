import type { DataSource } from 'typeorm';
import { quietHoursEnd } from '../escalation/contacts-quiet-hours';
import type { MedicationMessageInput } from '../medication/types';
import { wallClockToInstant } from '../time/zoned-time';

/**
 * When a medication message was due, for the lateness histogram; null when it has no
 * wall-clock due time of its own (a snooze's repeat, a refill or stopped alert), and the workflow's
 * request time stands in. A due reminder that waited out the caregiver's quiet hours was
 * due when they ended: that wait is what they asked for, not lateness.
 */
export async function medicationDueAtMs(db: DataSource, input: MedicationMessageInput): Promise<number | null> {
  // `med/<scheduleId>/<doseKey>/<step>/<userId>/<channel>`; the step is due, heads_up or snooze<n>.
  const step = input.idempotencyKey.split('/')[3];
  if ((input.kind !== 'due' && input.kind !== 'heads_up') || (step !== 'due' && step !== 'heads_up')) return null;
  if (input.dueAt && input.kind === 'due' && step === 'due') return Date.parse(input.dueAt);
  const rows = (await db.query(
    `SELECT s.schedule->>'timeZone' AS zone, (s.schedule->>'headsUpMinutes')::int AS heads_up,
            u.time_zone AS user_zone, p.quiet_start, p.quiet_end
       FROM medication_schedules s
       JOIN users u ON u.id = $2
       LEFT JOIN notification_preferences p ON p.user_id = u.id
      WHERE s.id = $1`,
    [input.scheduleId, input.userId],
  )) as { zone: string; heads_up: number | null; user_zone: string; quiet_start: string | null; quiet_end: string | null }[];
  const row = rows[0];
  if (!row) return null;
  const [localDate, localTime] = input.doseKey.split('T') as [string, string];
  const dueMs = wallClockToInstant(row.zone, localDate, localTime);
  if (step === 'heads_up') return dueMs - (row.heads_up ?? 0) * 60_000;
  if (!row.quiet_start || !row.quiet_end) return dueMs;
  const quietEnd = quietHoursEnd(row.user_zone, { start: row.quiet_start, end: row.quiet_end }, new Date(dueMs));
  return quietEnd ? quietEnd.getTime() : dueMs;
}
