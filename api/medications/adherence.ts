import { wallClockAt } from '../../activities/time/zoned-time';
import type { AdherenceCounts, AdherenceDay, AdherenceResponse } from '../contracts/medication-views';
import type { Queryable } from '../events/publisher';

const DAY_MS = 86_400_000;
export const MAX_ADHERENCE_DAYS = 366;

interface CountRow {
  schedule_id: string | null;
  day: string | null;
  recorded: number;
  taken: number;
  late: number;
  skipped: number;
  missed: number;
}

interface MedicationRow {
  id: string;
  medication_name: string;
  care_recipient_id: string;
  status: AdherenceResponse['medications'][number]['status'];
}

const addDays = (date: string, n: number) => new Date(Date.parse(`${date}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);

/** Of recorded doses, 0–100 to one decimal; null when nothing was recorded (no 0 % for a day without doses). */
const percent = (n: number, recorded: number) => (recorded === 0 ? null : Math.round((n * 1000) / recorded) / 10);

function counts(row: Omit<CountRow, 'schedule_id' | 'day'> | undefined): AdherenceCounts {
  const { recorded = 0, taken = 0, late = 0, skipped = 0, missed = 0 } = row ?? {};
  return {
    recorded,
    taken,
    late,
    skipped,
    missed,
    percentTaken: percent(taken + late, recorded),
    percentOnTime: percent(taken, recorded),
    percentMissed: percent(missed, recorded),
  };
}

/**
 * Today is the latest calendar date among the family's recipients, so the period always
 * includes the day whose doses are being given right now, wherever they live.
 */
async function latestLocalDate(db: Queryable, familyId: string, now: number): Promise<string> {
  const zones = (await db.query('SELECT DISTINCT time_zone FROM care_recipients WHERE family_id = $1', [familyId])) as { time_zone: string }[];
  const dates = zones.map((z) => wallClockAt(z.time_zone, now).localDate);
  return dates.length ? dates.reduce((a, b) => (a > b ? a : b)) : new Date(now).toISOString().slice(0, 10);
}

/**
 * Recorded outcomes over the last `days` days, per day of the family and per medication.
 * A dose's day is the date in its key: the recipient's calendar, not the UTC one. One
 * aggregate with grouping sets gives the three breakdowns; deleted schedules count nowhere,
 * and neither do as-needed ones (a dose given when needed is not a dose kept or missed).
 */
export async function familyAdherence(db: Queryable, familyId: string, days: number, now = Date.now()): Promise<AdherenceResponse> {
  const to = await latestLocalDate(db, familyId, now);
  const from = addDays(to, 1 - days);
  const medications = (await db.query(
    `SELECT id, schedule->>'medicationName' AS medication_name, care_recipient_id, status
       FROM medication_schedules
      WHERE family_id = $1 AND status <> 'deleted' AND NOT COALESCE((schedule->>'asNeeded')::boolean, false)
      ORDER BY created_at, id`,
    [familyId],
  )) as MedicationRow[];
  const rows = (await db.query(
    `SELECT CASE WHEN GROUPING(d.schedule_id) = 0 THEN d.schedule_id END AS schedule_id,
            CASE WHEN GROUPING(left(d.dose_key, 10)) = 0 THEN left(d.dose_key, 10) END AS day,
            count(*)::int AS recorded,
            count(*) FILTER (WHERE d.outcome = 'taken')::int AS taken,
            count(*) FILTER (WHERE d.outcome = 'late')::int AS late,
            count(*) FILTER (WHERE d.outcome = 'skipped')::int AS skipped,
            count(*) FILTER (WHERE d.outcome = 'missed')::int AS missed
       FROM dose_records d JOIN medication_schedules s ON s.id = d.schedule_id
      WHERE s.family_id = $1 AND s.status <> 'deleted' AND NOT COALESCE((s.schedule->>'asNeeded')::boolean, false)
        AND d.dose_key >= $2 AND d.dose_key < $3
      GROUP BY GROUPING SETS ((d.schedule_id, left(d.dose_key, 10)), (left(d.dose_key, 10)), (d.schedule_id))`,
    [familyId, from, addDays(to, 1)],
  )) as CountRow[];
  const byKey = new Map(rows.map((r) => [`${r.schedule_id ?? '*'}/${r.day ?? '*'}`, r]));
  const dates = Array.from({ length: days }, (_, i) => addDays(from, i));
  const daysOf = (scheduleId: string): AdherenceDay[] => dates.map((date) => ({ date, ...counts(byKey.get(`${scheduleId}/${date}`)) }));
  return {
    from,
    to,
    days: daysOf('*'),
    medications: medications.map((m) => ({
      scheduleId: m.id,
      medicationName: m.medication_name,
      careRecipientId: m.care_recipient_id,
      status: m.status,
      totals: counts(byKey.get(`${m.id}/*`)),
      days: daysOf(m.id),
    })),
  };
}
