import { ApplicationFailure } from '@temporalio/activity';
import { Recurrence, type OccurrenceOverride, type RideLeg } from '../../api/contracts/appointments';
import type { Queryable } from '../../api/events/publisher';
import type { SeriesTiming } from './recurrence';
import type { VisitSettings } from './types';

/** An appointment_series row as the activities read it: timing and visit settings, never the title or notes. */
export interface SeriesRow {
  id: string;
  family_id: string;
  status: 'active' | 'ended' | 'deleted';
  version: number;
  time_zone: string;
  start_local: string;
  duration_minutes: number;
  recurrence: unknown;
  reminder_leads: number[];
  ride_legs: RideLeg[];
  ride_deadline_hours: number;
  travel_minutes: number;
}

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

export async function loadSeriesRow(db: Queryable, seriesId: string): Promise<SeriesRow | undefined> {
  const rows = (await db.query(
    `SELECT id, family_id, status, version, time_zone, start_local, duration_minutes, recurrence, reminder_leads, ride_legs,
            ride_deadline_hours, travel_minutes
       FROM appointment_series WHERE id = $1`,
    [seriesId],
  )) as SeriesRow[];
  return rows[0];
}

/** The series' timing for the recurrence functions: its rule (validated again, defaults filled) and its overrides. */
export async function timingOf(db: Queryable, row: SeriesRow): Promise<SeriesTiming> {
  let recurrence: Recurrence | null = null;
  if (row.recurrence !== null) {
    const parsed = Recurrence.safeParse(row.recurrence);
    // Stored validated: a row that no longer parses is corrupt, and retrying cannot mend it.
    if (!parsed.success) throw ApplicationFailure.nonRetryable(`appointment series ${row.id} has an invalid recurrence`, 'InvalidSeries');
    recurrence = parsed.data;
  }
  const overrides = (await db.query(
    `SELECT occurrence_key AS key, status, start_local AS start, duration_minutes AS "durationMinutes"
       FROM appointment_overrides WHERE series_id = $1`,
    [row.id],
  )) as { key: string; status: 'moved' | 'cancelled'; start: string | null; durationMinutes: number | null }[];
  return {
    start: row.start_local,
    timeZone: row.time_zone,
    durationMinutes: row.duration_minutes,
    recurrence,
    overrides: overrides.map(
      (o): OccurrenceOverride => ({ key: o.key, status: o.status, ...(o.start ? { start: o.start } : {}), ...(o.durationMinutes ? { durationMinutes: o.durationMinutes } : {}) }),
    ),
  };
}

export function settingsOf(row: SeriesRow): VisitSettings {
  return {
    reminderLeads: [...row.reminder_leads].sort((a, b) => b - a),
    rideLegs: row.ride_legs,
    rideDeadlineHours: row.ride_deadline_hours,
    travelMinutes: row.travel_minutes,
  };
}

/**
 * How long before its start an occurrence's visit opens: a day before the earliest thing
 * it does (the longest reminder, or the ride request, which goes out before its deadline).
 */
export function openAheadMs(row: SeriesRow): number {
  const leads = Math.max(0, ...row.reminder_leads);
  const ride = row.ride_legs.length > 0 ? row.ride_deadline_hours * 60 : 0;
  return Math.max(leads, ride) * MINUTE_MS + DAY_MS;
}
