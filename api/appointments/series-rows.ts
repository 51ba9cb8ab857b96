import type { AppointmentSeriesInput, OccurrenceOverride, Recurrence, RideLeg } from '../contracts/appointments';
import type { AppointmentSeriesView } from '../contracts/appointment-views';
import type { AppDeps } from '../deps';
import type { Queryable } from '../events/publisher';
import { notFound } from '../http/errors';

// Database rows of appointment_series and appointment_overrides (h/9core's migration), no Temporal.

export interface SeriesRow {
  id: string;
  family_id: string;
  care_recipient_id: string;
  title: string;
  kind: AppointmentSeriesInput['kind'];
  location: string;
  notes: string;
  time_zone: string;
  start_local: string;
  duration_minutes: number;
  recurrence: Recurrence | null;
  reminder_leads: number[];
  ride_legs: RideLeg[];
  ride_deadline_hours: number;
  travel_minutes: number;
  status: 'active' | 'ended' | 'deleted';
  version: number;
  split_from: string | null;
  created_by: string;
  created_at: Date;
  updated_at: Date;
}

export interface OverrideRow {
  series_id: string;
  occurrence_key: string;
  status: 'moved' | 'cancelled';
  start_local: string | null;
  duration_minutes: number | null;
  updated_at: Date;
}

/** The series input as stored, with its zone resolved (the recipient's when created without one). */
export function seriesInputOf(row: SeriesRow): AppointmentSeriesInput & { timeZone: string } {
  return {
    title: row.title,
    kind: row.kind,
    careRecipientId: row.care_recipient_id,
    location: row.location,
    notes: row.notes,
    timeZone: row.time_zone,
    start: row.start_local,
    durationMinutes: row.duration_minutes,
    recurrence: row.recurrence,
    reminderLeadMinutes: row.reminder_leads,
    rideLegs: row.ride_legs,
    rideDeadlineHours: row.ride_deadline_hours,
    travelMinutes: row.travel_minutes,
  };
}

export function overrideOf(o: OverrideRow): OccurrenceOverride {
  return {
    key: o.occurrence_key,
    status: o.status,
    ...(o.start_local ? { start: o.start_local } : {}),
    ...(o.duration_minutes ? { durationMinutes: o.duration_minutes } : {}),
  };
}

/** What recurrence.ts expands. */
export function timingOf(row: SeriesRow, overrides: OverrideRow[]) {
  return {
    start: row.start_local,
    timeZone: row.time_zone,
    durationMinutes: row.duration_minutes,
    recurrence: row.recurrence,
    overrides: overrides.map(overrideOf),
  };
}

export function presentSeries(row: SeriesRow, overrides: OverrideRow[]): AppointmentSeriesView {
  return {
    id: row.id,
    familyId: row.family_id,
    careRecipientId: row.care_recipient_id,
    series: seriesInputOf(row),
    overrides: overrides.map(overrideOf),
    status: row.status,
    version: row.version,
    splitFrom: row.split_from,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

/** The family's series, not deleted; 404 otherwise (also for another family's id). */
/** `deleted`: a deleted series is found too (a retried delete). */
export async function loadSeries(db: Queryable, familyId: string, seriesId: string, options: { forUpdate?: boolean; deleted?: boolean } = {}): Promise<SeriesRow> {
  const rows = (await db.query(
    `SELECT * FROM appointment_series WHERE id = $1 AND family_id = $2${options.deleted ? '' : ` AND status <> 'deleted'`}${options.forUpdate ? ' FOR UPDATE' : ''}`,
    [seriesId, familyId],
  )) as SeriesRow[];
  if (!rows[0]) throw notFound('This appointment');
  return rows[0];
}

export async function loadOverrides(db: Queryable, seriesIds: string[]): Promise<OverrideRow[]> {
  if (seriesIds.length === 0) return [];
  return (await db.query(`SELECT * FROM appointment_overrides WHERE series_id = ANY($1::uuid[]) ORDER BY occurrence_key`, [seriesIds])) as OverrideRow[];
}

export async function loadSeriesView(deps: AppDeps, familyId: string, seriesId: string): Promise<AppointmentSeriesView> {
  const row = await loadSeries(deps.dataSource, familyId, seriesId);
  return presentSeries(row, await loadOverrides(deps.dataSource, [row.id]));
}

/** Writes a whole series input (create, split and edits); `version` is bumped by the caller's SQL. */
export function seriesColumns(s: AppointmentSeriesInput & { timeZone: string }) {
  return [s.title, s.kind, s.location, s.notes, s.timeZone, s.start, s.durationMinutes, s.recurrence === null ? null : JSON.stringify(s.recurrence), s.reminderLeadMinutes, s.rideLegs, s.rideDeadlineHours, s.travelMinutes];
}
