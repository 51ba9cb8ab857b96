import type { DataSource } from 'typeorm';
import { publishAppointmentChanged } from '../../api/events/appointments';
import { expandOccurrences, instantOf, nextOccurrences, type Occurrence, type SeriesTiming } from './recurrence';
import { loadSeriesRow, openAheadMs, timingOf } from './series-rows';
import type { PlannedOccurrence, SeriesPlan, SeriesPlanInput } from './types';

/** A daily series opens about nine visits at once; this bounds a runaway rule (the rest open on the next wake). */
const MAX_DUE = 40;
const iso = (ms: number) => new Date(ms).toISOString();

/**
 * The series workflow's side of the rows: which occurrences there are, as instants. The
 * rule is expanded here, in the series' zone, so the workflow only sees UTC instants (in
 * its history) and replay never depends on the host's tzdata.
 */
export function appointmentSeriesActivities({ dataSource }: { dataSource: DataSource }) {
  return {
    async appointmentPlan(input: SeriesPlanInput): Promise<SeriesPlan> {
      const row = await loadSeriesRow(dataSource, input.seriesId);
      if (!row) return { status: 'missing', version: 0, due: [], started: [], nextOpenAt: null };
      if (row.status === 'deleted') return { status: 'deleted', version: row.version, due: [], started: [], nextOpenAt: null };
      const plan = planOccurrences(await timingOf(dataSource, row), openAheadMs(row), input);
      const gone = input.startedKeys.filter((k) => !plan.started.some((o) => o.key === k));
      return { status: row.status, version: row.version, ...plan, ...(gone.length ? { replaced: await replacedVisits(dataSource, input.seriesId, gone) } : {}) };
    },

    /** The last visit is behind the series: the row says so, and open pages redraw it. */
    async markSeriesEnded(input: { seriesId: string }): Promise<void> {
      const [rows] = (await dataSource.query(
        `UPDATE appointment_series SET status = 'ended', updated_at = now() WHERE id = $1 AND status = 'active' RETURNING family_id`,
        [input.seriesId],
      )) as [{ family_id: string }[], number];
      if (rows[0]) await publishAppointmentChanged(dataSource, rows[0].family_id, input.seriesId);
    },
  };
}

/**
 * Visits an edit replaced and whose rides it carried to another occurrence (of this series, or
 * of the series split from it) on the same date: api/appointments/carry-rides.ts copied them.
 */
async function replacedVisits(dataSource: DataSource, seriesId: string, keys: string[]): Promise<NonNullable<SeriesPlan['replaced']>> {
  const rows = (await dataSource.query(
    `SELECT DISTINCT ON (g.key) g.key, r.series_id AS "seriesId", r.occurrence_key AS "occurrenceKey"
       FROM unnest($2::text[]) AS g(key)
       JOIN appointment_rides r ON left(r.occurrence_key, 10) = left(g.key, 10) AND NOT (r.series_id = $1 AND r.occurrence_key = g.key)
       JOIN appointment_series s ON s.id = r.series_id AND s.status = 'active' AND (s.id = $1 OR s.split_from = $1)
      WHERE r.user_id IN (SELECT o.user_id FROM appointment_rides o WHERE o.series_id = $1 AND o.occurrence_key = g.key)
      ORDER BY g.key, r.occurrence_key`,
    [seriesId, keys],
  )) as { key: string; seriesId: string; occurrenceKey: string }[];
  return rows.map((r) => ({ key: r.key, by: { seriesId: r.seriesId, occurrenceKey: r.occurrenceKey } }));
}

/**
 * The plan from a series' timing (pure; the tests' fakes use it too): the scheduled
 * occurrences whose visits should be open by `openBy` and are not yet, where the running
 * ones stand now, and when the next visit should open.
 */
export function planOccurrences(timing: SeriesTiming, aheadMs: number, input: SeriesPlanInput): Pick<SeriesPlan, 'due' | 'started' | 'nextOpenAt'> {
  const planned = (o: Occurrence): PlannedOccurrence => ({
    key: o.key,
    startUtc: o.startUtc,
    endUtc: o.endUtc,
    status: o.status,
    openAt: iso(Date.parse(o.startUtc) - aheadMs),
  });
  const horizon = Date.parse(input.openBy) + aheadMs;
  const due = expandOccurrences(timing, { fromUtc: input.fromUtc, untilUtc: iso(horizon) })
    .filter((o) => o.status === 'scheduled' && !input.startedKeys.includes(o.key))
    .slice(0, MAX_DUE)
    .map(planned);
  const started = input.startedKeys.flatMap((key) => {
    const now = currentOf(timing, key);
    return now ? [planned(now)] : [];
  });
  const after = due.length === MAX_DUE ? Date.parse(due.at(-1)!.startUtc) : horizon - 1;
  const next = firstScheduledAfter(timing, iso(after), input.startedKeys);
  return { due, started, nextOpenAt: next ? planned(next).openAt : null };
}

/** Where an occurrence stands now, wherever an override moved it; null when the rule no longer generates it. */
export function currentOf(timing: SeriesTiming, key: string): Occurrence | null {
  const override = timing.overrides.find((o) => o.key === key);
  const wall = override?.status === 'moved' && override.start ? override.start : key;
  if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d$/.test(wall)) return null;
  const at = instantOf(timing.timeZone, wall);
  return expandOccurrences(timing, { fromUtc: iso(at), untilUtc: iso(at + 1) }).find((o) => o.key === key) ?? null;
}

/**
 * The first occurrence after `afterUtc` that still happens and has no visit yet (cancelled
 * ones are skipped, and so is a running visit moved later, which would wake the series for nothing).
 */
function firstScheduledAfter(timing: SeriesTiming, afterUtc: string, startedKeys: string[]): Occurrence | null {
  for (let after = afterUtc; ; ) {
    const batch = nextOccurrences(timing, after, 20);
    const found = batch.find((o) => o.status === 'scheduled' && !startedKeys.includes(o.key));
    if (found) return found;
    if (batch.length < 20) return null;
    after = batch.at(-1)!.startUtc;
  }
}
