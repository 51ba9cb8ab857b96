import { expandOccurrences } from '../../activities/appointments/recurrence';
import type { Queryable } from '../events/publisher';
import { loadOverrides, timingOf, type SeriesRow } from './series-rows';

const DAY_MS = 86_400_000;

/**
 * An edit that replaces open visits ("this and following" splits the series; a change of time
 * gives the occurrences new keys) would have them cancelled and their companions lose the ride.
 * Instead each ride of an open visit from `fromKey` on is copied to the occurrence that replaces
 * it: the one of `to` on the same local date. Its visit reads those rows when it opens
 * (openVisit) and starts with the companion driving; the series workflow finds the copy and
 * tells the old visit it moved, not that it was cancelled (appointmentPlan's `replaced`).
 * Runs inside the edit's transaction, after `to` (and its overrides) are written.
 */
export async function carryRides(m: Queryable, fromSeriesId: string, to: SeriesRow, fromKey = ''): Promise<void> {
  if (to.ride_legs.length === 0) return;
  const open = (await m.query(
    `SELECT v.occurrence_key AS key FROM appointment_visits v
      WHERE v.series_id = $1 AND v.status = 'scheduled' AND v.start_at > now() AND v.occurrence_key >= $2
        AND EXISTS (SELECT 1 FROM appointment_rides r WHERE r.series_id = v.series_id AND r.occurrence_key = v.occurrence_key)`,
    [fromSeriesId, fromKey],
  )) as { key: string }[];
  if (open.length === 0) return;
  const dates = open.map((o) => Date.parse(`${o.key.slice(0, 10)}T00:00:00Z`));
  // Two days either side of the dates covers every zone's offset.
  const window = { fromUtc: new Date(Math.min(...dates) - 2 * DAY_MS).toISOString(), untilUtc: new Date(Math.max(...dates) + 3 * DAY_MS).toISOString() };
  const occurrences = expandOccurrences(timingOf(to, await loadOverrides(m, [to.id])), window);
  for (const { key } of open) {
    // The same occurrence still there (only its details changed): its visit runs on with its rides.
    if (to.id === fromSeriesId && occurrences.some((o) => o.key === key)) continue;
    const next = occurrences.find((o) => o.status === 'scheduled' && o.key.slice(0, 10) === key.slice(0, 10) && !(to.id === fromSeriesId && o.key === key));
    if (!next) continue;
    await m.query(
      `INSERT INTO appointment_rides (series_id, occurrence_key, leg, user_id, travel_minutes, accepted_at)
       SELECT $3, $4, r.leg, r.user_id, r.travel_minutes, r.accepted_at FROM appointment_rides r
        WHERE r.series_id = $1 AND r.occurrence_key = $2 AND r.leg = ANY($5::text[])
          AND NOT EXISTS (SELECT 1 FROM appointment_visits v WHERE v.series_id = $3 AND v.occurrence_key = $4)
       ON CONFLICT (series_id, occurrence_key, leg) DO NOTHING`,
      [fromSeriesId, key, to.id, next.key, to.ride_legs],
    );
  }
}
