import { randomUUID } from 'node:crypto';
import { splitSeries } from '../../activities/appointments/recurrence';
import { AppointmentSeriesInput, type Recurrence } from '../contracts/appointments';
import type { AppointmentChanges } from '../contracts/appointment-views';
import type { AppDeps } from '../deps';
import { publishAppointmentChanged } from '../events/appointments';
import type { Queryable } from '../events/publisher';
import { badRequest, conflict } from '../http/errors';
import { carryRides } from './carry-rides';
import { requireOccurrenceKey } from './occurrence-keys';
import { loadOverrides, loadSeries, seriesColumns, seriesInputOf, timingOf, type SeriesRow } from './series-rows';
import type { ResolvedSeriesInput } from './series-input';

// The write side of each edit scope. Each runs in one transaction; the caller tells the
// workflows once it has committed (a workflow must never read a row that is rolled back).

const SERIES_SET = `title = $3, kind = $4, location = $5, notes = $6, time_zone = $7, start_local = $8, duration_minutes = $9,
  recurrence = $10, reminder_leads = $11, ride_legs = $12, ride_deadline_hours = $13, travel_minutes = $14`;

/** The saved series with `changes` applied, validated whole; issues are named under `changes`. */
export function applyChanges(row: SeriesRow, changes: AppointmentChanges): ResolvedSeriesInput {
  const parsed = AppointmentSeriesInput.safeParse({ ...seriesInputOf(row), ...changes });
  if (!parsed.success) {
    throw badRequest('Some fields are missing or invalid.', parsed.error.issues.map((i) => ({ path: ['changes', ...i.path.map(String)].join('.'), message: i.message })));
  }
  return { ...parsed.data, timeZone: parsed.data.timeZone ?? row.time_zone };
}

async function bump(m: Queryable, row: SeriesRow, set = '', values: unknown[] = []): Promise<SeriesRow> {
  const [rows] = (await m.query(
    `UPDATE appointment_series SET ${set}${set ? ', ' : ''}version = version + 1, updated_at = now() WHERE id = $1 AND family_id = $2 RETURNING *`,
    [row.id, row.family_id, ...values],
  )) as [SeriesRow[], number];
  await publishAppointmentChanged(m, row.family_id, row.id);
  return rows[0]!;
}

/** "This occurrence": moved (a new start or duration) or cancelled, keyed by its original start. */
export async function overrideOccurrence(
  deps: AppDeps,
  familyId: string,
  seriesId: string,
  key: string,
  change: { cancel: true } | { start?: string; durationMinutes?: number },
): Promise<SeriesRow> {
  return deps.dataSource.transaction(async (m) => {
    const row = await loadSeries(m, familyId, seriesId, { forUpdate: true });
    requireOccurrenceKey(row, key);
    const current = (await loadOverrides(m, [seriesId])).find((o) => o.occurrence_key === key);
    if (current?.status === 'cancelled') {
      // Cancelling again is the retry after a 503 (saved, series not told): the caller tells the series again.
      if ('cancel' in change) return row;
      throw conflict('This occurrence was cancelled.');
    }
    if ('cancel' in change) {
      await m.query(
        `INSERT INTO appointment_overrides (series_id, occurrence_key, status, start_local, duration_minutes) VALUES ($1, $2, 'cancelled', NULL, NULL)
         ON CONFLICT (series_id, occurrence_key) DO UPDATE SET status = 'cancelled', updated_at = now()`,
        [seriesId, key],
      );
    } else {
      await m.query(
        `INSERT INTO appointment_overrides (series_id, occurrence_key, status, start_local, duration_minutes) VALUES ($1, $2, 'moved', $3, $4)
         ON CONFLICT (series_id, occurrence_key) DO UPDATE SET status = 'moved', start_local = $3, duration_minutes = $4, updated_at = now()`,
        [seriesId, key, change.start ?? current?.start_local ?? key, change.durationMinutes ?? current?.duration_minutes ?? null],
      );
    }
    await publishAppointmentChanged(m, familyId, seriesId, key);
    return bump(m, row);
  });
}

/** "The whole series": every occurrence takes the changes; overrides of occurrences that still exist stay. */
export async function editSeries(deps: AppDeps, familyId: string, seriesId: string, changes: AppointmentChanges): Promise<SeriesRow> {
  return deps.dataSource.transaction(async (m) => {
    const row = await loadSeries(m, familyId, seriesId, { forUpdate: true });
    const edited = await bump(m, row, SERIES_SET, seriesColumns(applyChanges(row, changes)));
    await carryRides(m, row.id, edited);
    return edited;
  });
}

/** Deleting a deleted series changes nothing and succeeds: it is the retry after a 503, and the caller tells the series again. */
export async function deleteSeriesRow(deps: AppDeps, familyId: string, seriesId: string): Promise<SeriesRow> {
  return deps.dataSource.transaction(async (m) => {
    const row = await loadSeries(m, familyId, seriesId, { forUpdate: true, deleted: true });
    return row.status === 'deleted' ? row : bump(m, row, `status = 'deleted'`);
  });
}

/** True when `key` is the series' first occurrence: "this and following" is then the whole series. */
export const isFirst = (row: SeriesRow, key: string) => row.recurrence === null || key <= row.start_local;

/**
 * "This and following" (as Google Calendar does): the old series ends just before `key`
 * (UNTIL), and, unless this is a cancellation, a new series starts at `key` with the rest
 * and the changes. Overrides from `key` on go with the new series when its timing is
 * unchanged (their keys still name its occurrences); otherwise they no longer apply.
 */
export async function splitAt(
  deps: AppDeps,
  familyId: string,
  seriesId: string,
  key: string,
  changes: AppointmentChanges | null,
  by: string,
): Promise<{ old: SeriesRow; created: SeriesRow | null; oldRecurrence: Recurrence | null }> {
  return deps.dataSource.transaction(async (m) => {
    const row = await loadSeries(m, familyId, seriesId, { forUpdate: true });
    requireOccurrenceKey(row, key);
    const overrides = await loadOverrides(m, [seriesId]);
    const { before, after } = splitSeries(timingOf(row, overrides), key);
    const old = await bump(m, row, 'recurrence = $3', [before === null ? null : JSON.stringify(before)]);
    if (changes === null) return { old, created: null, oldRecurrence: row.recurrence };
    const input = applyChanges({ ...row, start_local: after.start, recurrence: after.recurrence }, changes);
    const id = randomUUID();
    await m.query(
      `INSERT INTO appointment_series (id, family_id, care_recipient_id, created_by, split_from, title, kind, location, notes, time_zone, start_local,
         duration_minutes, recurrence, reminder_leads, ride_legs, ride_deadline_hours, travel_minutes)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)`,
      [id, familyId, row.care_recipient_id, by, row.id, ...seriesColumns(input)],
    );
    const sameTiming = changes.start === undefined && changes.timeZone === undefined && changes.recurrence === undefined;
    if (sameTiming) {
      await m.query(
        `INSERT INTO appointment_overrides (series_id, occurrence_key, status, start_local, duration_minutes)
         SELECT $2, occurrence_key, status, start_local, duration_minutes FROM appointment_overrides WHERE series_id = $1 AND occurrence_key >= $3`,
        [row.id, id, key],
      );
    }
    const created = await loadSeries(m, familyId, id);
    await carryRides(m, row.id, created, key);
    await publishAppointmentChanged(m, familyId, id);
    return { old, created, oldRecurrence: row.recurrence };
  });
}

/** Undoes a split whose new series could not start: the old series runs on as before. */
export async function undoSplit(deps: AppDeps, old: SeriesRow, created: SeriesRow, oldRecurrence: Recurrence | null): Promise<SeriesRow> {
  return deps.dataSource.transaction(async (m) => {
    await m.query(`UPDATE appointment_series SET status = 'deleted', updated_at = now() WHERE id = $1`, [created.id]);
    return bump(m, old, 'recurrence = $3', [oldRecurrence === null ? null : JSON.stringify(oldRecurrence)]);
  });
}
